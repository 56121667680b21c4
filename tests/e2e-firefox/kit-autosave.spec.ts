// Settings → Emergency kit → "Save an updated emergency kit to Downloads …" end to end in
// Firefox: the optional `downloads` permission is granted on the click without a prompt
// (extensions.webextOptionalPermissionPrompts = false, which Chromium has no equivalent of), the
// background saves the kit into the profile's downloads folder, a change within the day does
// not rewrite it, and turning the setting off leaves the file where it is.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { expect, test } from './support/fixture';
import { addByLink, createVault, totpUri } from './support/journeys';
import { field, waitForText } from './support/ui';

const LABEL = 'Save an updated emergency kit to Downloads after changes (at most once a day)';
const FIRST = { issuer: 'Autosavefirstissuer', secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' };
const SECOND = { issuer: 'Autosavesecondissuer', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' };

test.use({ firefoxPrefs: { 'extensions.webextOptionalPermissionPrompts': false } });

function hasDownloads(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    (
      globalThis as unknown as {
        browser: { permissions: { contains: (p: object) => Promise<boolean> } };
      }
    ).browser.permissions.contains({ permissions: ['downloads'] }),
  );
}

async function box(options: Page): Promise<{ checked: boolean; disabled: boolean }> {
  const el = await field(options, LABEL, { timeout: 30_000 });
  return el.evaluate((n) => ({
    checked: (n as HTMLInputElement).checked,
    disabled: (n as HTMLInputElement).disabled,
  }));
}

/** The kit, once the download finished (no .part file beside it). */
async function savedKit(dir: string, timeout: number): Promise<string> {
  const file = path.join(dir, 'Tessera', 'tessera-emergency-kit.html');
  const deadline = Date.now() + timeout;
  for (;;) {
    const folder = path.dirname(file);
    const part = existsSync(folder) && readdirSync(folder).some((f) => f.endsWith('.part'));
    if (existsSync(file) && !part && statSync(file).size > 0) return file;
    if (Date.now() > deadline) {
      const seen = existsSync(dir) ? readdirSync(dir, { recursive: true }) : [];
      throw new Error(`No ${file} within ${timeout} ms; the folder holds ${JSON.stringify(seen)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('the kit auto-save writes Tessera/tessera-emergency-kit.html to Downloads, at most daily, and keeps it when turned off', async ({
  firefox,
}) => {
  const popup = await firefox.openPopup();
  await createVault(popup);
  await addByLink(popup, totpUri(FIRST.issuer, 'me@example.org', FIRST.secret), FIRST.issuer);

  const options = await firefox.openOptions();
  await waitForText(options, 'Export accounts');
  await expect
    .poll(() => box(options), { timeout: 30_000 })
    .toEqual({
      checked: false,
      disabled: false,
    });
  expect(await hasDownloads(options)).toBe(false);

  // The click asks for `downloads`; the pref grants it without a prompt. Turning it on makes the
  // kit due, and the first save has no earlier one to wait a day for.
  await (await field(options, LABEL)).click();
  await expect
    .poll(() => box(options), { timeout: 30_000 })
    .toEqual({
      checked: true,
      disabled: false,
    });
  expect(await hasDownloads(options)).toBe(true);

  const file = await savedKit(firefox.downloadsDir, 60_000);
  const first = readFileSync(file, 'utf8');
  const firstMtime = statSync(file).mtimeMs;
  // Booleans, not toContain: a failure would print the whole kit (its decryptor is ~1 MB).
  expect(first.startsWith('<!doctype html>')).toBe(true);
  expect(first.includes('<meta http-equiv="Content-Security-Policy"')).toBe(true);
  expect(first.includes('<title>Tessera emergency kit</title>')).toBe(true);
  // Sealed: neither the account's issuer nor its secret can be read in the file.
  expect(first.includes(FIRST.issuer)).toBe(false);
  expect(first.includes(FIRST.secret)).toBe(false);
  const data = /<script type="application\/json" id="kit-data">(.*?)<\/script>/s.exec(first);
  expect(data).not.toBeNull();
  const backup = JSON.parse((JSON.parse(data![1]!) as { backup: string }).backup) as {
    format: string;
    records: unknown[];
  };
  expect(backup.format).toBe('tessera-backup');
  expect(backup.records).toHaveLength(1);
  await waitForText(options, 'Last saved');

  // A change a moment later is due, but the last save is not a day old: the file stays as it is.
  await addByLink(popup, totpUri(SECOND.issuer, 'me@example.org', SECOND.secret), SECOND.issuer);
  await new Promise((r) => setTimeout(r, 5_000));
  expect(statSync(file).mtimeMs).toBe(firstMtime);
  expect(readFileSync(file, 'utf8')).toBe(first);
  expect(readdirSync(path.dirname(file))).toEqual(['tessera-emergency-kit.html']);

  // Off: the permission goes back, and the kit already saved stays.
  await (await field(options, LABEL)).click();
  await expect
    .poll(() => box(options), { timeout: 30_000 })
    .toEqual({
      checked: false,
      disabled: false,
    });
  await expect.poll(() => hasDownloads(options), { timeout: 15_000 }).toBe(false);
  expect(readFileSync(file, 'utf8')).toBe(first);
  expect(statSync(file).mtimeMs).toBe(firstMtime);
});
