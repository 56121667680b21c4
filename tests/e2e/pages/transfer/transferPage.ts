/**
 * The import & export journeys as a person does them: through the popup to create a vault, and
 * through the options page's controls (file chooser, password field, preview, confirm, export).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as OTPAuth from 'otpauth';
import { expect, type Download, type Page } from '@playwright/test';
import { repoRoot } from '../../../../scripts/lib/launch-extension.mjs';

/** The shared fixtures live next to the repo and are read in place, never copied into it. */
export const importsDir = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'imports');
export const haveFixtures = existsSync(path.join(importsDir, 'aegis_encrypted.json'));

/** The seven accounts every shared fixture holds (plain.txt), by issuer. */
export const SEVEN = ['Deno', 'SPDX', 'Airbnb', 'Issuu', 'Air Canada', 'WWE', 'Boeing'] as const;

/** Deno's account in plain.txt: TOTP, SHA1, 6 digits, 30 s. */
const DENO_SECRET = '4SJHB4GSD43FZBAI7C2HLRJGPQ';

/** Deno's codes for the windows around `atMs` (the page may roll over between two reads). */
export function denoCodesAround(atMs: number): string[] {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(DENO_SECRET) });
  return [atMs - 30_000, atMs, atMs + 30_000].map((t) => totp.generate({ timestamp: t }));
}

export { createVault } from '../../support/vault';

/** Issuers of the accounts the popup lists, in its order (after a reload, to see the vault now). */
export async function popupIssuers(popup: Page): Promise<string[]> {
  await popup.reload();
  await expect(popup.getByRole('searchbox', { name: 'Search accounts' })).toBeVisible();
  const names = popup.locator('li[data-account-id] .issuer');
  await expect(names.first()).toBeVisible();
  return (await names.allInnerTexts()).map((t) => t.trim());
}

/** Deno's code as the popup shows it must be one an independent TOTP implementation computes. */
export async function expectDenoCode(popup: Page): Promise<void> {
  const row = popup.getByRole('listitem').filter({ hasText: 'Deno' });
  const code = (await row.getByTestId('code').innerText()).replace(/\s/g, '');
  const now = await popup.evaluate(() => Date.now());
  expect(denoCodesAround(now)).toContain(code);
}

export class OptionsPage {
  constructor(readonly page: Page) {}

  static async open(page: Page, extensionId: string): Promise<OptionsPage> {
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    await expect(page.getByRole('heading', { name: 'Import accounts' })).toBeVisible();
    return new OptionsPage(page);
  }

  /** Picks a file the way a person does: "Choose file", then the browser's file chooser. */
  async chooseFile(file: string): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByRole('button', { name: 'Choose file' }).click();
    await (await chooser).setFiles(file);
  }

  /** Sets the file input directly (for files made up by the test, given as bytes). */
  async setFile(file: string | string[] | { name: string; mimeType: string; buffer: Buffer }) {
    await this.page.getByTestId('import-file').setInputFiles(file);
  }

  async enterPassword(fileName: string, password: string): Promise<void> {
    const field = this.page.getByLabel(`Password for ${fileName}`);
    await expect(field).toBeVisible();
    await field.fill(password);
    await this.page.getByRole('button', { name: 'Preview' }).click();
  }

  preview() {
    return this.page.getByRole('region', { name: /^Preview of / });
  }

  async confirm(count: number): Promise<void> {
    const noun = count === 1 ? 'account' : 'accounts';
    await this.page.getByRole('button', { name: `Import ${count} ${noun}` }).click();
    await expect(
      this.page.getByRole('status').filter({ hasText: `Imported ${count} ${noun}` }),
    ).toBeVisible();
  }

  /** Exports in the given format and returns the download the page started. */
  async exportFile(format: RegExp, passphrase: string): Promise<Download> {
    await this.page.getByRole('radio', { name: format }).check();
    await this.page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    const download = this.page.waitForEvent('download', { timeout: 30_000 });
    await this.page.getByRole('button', { name: 'Export' }).click();
    return download;
  }
}
