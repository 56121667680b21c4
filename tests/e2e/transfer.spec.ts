// Import & export end to end, through the options page a person uses: pick a real
// app's export, see the merge preview, confirm, find the accounts in the popup with the right
// codes; export, and import the exports into a brand-new browser profile.
import { readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import {
  E2E_EXTENSION_DIR,
  extensionIdOf,
  launchChromium,
  makeProfileDir,
  waitForServiceWorker,
} from '../../scripts/lib/launch-extension.mjs';
import {
  createVault,
  expectDenoCode,
  haveFixtures,
  importsDir,
  OptionsPage,
  popupIssuers,
  SEVEN,
} from './pages/transfer/transferPage';
import {
  expectFirstAccountCode,
  OWN_GOOGLE_COMPATIBLE,
  OWN_ISSUERS,
  OWN_TEXT,
} from './pages/transfer/ownAccounts';
import { expect, test } from './support/extension';

const PASS = 'A long and private passphrase';
const AEGIS = path.join(importsDir, 'aegis_encrypted.json');

const NO_FIXTURES = 'needs the shared fixtures in ../shared/fixtures/imports (not in the repo)';

test('encrypted Aegis file → password → preview → import; the popup shows the accounts; again: all already in the vault', async ({
  context,
  extensionId,
  openPopup,
}) => {
  test.skip(!haveFixtures, NO_FIXTURES);
  const popup = await openPopup();
  await createVault(popup, PASS);

  // The popup's link opens the options page in a tab.
  const opened = context.waitForEvent('page');
  await popup.getByRole('button', { name: 'Import & export' }).click();
  const optionsTab = await opened;
  await expect(optionsTab).toHaveURL(`chrome-extension://${extensionId}/options.html`);
  const options = await OptionsPage.open(optionsTab, extensionId);
  await options.chooseFile(AEGIS);
  // The file is encrypted: a password field appears, with focus, instead of an error.
  await expect(options.page.getByLabel('Password for aegis_encrypted.json')).toBeFocused();
  await expect(options.page.getByRole('alert')).toHaveCount(0);
  await options.enterPassword('aegis_encrypted.json', 'test');

  const preview = options.preview();
  await expect(preview).toContainText('Aegis (encrypted)', { timeout: 30_000 });
  const toAdd = preview.getByRole('table', { name: 'To add (7)' });
  for (const issuer of SEVEN)
    await expect(toAdd.getByRole('cell', { name: issuer, exact: true })).toBeVisible();
  await expect(preview.getByRole('table', { name: /Already in your vault/ })).toHaveCount(0);
  await options.confirm(7);
  await expect(options.preview()).toHaveCount(0);

  expect((await popupIssuers(popup)).sort()).toEqual([...SEVEN].sort());
  await expectDenoCode(popup);

  // The same file again: everything is already there, nothing to confirm.
  await options.chooseFile(AEGIS);
  await options.enterPassword('aegis_encrypted.json', 'test');
  const again = options.preview();
  const inVault = again.getByRole('table', { name: 'Already in your vault (7)' });
  await expect(inVault).toBeVisible({ timeout: 30_000 });
  await expect(inVault.getByRole('row')).toHaveCount(8);
  await expect(again).toContainText('every account in this file is already in your vault');
  await expect(options.page.getByRole('button', { name: /^Import \d/ })).toHaveCount(0);
  expect(await popupIssuers(popup)).toHaveLength(7);
});

test('a broken pasted line, a garbage file and a truncated file each get one clear error; the vault is unchanged', async ({
  context,
  extensionId,
  openPopup,
}) => {
  const popup = await openPopup();
  await createVault(popup, PASS);
  const options = await OptionsPage.open(await context.newPage(), extensionId);

  // Pasted text is a source too; a broken line is named and the others still import.
  const pasted = `${OWN_TEXT.trim()}\notpauth://totp/Broken:me?secret=!!!\n`;
  await options.page.getByLabel('Or paste the exported text').fill(pasted);
  await options.page.getByRole('button', { name: 'Preview' }).click();
  await expect(options.preview()).toContainText('otpauth:// links');
  const problems = options.preview().getByRole('table', { name: 'Cannot import (1)' });
  await expect(problems.getByRole('cell', { name: 'line 8' })).toBeVisible();
  await options.confirm(7);
  const before = await popupIssuers(popup);
  expect(before).toHaveLength(7);

  await options.setFile({
    name: 'holiday-photos.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"albums": [1, 2, 3]}'),
  });
  const alert = options.page.getByRole('alert');
  await expect(alert).toContainText('holiday-photos.json');
  await expect(alert).toContainText('does not recognise this file');
  await expect(options.preview()).toHaveCount(0);

  // Dropped onto the drop zone, like a person dragging it from the file manager.
  // An encrypted Aegis-shaped file cut off in the middle, as an interrupted download leaves it.
  const truncated = JSON.stringify({
    version: 1,
    header: { slots: [{ type: 1, uuid: 'a1', key: '00'.repeat(32) }], params: {} },
    db: 'QUJD'.repeat(200),
  }).slice(0, 700);
  await options.page.getByTestId('import-drop').evaluate((zone, text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'aegis-cut.json', { type: 'application/json' }));
    zone.dispatchEvent(
      new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }),
    );
    zone.dispatchEvent(
      new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }),
    );
  }, truncated);
  await expect(alert).toContainText('aegis-cut.json');
  await expect(alert).toContainText('not valid JSON');

  expect(await popupIssuers(popup)).toEqual(before);
});

test('an encrypted Aegis export with a wrong password gets one clear error; nothing is imported', async ({
  context,
  extensionId,
  openPopup,
}) => {
  test.skip(!haveFixtures, NO_FIXTURES);
  const popup = await openPopup();
  await createVault(popup, PASS);
  const options = await OptionsPage.open(await context.newPage(), extensionId);
  const alert = options.page.getByRole('alert');
  await options.chooseFile(AEGIS);
  await options.enterPassword('aegis_encrypted.json', 'not the password');
  await expect(alert).toContainText(
    'aegis_encrypted.json: The password does not open this Aegis backup',
    {
      timeout: 30_000,
    },
  );
  await expect(options.preview()).toHaveCount(0);

  await options.page.reload();
  await expect(options.page.getByRole('heading', { name: 'Import accounts' })).toBeVisible();
  await popup.reload();
  await expect(popup.locator('li[data-account-id]')).toHaveCount(0);
});

test('export as Tessera backup and as otpauth text, QR codes on screen; both files import into a fresh profile', async ({
  context,
  extensionId,
  openPopup,
}, testInfo) => {
  test.setTimeout(180_000);
  const popup = await openPopup();
  await createVault(popup, PASS);
  const options = await OptionsPage.open(await context.newPage(), extensionId);
  await options.page.getByLabel('Or paste the exported text').fill(OWN_TEXT);
  await options.page.getByRole('button', { name: 'Preview' }).click();
  await options.confirm(7);
  const page = options.page;

  await expect(page.getByRole('heading', { name: 'Export accounts' })).toBeVisible();
  await expect(page.getByRole('radio', { name: /^Tessera encrypted backup/ })).toBeChecked();
  await expect(page.getByTestId('plain-warning')).toHaveCount(0);

  // The passphrase is checked again, even though the vault is unlocked.
  await page.getByLabel('Passphrase', { exact: true }).fill('not my passphrase');
  await page.getByRole('button', { name: 'Export' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong passphrase', { timeout: 30_000 });

  const backup = await options.exportFile(/^Tessera encrypted backup/, PASS);
  expect(backup.suggestedFilename()).toMatch(/^tessera-backup-\d{4}-\d{2}-\d{2}\.json$/);
  const backupPath = testInfo.outputPath(backup.suggestedFilename());
  await backup.saveAs(backupPath);
  const backupText = readFileSync(backupPath, 'utf8');
  expect(JSON.parse(backupText)).toMatchObject({ format: 'tessera-backup', version: 1 });
  for (const issuer of OWN_ISSUERS) expect(backupText).not.toContain(issuer);
  await expect(page.getByRole('status').filter({ hasText: 'Saved 7 accounts' })).toBeVisible();

  await page.getByRole('radio', { name: /^otpauth:\/\/ links/ }).check();
  await expect(page.getByTestId('plain-warning')).toContainText('Not encrypted');
  const text = await options.exportFile(/^otpauth:\/\/ links/, PASS);
  expect(text.suggestedFilename()).toMatch(/^tessera-otpauth-\d{4}-\d{2}-\d{2}\.txt$/);
  const textPath = testInfo.outputPath(text.suggestedFilename());
  await text.saveAs(textPath);
  expect(readFileSync(textPath, 'utf8').match(/^otpauth:\/\//gm)).toHaveLength(7);

  // One QR code per account, one at a time, in the vault's order.
  await page.getByRole('radio', { name: /^A QR code per account/ }).check();
  await page.getByLabel('Passphrase', { exact: true }).fill(PASS);
  await page.getByRole('button', { name: 'Export' }).click();
  await expect(page.getByText('1 of 7')).toBeVisible({ timeout: 30_000 });
  const first = await decodeQr(page);
  expect(first).toMatch(
    /^otpauth:\/\/totp\/Example%20Mail:ada%40example\.test\?secret=MM3KYDMM7WPSIVM3EEXCRSMW4A/,
  );
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('2 of 7')).toBeVisible();
  await expect.poll(() => decodeQr(page)).toMatch(/^otpauth:\/\/totp\/Fjord%20Bank:erik/);
  await page.getByRole('button', { name: 'Previous' }).click();
  await expect(page.getByText('1 of 7')).toBeVisible();

  // Google Authenticator transfer codes: what it cannot hold is listed, the rest is batched.
  await page.getByRole('radio', { name: /^Google Authenticator transfer/ }).check();
  await page.getByLabel('Passphrase', { exact: true }).fill(PASS);
  await page.getByRole('button', { name: 'Export' }).click();
  await expect(page.getByText('1 of 1')).toBeVisible({ timeout: 30_000 });
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: `${OWN_GOOGLE_COMPATIBLE} accounts in 1 transfer code` }),
  ).toBeVisible();
  expect(await decodeQr(page)).toMatch(/^otpauth-migration:\/\/offline\?data=/);
  // Keep the transfer code as a screenshot would: a PNG file, imported below as an image.
  const qrPng = testInfo.outputPath('transfer-code.png');
  const dataUrl = await page.getByTestId('qr-image').getAttribute('src');
  writeFileSync(qrPng, Buffer.from(dataUrl!.replace(/^data:image\/png;base64,/, ''), 'base64'));
  await expect(
    page.getByText('Lagan (sofía): Google Authenticator does not support Steam'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Hide codes' }).click();
  await expect(page.getByTestId('qr-image')).toHaveCount(0);

  // A brand-new profile: another browser, another vault with another passphrase.
  const profileDir = makeProfileDir('tessera-e2e-fresh-');
  const fresh = await launchChromium({ extensionDir: E2E_EXTENSION_DIR, profileDir });
  try {
    const freshId = extensionIdOf(await waitForServiceWorker(fresh));
    const freshPopup = await fresh.newPage();
    await freshPopup.goto(`chrome-extension://${freshId}/popup.html`);
    await createVault(freshPopup, 'Another passphrase, for the new browser');

    const freshOptions = await OptionsPage.open(await fresh.newPage(), freshId);
    await freshOptions.setFile(backupPath);
    // A Tessera backup opens with the passphrase of the vault it came from, not this one's.
    await freshOptions.enterPassword(
      path.basename(backupPath),
      'Another passphrase, for the new browser',
    );
    await expect(freshOptions.page.getByRole('alert')).toBeVisible({ timeout: 30_000 });
    await expect(freshOptions.preview()).toHaveCount(0);
    await freshOptions.enterPassword(path.basename(backupPath), PASS);
    await expect(freshOptions.preview()).toContainText('Tessera encrypted backup', {
      timeout: 30_000,
    });
    await expect(freshOptions.preview().getByRole('table', { name: 'To add (7)' })).toBeVisible();
    await freshOptions.confirm(7);
    expect(await popupIssuers(freshPopup)).toEqual(OWN_ISSUERS.slice());
    await expectFirstAccountCode(freshPopup);

    // The otpauth text holds the same seven: same secrets, same names.
    await freshOptions.setFile(textPath);
    const inVault = freshOptions
      .preview()
      .getByRole('table', { name: 'Already in your vault (7)' });
    await expect(inVault).toBeVisible();
    await expect(inVault.getByRole('cell', { name: 'Same name' })).toHaveCount(7);

    // A picture of the Google transfer code is read in the page and holds three of them.
    await freshOptions.setFile(qrPng);
    await expect(freshOptions.preview()).toContainText('Google Authenticator transfer');
    const fromQr = freshOptions.preview().getByRole('table', { name: 'Already in your vault (3)' });
    await expect(fromQr.getByRole('cell', { name: 'Same name' })).toHaveCount(3);
  } finally {
    await fresh.close();
    await rm(profileDir, { recursive: true, force: true, maxRetries: 3 });
  }
});

test('Google Authenticator transfer codes come in batches shown one at a time; screenshots of all of them import together', async ({
  context,
  extensionId,
  openPopup,
}, testInfo) => {
  test.setTimeout(120_000);
  const popup = await openPopup();
  await createVault(popup, PASS);
  const options = await OptionsPage.open(await context.newPage(), extensionId);
  const page = options.page;
  // Thirty accounts: more than one transfer code holds.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const links = Array.from({ length: 30 }, (_, i) => {
    const secret = `JBSWY3DPEHPK3PXPJBSWY3DP${alphabet[i]}${alphabet[31 - i]}`;
    return `otpauth://totp/Example%20Corp:person${i}%40example.com?secret=${secret}&issuer=Example%20Corp`;
  });
  await page.getByLabel('Or paste the exported text').fill(links.join('\n'));
  await page.getByRole('button', { name: 'Preview' }).click();
  await options.confirm(30);

  await page.getByRole('radio', { name: /^Google Authenticator transfer/ }).check();
  await page.getByLabel('Passphrase', { exact: true }).fill(PASS);
  await page.getByRole('button', { name: 'Export' }).click();
  await expect(page.getByText('1 of 3')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Previous' })).toBeDisabled();
  const files: string[] = [];
  for (let i = 1; i <= 3; i++) {
    await expect(page.getByText(`${i} of 3`)).toBeVisible();
    await expect.poll(() => decodeQr(page)).toMatch(/^otpauth-migration:\/\/offline\?data=/);
    const src = await page.getByTestId('qr-image').getAttribute('src');
    files.push(testInfo.outputPath(`transfer-${i}.png`));
    writeFileSync(
      files[i - 1]!,
      Buffer.from(src!.replace(/^data:image\/png;base64,/, ''), 'base64'),
    );
    if (i < 3) await page.getByRole('button', { name: 'Next' }).click();
  }
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  // Three different codes, not one shown three times.
  expect(new Set(files.map((f) => readFileSync(f, 'base64'))).size).toBe(3);

  await options.setFile(files);
  const inVault = options.preview().getByRole('table', { name: 'Already in your vault (30)' });
  await expect(inVault).toBeVisible({ timeout: 30_000 });
  await expect(options.preview()).toContainText('Google Authenticator transfer');
});

/**
 * Reads the QR code on screen from its pixels: the PNG the page shows, decoded here. Its pixels
 * sent over as an array took 3 to 9 s a call (371 to 477 px square), near the poll's 10 s.
 */
async function decodeQr(page: Page): Promise<string | null> {
  const src = await page.getByTestId('qr-image').getAttribute('src');
  if (!src?.startsWith('data:image/png;base64,')) return null;
  const png = PNG.sync.read(Buffer.from(src.slice('data:image/png;base64,'.length), 'base64'));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}
