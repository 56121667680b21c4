import * as OTPAuth from 'otpauth';
import { expect, test } from './support/extension';
import { send } from './support/twoProfiles';
import { createVault } from './support/vault';

const PASS = 'A long and private passphrase';
const SECRET = 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ';
const ISSUER = 'Zyxwv Industries';
const LABEL = 'quentin.tester@example.org';
const URI = `otpauth://totp/${encodeURIComponent(`${ISSUER}:${LABEL}`)}?secret=${SECRET}&issuer=${encodeURIComponent(ISSUER)}`;

function codesAround(atMs: number): string[] {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(SECRET) });
  // The page may roll over to the next window between reading the clock and reading the text.
  return [atMs - 30_000, atMs, atMs + 30_000].map((t) => totp.generate({ timestamp: t }));
}

test('first run → add → copy → lock → unlock with recovery key → reload stays locked, nothing readable at rest', async ({
  context,
  openPopup,
  dumpStorage,
  reloadExtension,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const popup = await openPopup();

  await popup.getByLabel('Passphrase', { exact: true }).fill(PASS);
  await popup.getByLabel('Confirm passphrase').fill(PASS);
  await popup.getByRole('button', { name: 'Create vault' }).click();

  // The recovery key is shown once, before the vault opens.
  const keyBlock = popup.getByTestId('recovery-key');
  await expect(keyBlock).toBeVisible({ timeout: 30_000 });
  const recoveryKey = (await keyBlock.innerText()).trim();
  expect(recoveryKey.replace(/[^A-Z0-9]/gi, '').length).toBeGreaterThanOrEqual(26);
  await expect(popup.getByRole('button', { name: 'Copy recovery key' })).toBeVisible();
  await expect(popup.getByRole('button', { name: 'Download as text' })).toBeVisible();
  await popup.getByLabel('I have saved my recovery key').check();
  await popup.getByRole('button', { name: 'Continue' }).click();

  await popup.getByRole('button', { name: 'Add account' }).click();
  await popup.getByLabel('otpauth:// link').fill(URI);
  await popup.getByRole('button', { name: 'Add', exact: true }).click();

  const item = popup.getByRole('listitem').filter({ hasText: ISSUER });
  await expect(item).toContainText(LABEL);
  const codeText = await item.getByTestId('code').innerText();
  const now = await popup.evaluate(() => Date.now());
  expect(codesAround(now)).toContain(codeText.replace(/\s/g, ''));

  await item.getByTestId('code').click();
  await expect(popup.getByRole('status')).toContainText('Copied');
  const clip = await popup.evaluate(() => navigator.clipboard.readText());
  expect(codesAround(now)).toContain(clip);

  await popup.getByRole('button', { name: 'Lock' }).click();
  await popup.getByLabel('Passphrase', { exact: true }).fill('not the passphrase');
  await popup.getByRole('button', { name: 'Unlock' }).click();
  await expect(popup.getByRole('alert')).toContainText(/wrong passphrase/i, { timeout: 30_000 });

  await popup.getByRole('button', { name: 'Use recovery key' }).click();
  await popup.getByLabel('Recovery key').fill(recoveryKey.toLowerCase());
  await popup.getByRole('button', { name: 'Unlock' }).click();
  await expect(popup.getByRole('listitem').filter({ hasText: ISSUER })).toBeVisible({
    timeout: 30_000,
  });

  await reloadExtension();
  const again = await openPopup();
  await expect(again.getByRole('button', { name: 'Unlock' })).toBeVisible();
  await expect(again.getByText(ISSUER)).toHaveCount(0);

  const dump = await dumpStorage();
  expect(dump.length).toBeGreaterThan(100);
  for (const needle of [
    SECRET,
    SECRET.toLowerCase(),
    ISSUER,
    LABEL,
    'quentin',
    PASS,
    recoveryKey,
  ]) {
    expect(dump).not.toContain(needle);
  }
});

test('a service-worker restart between two popup opens keeps the vault unlocked', async ({
  openPopup,
  stopServiceWorker,
}) => {
  const popup = await openPopup();
  await popup.getByLabel('Passphrase', { exact: true }).fill(PASS);
  await popup.getByLabel('Confirm passphrase').fill(PASS);
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await popup.getByLabel('I have saved my recovery key').check({ timeout: 30_000 });
  await popup.getByRole('button', { name: 'Continue' }).click();
  await popup.getByRole('button', { name: 'Add account' }).click();
  await popup.getByLabel('otpauth:// link').fill(URI);
  await popup.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(popup.getByRole('listitem').filter({ hasText: ISSUER })).toBeVisible();
  await popup.close();

  await stopServiceWorker();

  const again = await openPopup();
  await expect(again.getByRole('listitem').filter({ hasText: ISSUER })).toBeVisible();
  await expect(again.getByRole('button', { name: 'Unlock' })).toHaveCount(0);
});

test('after a service-worker restart, a page left open adds an account without asking for the status first', async ({
  openPopup,
  stopServiceWorker,
}) => {
  const popup = await openPopup();
  await createVault(popup, PASS);
  // An inert page of the extension: it asks nothing by itself, unlike the popup's list.
  const page = await popup.context().newPage();
  await page.goto(popup.url().replace(/popup\.html.*$/, 'options.html'));
  await popup.close();

  await stopServiceWorker();

  // The first message the fresh worker gets is the edit itself.
  const added = await send<{ id: string }>(page, 'account.add', { kind: 'uri', uri: URI });
  expect(added.id).toBeTruthy();
  const list = await send<{ issuer: string }[]>(page, 'vault.list');
  expect(list.map((a) => a.issuer)).toEqual([ISSUER]);
});

test('a wrong passphrase at first run is caught: mismatch and too short', async ({ openPopup }) => {
  const popup = await openPopup();
  await popup.getByLabel('Passphrase', { exact: true }).fill('short');
  await popup.getByLabel('Confirm passphrase').fill('short');
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await expect(popup.getByRole('alert')).toBeVisible();
  await popup.getByLabel('Passphrase', { exact: true }).fill(PASS);
  await popup.getByLabel('Confirm passphrase').fill(`${PASS}!`);
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await expect(popup.getByRole('alert')).toContainText(/match/i);
});
