// Import and export in Firefox, and the way between browsers: the Tessera backup file exported
// in Chromium imports in Firefox and gives the same codes, and one exported in Firefox imports
// back in Chromium. Browser sync does not cross vendors; this file is how users move.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Page as PwPage } from '@playwright/test';
import type { Page } from 'puppeteer-core';
import {
  E2E_EXTENSION_DIR,
  EXPECTED_EXTENSION_ID,
  launchChromium,
  makeProfileDir,
  waitForServiceWorker,
} from '../../scripts/lib/launch-extension.mjs';
import { OWN_ISSUERS, OWN_TEXT } from '../e2e/pages/transfer/ownAccounts';
import { createVault as createVaultInChromium } from '../e2e/support/vault';
import { call, createVault, PASS, totpUri } from './support/journeys';
import { expect, test } from './support/fixture';
import { check, click, fill, KDF_TIMEOUT, waitForText } from './support/ui';

const FIREFOX_PASS = 'Another passphrase, for Firefox';
const EXTRA = { issuer: 'Moved Along', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' };

interface Listed {
  issuer: string;
  label: string;
  code: string | null;
}

/** Every account with its code now, sorted; TOTP rows only (HOTP codes show only when asked). */
function codesOf(list: Listed[]): string[] {
  return list
    .filter((a) => a.code !== null)
    .map((a) => `${a.issuer}|${a.label}|${a.code}`)
    .sort();
}

async function firefoxList(popup: Page): Promise<Listed[]> {
  return call<Listed[]>(popup, 'vault.list');
}

async function chromiumList(page: PwPage): Promise<Listed[]> {
  const reply = (await page.evaluate(() =>
    chrome.runtime.sendMessage({ id: 1, type: 'vault.list', data: null, timestamp: Date.now() }),
  )) as { res: { ok: boolean; value: Listed[] } };
  return reply.res.value;
}

/** The newest file in a folder once its download finished (Firefox writes *.part first). */
async function downloaded(dir: string, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => pattern.test(f)) : [];
    const part = existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.part'));
    if (files.length > 0 && !part) return path.join(dir, files.sort().at(-1)!);
    if (Date.now() > deadline) throw new Error(`No ${pattern} in ${dir}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Firefox's options page: choose the file, its password, preview, import. */
async function importFileInFirefox(options: Page, file: string, password: string, count: number) {
  const input = await options.waitForSelector('[data-testid=import-file]', { timeout: 15_000 });
  await (input as unknown as { uploadFile: (p: string) => Promise<void> }).uploadFile(file);
  await fill(options, `Password for ${path.basename(file)}`, password);
  await click(options, 'Preview');
  await click(options, `Import ${count} accounts`, { timeout: KDF_TIMEOUT });
  await waitForText(options, `Imported ${count} accounts`);
}

test('Chromium → Firefox → Chromium with the Tessera backup file: same accounts, same codes', async ({
  firefox,
}, testInfo) => {
  // Chromium: a vault with the project's seven accounts, exported as a Tessera backup.
  const chromeDir = makeProfileDir('tessera-xb-');
  const chromium = await launchChromium({ extensionDir: E2E_EXTENSION_DIR, profileDir: chromeDir });
  try {
    await waitForServiceWorker(chromium);
    const cPopup = await chromium.newPage();
    await cPopup.goto(`chrome-extension://${EXPECTED_EXTENSION_ID}/popup.html`);
    await createVaultInChromium(cPopup, PASS);
    const cOptions = await chromium.newPage();
    await cOptions.goto(`chrome-extension://${EXPECTED_EXTENSION_ID}/options.html`);
    await cOptions.getByLabel('Or paste the exported text').fill(OWN_TEXT);
    await cOptions.getByRole('button', { name: 'Preview' }).click();
    await cOptions.getByRole('button', { name: 'Import 7 accounts' }).click();
    await expect(
      cOptions.getByRole('status').filter({ hasText: 'Imported 7 accounts' }),
    ).toBeVisible();
    await cOptions.getByRole('radio', { name: /^Tessera encrypted backup/ }).check();
    await cOptions.getByLabel('Passphrase', { exact: true }).fill(PASS);
    const download = cOptions.waitForEvent('download', { timeout: 30_000 });
    await cOptions.getByRole('button', { name: 'Export' }).click();
    const fromChromium = testInfo.outputPath('from-chromium', (await download).suggestedFilename());
    await (await download).saveAs(fromChromium);

    // Firefox: its own vault (another passphrase); the file opens with the one it was made with.
    const fPopup = await firefox.openPopup();
    await createVault(fPopup, FIREFOX_PASS);
    const fOptions = await firefox.openOptions();
    await importFileInFirefox(fOptions, fromChromium, PASS, 7);
    const issuers = (await firefoxList(fPopup)).map((a) => a.issuer).sort();
    expect(issuers).toEqual([...OWN_ISSUERS].sort());
    await expect
      .poll(async () => codesOf(await firefoxList(fPopup)), { timeout: 30_000 })
      .toEqual(codesOf(await chromiumList(cPopup)));

    // Firefox adds one and exports, with its own passphrase; Chromium imports it back.
    await call(fPopup, 'account.add', {
      kind: 'uri',
      uri: totpUri(EXTRA.issuer, 'me@example.org', EXTRA.secret),
    });
    await fOptions.close();
    const fExport = await firefox.openOptions();
    await waitForText(fExport, 'Export accounts');
    await check(fExport, /^Tessera encrypted backup/);
    await fill(fExport, 'Passphrase', FIREFOX_PASS);
    await click(fExport, 'Export');
    const fromFirefox = await downloaded(firefox.downloadsDir, /^tessera-backup-.*\.json$/);
    expect(JSON.parse(readFileSync(fromFirefox, 'utf8'))).toMatchObject({
      format: 'tessera-backup',
      version: 1,
    });

    const chooser = cOptions.waitForEvent('filechooser');
    await cOptions.getByRole('button', { name: 'Choose file' }).click();
    await (await chooser).setFiles(fromFirefox);
    await cOptions.getByLabel(`Password for ${path.basename(fromFirefox)}`).fill(FIREFOX_PASS);
    await cOptions.getByRole('button', { name: 'Preview' }).click();
    await cOptions.getByRole('button', { name: 'Import 1 account' }).click({ timeout: 60_000 });
    await expect(
      cOptions.getByRole('status').filter({ hasText: 'Imported 1 account' }),
    ).toBeVisible();
    await expect
      .poll(async () => codesOf(await chromiumList(cPopup)), { timeout: 30_000 })
      .toEqual(codesOf(await firefoxList(fPopup)));
    // Eight accounts; the three HOTP ones show no code until asked, so five codes compared.
    expect(codesOf(await chromiumList(cPopup))).toHaveLength(5);
  } finally {
    await chromium.close();
    await rm(chromeDir, { recursive: true, force: true, maxRetries: 3 });
  }
});
