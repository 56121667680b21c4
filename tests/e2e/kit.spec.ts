// The emergency kit end to end: made in Settings after the passphrase, then opened from disk in a
// plain browser without the extension and with every network request refused.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { readKitHtml } from '../../lib/core/kit/kitFile';
import { decodeBase32, totpCode } from '../../lib/core/otp';
import { findChrome } from '../../scripts/find-chrome.mjs';
import {
  EXPECTED_EXTENSION_ID,
  waitForServiceWorker,
} from '../../scripts/lib/launch-extension.mjs';
import { expect, test } from './support/extension';
import { createVault } from './support/vault';
import { canMountPrivately, launchWithPolicy, NO_PRIVATE_MOUNT } from './support/managedPolicy';

const PASS = 'A long and private passphrase';
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const ISSUER = 'Kitbank';
const LABEL = 'kit-person@example.com';
const URI = `otpauth://totp/${ISSUER}:${encodeURIComponent(LABEL)}?secret=${SECRET}&issuer=${ISSUER}`;
const otp = {
  type: 'totp' as const,
  secret: decodeBase32(SECRET),
  algorithm: 'SHA1' as const,
  digits: 6,
  period: 30,
  counter: 0,
};

/** The codes of the window at `now` and its neighbours: the clock may tick between reads. */
function codesAround(now: number): string[] {
  return [-30_000, 0, 30_000].map((d) => totpCode(otp, now + d));
}

const SITE_CODES = ['kit-rc-1111-2222', 'kit-rc-3333-4444'];
const NOTE = 'Support PIN kept with the bank card';

async function addByLink(popup: Page, uri: string): Promise<void> {
  await popup.getByRole('button', { name: 'Add account' }).first().click();
  const dialog = popup.getByRole('dialog', { name: 'Add account' });
  await dialog.getByLabel('otpauth:// link').fill(uri);
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(dialog).toHaveCount(0);
}

/** Opens the kit file in a fresh page of a browser without Tessera; every request is refused. */
async function openKitPage(browser: Browser, file: string) {
  const context = await browser.newContext();
  const attempted: string[] = [];
  const fileUrl = pathToFileURL(file).href;
  await context.route('**', (route) => {
    const url = route.request().url();
    // The kit itself is the only thing loaded, and it comes from disk.
    if (url === fileUrl) return route.continue();
    attempted.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  await page.goto(fileUrl);
  return { context, page, attempted };
}

async function unlockKit(page: Page, secret: string): Promise<void> {
  await page.getByLabel('Passphrase or recovery key').fill(secret);
  await page.getByRole('button', { name: 'Open' }).click();
}

test('Settings → Emergency kit → the file opens from disk, offline, with the passphrase and with the recovery key', async ({
  extensionId,
  context,
  openPopup,
}, testInfo) => {
  test.setTimeout(180_000);
  const popup = await openPopup();
  const recoveryKey = await createVault(popup, PASS);
  await addByLink(popup, URI);
  // The site's recovery codes and a note go into the kit with the account.
  await popup.getByRole('button', { name: 'Add recovery codes' }).click();
  const edit = popup.getByRole('dialog', { name: 'Edit account' });
  await edit.getByRole('textbox', { name: 'Recovery codes' }).fill(SITE_CODES.join('\n'));
  await edit.getByRole('textbox', { name: 'Notes' }).fill(NOTE);
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toHaveCount(0);

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const panel = options.getByRole('region', { name: 'Emergency kit' });
  await panel.getByRole('button', { name: 'Emergency kit' }).click();
  await panel.getByLabel('Passphrase', { exact: true }).fill(PASS);
  const downloading = options.waitForEvent('download', { timeout: 60_000 });
  await panel.getByRole('button', { name: 'Download' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^tessera-emergency-kit-\d{4}-\d{2}-\d{2}\.html$/);
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);

  // Nothing readable in the file's bytes: no secret, name or code.
  const bytes = readFileSync(file, 'utf8');
  const now = Date.now();
  for (const needle of [
    SECRET,
    SECRET.toLowerCase(),
    ISSUER,
    LABEL,
    NOTE,
    ...SITE_CODES,
    ...codesAround(now),
  ]) {
    expect(bytes.includes(needle), `kit contains ${needle}`).toBe(false);
  }

  const executablePath = findChrome();
  if (!executablePath) throw new Error('No Chromium found (scripts/find-chrome.mjs).');
  const browser = await chromium.launch({ executablePath });
  try {
    for (const secret of [PASS, recoveryKey]) {
      const { context: plain, page, attempted } = await openKitPage(browser, path.resolve(file));
      await expect(page.getByRole('heading', { name: 'Tessera emergency kit' })).toBeVisible();
      await unlockKit(page, secret);
      const item = page.getByRole('list', { name: 'Accounts' }).getByRole('listitem').first();
      await expect(item).toContainText(ISSUER, { timeout: 60_000 });
      await expect(item).toContainText(LABEL);
      const code = (await item.getByTestId('kit-code').innerText()).trim();
      expect(codesAround(Date.now())).toContain(code);
      for (const siteCode of SITE_CODES) await expect(item).toContainText(siteCode);
      await expect(item).toContainText(NOTE);

      await item.getByRole('button', { name: 'Show QR code' }).click();
      await expect(item.getByRole('img', { name: `${ISSUER} ${LABEL}` })).toBeVisible();

      // The plain list only after a warning, and then it holds the account's link.
      await page.getByRole('button', { name: 'Save otpauth:// list' }).click();
      await expect(page.getByRole('alertdialog')).toContainText('not encrypted');
      const saving = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Save unencrypted list' }).click();
      const list = readFileSync((await (await saving).path())!, 'utf8');
      expect(list).toContain(`secret=${SECRET}`);
      expect(attempted).toEqual([]);
      await plain.close();
    }

    // A wrong passphrase: a clear error, nothing shown.
    const { context: plain, page, attempted } = await openKitPage(browser, path.resolve(file));
    await unlockKit(page, 'not the passphrase');
    await expect(page.getByRole('alert')).toHaveText(/Wrong passphrase or recovery key/, {
      timeout: 60_000,
    });
    await expect(page.getByText(ISSUER)).toHaveCount(0);
    expect(attempted).toEqual([]);
    await plain.close();
  } finally {
    await browser.close();
  }
});

test.describe('under the policy "no plain-text export"', () => {
  test.skip(!canMountPrivately(), NO_PRIVATE_MOUNT);

  // Playwright reads fixtures from the destructuring pattern, so it must exist.
  // eslint-disable-next-line no-empty-pattern
  test('the kit is still made (it is encrypted) but offers no otpauth:// list', async ({}, testInfo) => {
    test.setTimeout(180_000);
    const policyBrowser = await launchWithPolicy({ disablePlainTextExport: true });
    try {
      const { context } = policyBrowser;
      await waitForServiceWorker(context);
      const popup = await context.newPage();
      await popup.goto(`chrome-extension://${EXPECTED_EXTENSION_ID}/popup.html`);
      await createVault(popup, PASS);
      await addByLink(popup, URI);

      const options = await context.newPage();
      await options.goto(`chrome-extension://${EXPECTED_EXTENSION_ID}/options.html`);
      const panel = options.getByRole('region', { name: 'Emergency kit' });
      await expect(panel).toContainText('Your organisation allows no plain-text export', {
        timeout: 15_000,
      });
      await panel.getByRole('button', { name: 'Emergency kit' }).click();
      await panel.getByLabel('Passphrase', { exact: true }).fill(PASS);
      const downloading = options.waitForEvent('download', { timeout: 60_000 });
      await panel.getByRole('button', { name: 'Download' }).click();
      const file = testInfo.outputPath('policy-kit.html');
      await (await downloading).saveAs(file);
      expect(readKitHtml(readFileSync(file, 'utf8')).plainExport).toBe(false);

      const executablePath = findChrome();
      if (!executablePath) throw new Error('No Chromium found (scripts/find-chrome.mjs).');
      const browser = await chromium.launch({ executablePath });
      try {
        const { page, attempted } = await openKitPage(browser, file);
        await unlockKit(page, PASS);
        await expect(page.getByTestId('kit-code')).toHaveCount(1, { timeout: 60_000 });
        await expect(page.getByRole('button', { name: 'Save otpauth:// list' })).toHaveCount(0);
        expect(attempted).toEqual([]);
      } finally {
        await browser.close();
      }
    } finally {
      await policyBrowser.close();
    }
  });
});
