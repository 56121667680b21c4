// The recovery sheet offered with the recovery key at creation, and the recovery rehearsal in
// Settings: a wrong recovery key is refused and a new key is offered; the right one passes and
// Settings shows the date of the check.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './support/extension';

const PASS = 'A long and private passphrase';

async function createVaultKeepingKey(popup: Page): Promise<string> {
  await popup.getByLabel('Passphrase', { exact: true }).fill(PASS);
  await popup.getByLabel('Confirm passphrase').fill(PASS);
  await popup.getByRole('button', { name: 'Create vault' }).click();
  const key = (await popup.getByTestId('recovery-key').innerText({ timeout: 30_000 })).trim();
  const downloading = popup.waitForEvent('download');
  await popup.getByRole('button', { name: 'Download recovery sheet to print' }).click();
  const sheet = await downloading;
  expect(sheet.suggestedFilename()).toMatch(/^tessera-recovery-sheet-\d{4}-\d{2}-\d{2}\.html$/);
  const html = readFileSync((await sheet.path())!, 'utf8');
  expect(html).toContain(`data-testid="sheet-key">${key}</p>`);
  expect(html).toContain('How to get back in');
  expect(html).toContain('emergency kit');
  expect(html).toMatch(/<svg role="img" aria-label="The recovery key as a QR code"/);
  await popup.getByLabel('I have saved my recovery key').check();
  await popup.getByRole('button', { name: 'Continue' }).click();
  await expect(popup.getByRole('searchbox', { name: 'Search accounts' })).toBeVisible();
  return key;
}

test('Settings → Security → check the recovery key: wrong is refused with a new key offered, right records the date', async ({
  context,
  extensionId,
  openPopup,
}) => {
  test.setTimeout(120_000);
  const popup = await openPopup();
  const recoveryKey = await createVaultKeepingKey(popup);
  // A new vault is not asked at once: its key was just written down.
  await expect(popup.getByRole('region', { name: 'Recovery key check' })).toHaveCount(0);

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html#security`);
  const section = options.getByRole('region', { name: 'Recovery key check' });
  await expect(section.getByTestId('rehearsal-last')).toHaveText(
    'Recovery key last checked: never',
  );
  await expect(section.getByLabel('Ask me to check my recovery key')).toHaveValue('90');

  await section.getByRole('button', { name: 'Check now' }).click();
  const wrong = recoveryKey.replace(/[A-Z2-7]/, (c) => (c === 'A' ? 'B' : 'A'));
  await section.getByLabel('Recovery key', { exact: true }).fill(wrong);
  await section.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(section.getByRole('alert')).toContainText('does not open your vault', {
    timeout: 30_000,
  });
  await expect(section.getByRole('button', { name: 'Make a new recovery key' })).toBeVisible();
  await expect(section.getByTestId('rehearsal-last')).toHaveText(
    'Recovery key last checked: never',
  );

  await section.getByLabel('Recovery key', { exact: true }).fill(recoveryKey);
  await section.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(section.getByRole('status')).toHaveText(
    'Your recovery key works. Keep it where it is.',
    { timeout: 30_000 },
  );
  const today = await options.evaluate(() =>
    new Intl.DateTimeFormat('en', { dateStyle: 'long' }).format(Date.now()),
  );
  await expect(section.getByTestId('rehearsal-last')).toHaveText(
    `Recovery key last checked: ${today}`,
  );

  // The interval is a protected setting that survives a reload.
  await section.getByLabel('Ask me to check my recovery key').selectOption('180');
  await options.reload();
  await expect(
    options
      .getByRole('region', { name: 'Recovery key check' })
      .getByLabel('Ask me to check my recovery key'),
  ).toHaveValue('180');
});
