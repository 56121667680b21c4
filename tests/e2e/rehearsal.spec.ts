// The recovery sheet offered with the recovery key at creation, and the recovery rehearsal in
// Settings: a wrong recovery key is refused and a new key is offered; the right one passes and
// Settings shows the date of the check.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
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

/**
 * Puts the rehearsal state where the background keeps it (the protected settings in the
 * extension's IndexedDB), from an extension page as nothing else can reach it; `patch` is merged
 * over what is stored.
 */
async function patchRehearsalState(
  context: BrowserContext,
  extensionId: string,
  patch: Record<string, unknown> | null,
): Promise<Record<string, unknown>> {
  const page = await context.newPage();
  try {
    await page.goto(`chrome-extension://${extensionId}/manifest.json`);
    return await page.evaluate(async (patch) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('tessera');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const store = (mode: IDBTransactionMode) => db.transaction('meta', mode).objectStore('meta');
      const request = <T>(req: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
      try {
        const key = 'setting:recoveryRehearsal';
        const row = (await request(store('readonly').get(key))) as
          { value: Record<string, unknown> } | undefined;
        const value = { ...(row?.value ?? {}), ...(patch ?? {}) };
        if (patch) await request(store('readwrite').put({ key, value }));
        return value;
      } finally {
        db.close();
      }
    }, patch);
  } finally {
    await page.close();
  }
}

const DAY = 24 * 60 * 60 * 1000;

test('the popup asks for a due rehearsal: the recovery key passes and the date is kept; "Not now" hides it for the period', async ({
  context,
  extensionId,
  openPopup,
}) => {
  test.setTimeout(120_000);
  const popup = await openPopup();
  const recoveryKey = await createVaultKeepingKey(popup);
  const prompt = popup.getByRole('region', { name: 'Recovery key check' });
  await expect(prompt).toHaveCount(0);

  // The vault was first seen 100 days ago and never checked: a 90-day rehearsal is due.
  const longAgo = Date.now() - 100 * DAY;
  await patchRehearsalState(context, extensionId, {
    intervalDays: 90,
    since: longAgo,
    lastCheckedAt: null,
    lastAskedAt: null,
  });
  await popup.reload();
  await expect(prompt).toBeVisible({ timeout: 30_000 });
  await prompt.getByLabel('Recovery key', { exact: true }).fill(recoveryKey);
  const before = Date.now();
  await prompt.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(prompt.getByRole('status')).toHaveText(
    'Your recovery key works. Keep it where it is.',
    { timeout: 30_000 },
  );
  const passed = await patchRehearsalState(context, extensionId, null);
  expect(passed.lastCheckedAt).toBeGreaterThanOrEqual(before);
  expect(passed.lastCheckedAt).toBeLessThanOrEqual(Date.now());
  expect(passed.since).toBe(longAgo);
  await prompt.getByRole('button', { name: 'Dismiss' }).click();
  await expect(prompt).toHaveCount(0);
  // Checked today: not asked again.
  await popup.reload();
  await expect(popup.getByRole('searchbox', { name: 'Search accounts' })).toBeVisible();
  await expect(prompt).toHaveCount(0);

  // Due again (last checked 100 days ago); "Not now" hides it and it stays hidden this period.
  await patchRehearsalState(context, extensionId, { lastCheckedAt: longAgo, lastAskedAt: null });
  await popup.reload();
  await expect(prompt).toBeVisible({ timeout: 30_000 });
  await prompt.getByRole('button', { name: 'Not now' }).click();
  await expect(prompt).toHaveCount(0);
  const dismissed = await patchRehearsalState(context, extensionId, null);
  expect(dismissed.lastCheckedAt).toBe(longAgo);
  expect(dismissed.lastAskedAt).toBeGreaterThanOrEqual(before);
  await popup.reload();
  await expect(popup.getByRole('searchbox', { name: 'Search accounts' })).toBeVisible();
  await expect(prompt).toHaveCount(0);
});
