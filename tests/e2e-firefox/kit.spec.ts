// The emergency kit in Firefox without Tessera: a kit made in Node exactly as Settings makes one
// (the decryptor bundled by kit/build.ts, the vault sealed as in the Tessera backup file), opened
// from file:// in a Firefox with no extension and no network, unlocked with the passphrase.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseMessagesText } from '@wxt-dev/i18n/build';
import { test as base, expect } from '@playwright/test';
import { buildKitTemplate } from '../../kit/build';
import {
  createMasterKey,
  createPassphraseSlot,
  createRecoverySlot,
  DEFAULT_ARGON2ID,
  generateRecoveryKey,
} from '../../lib/core/crypto';
import { kitFileName, writeKitHtml } from '../../lib/core/kit/kitFile';
import { KIT_STRING_FIELDS, type KitStrings } from '../../lib/core/kit/strings';
import { parseOtpauthUri, totpCode } from '../../lib/core/otp';
import { writeTesseraBackup } from '../../lib/core/transfer';
import { sealAccount } from '../../lib/core/vault/records';
import type { Account } from '../../lib/core/vault/types';
import { repoRoot } from '../../scripts/lib/launch-extension.mjs';
import { launchPlainFirefox, makeFirefoxProfileDir, removeProfileDir } from './support/firefox';
import { click, fill, KDF_TIMEOUT } from './support/ui';

const PASS = 'A long and private passphrase';
const ISSUER = 'Firefoxkitissuer';
const LABEL = 'kit-person@example.com';
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const URI = `otpauth://totp/${ISSUER}:${encodeURIComponent(LABEL)}?secret=${SECRET}&issuer=${ISSUER}`;

/** The kit's words in English, from the catalogue Tessera takes them from. */
function englishKitStrings(date: string): KitStrings {
  const text = readFileSync(path.join(repoRoot, 'locales', 'en.yml'), 'utf8');
  const messages = new Map<string, string>();
  for (const m of parseMessagesText(text, 'YAML'))
    if (m.type !== 'plural') messages.set(m.key.join('.'), m.message);
  const strings: Record<string, string> = { lang: 'en' };
  for (const field of KIT_STRING_FIELDS) {
    if (field === 'lang') continue;
    const message = messages.get(`transfer.kit.page.${field}`);
    if (message === undefined) throw new Error(`No transfer.kit.page.${field} in en.yml`);
    strings[field] = message.replace('$1', date);
  }
  return strings as unknown as KitStrings;
}

const test = base.extend<{ profileDir: string }>({
  // eslint-disable-next-line no-empty-pattern
  profileDir: async ({}, use) => {
    const dir = makeFirefoxProfileDir();
    await use(dir);
    await removeProfileDir(dir);
  },
});

test('a kit opened from disk in Firefox without Tessera unlocks with the passphrase and shows a live code', async ({
  profileDir,
}) => {
  const masterKey = createMasterKey();
  const slots = [
    await createPassphraseSlot(masterKey, PASS, DEFAULT_ARGON2ID),
    await createRecoverySlot(masterKey, generateRecoveryKey()),
  ];
  const parsed = parseOtpauthUri(URI).account;
  const account: Account = {
    ...parsed,
    id: '00000000-0000-4000-8000-000000000001',
    updatedAt: Date.now(),
    sites: [],
    pinned: false,
    order: 0,
  };
  const now = Date.now();
  const backup = writeTesseraBackup({
    slots,
    records: [await sealAccount(masterKey, account)],
    createdAt: now,
  });
  const html = writeKitHtml(await buildKitTemplate(), {
    backup,
    strings: englishKitStrings(new Intl.DateTimeFormat('en', { dateStyle: 'long' }).format(now)),
    plainExport: true,
  });
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tessera-ff-kit-')), kitFileName(now));
  writeFileSync(file, html);
  for (const needle of [SECRET, ISSUER, LABEL]) expect(html.includes(needle)).toBe(false);

  const browser = await launchPlainFirefox(profileDir);
  try {
    const page = await browser.newPage();
    const url = pathToFileURL(file).href;
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('file:') && !request.url().startsWith('data:'))
        elsewhere.push(request.url());
    });
    await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.evaluate(() => document.body.innerText)).not.toContain(ISSUER);

    await fill(page, 'Passphrase or recovery key', PASS);
    await click(page, 'Open');
    await page.waitForSelector('[data-testid="kit-code"]', { timeout: KDF_TIMEOUT });
    const item = await page.evaluate(() => {
      const li = document.querySelector('li.account') as HTMLElement;
      return {
        text: li.innerText,
        code: (li.querySelector('[data-testid="kit-code"]') as HTMLElement).innerText.trim(),
      };
    });
    expect(item.text).toContain(ISSUER);
    expect(item.text).toContain(LABEL);
    // The code of the window now or a neighbour: the clock may tick between the reads.
    const at = Date.now();
    expect([-30_000, 0, 30_000].map((d) => totpCode(parsed.otp, at + d))).toContain(item.code);
    expect(elsewhere).toEqual([]);
  } finally {
    await browser.close();
  }
});
