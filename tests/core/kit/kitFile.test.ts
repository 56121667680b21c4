import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildKitTemplate } from '../../../kit/build';
import { openKit } from '../../../kit/accounts';
import {
  createMasterKey,
  createPassphraseSlot,
  createRecoverySlot,
  generateRecoveryKey,
  type Argon2idCost,
} from '../../../lib/core/crypto';
import { isTesseraError } from '../../../lib/core/errors';
import {
  kitCsp,
  kitFileName,
  readKitHtml,
  writeKitHtml,
  type KitTemplate,
} from '../../../lib/core/kit/kitFile';
import { KIT_STRING_FIELDS, type KitStrings } from '../../../lib/core/kit/strings';
import { encodeBase32, parseOtpauthUri, totpCode } from '../../../lib/core/otp';
import { writeTesseraBackup } from '../../../lib/core/transfer';
import { sealAccount } from '../../../lib/core/vault/records';
import type { Account } from '../../../lib/core/vault/types';

const CHEAP: Argon2idCost = {
  alg: 'argon2id',
  memoryKiB: 19 * 1024,
  iterations: 2,
  parallelism: 1,
};
const PASS = 'a kit passphrase of some length';
const URIS = [
  'otpauth://totp/Kitissuer:kit-user%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Kitissuer',
  'otpauth://hotp/Otherissuer:hotp-person?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Otherissuer&counter=7',
];
const STRINGS = Object.fromEntries(
  KIT_STRING_FIELDS.map((k) => [k, k === 'lang' ? 'en' : `[${k}]`]),
) as unknown as KitStrings;

interface Made {
  html: string;
  recoveryKey: string;
  accounts: Account[];
}

async function makeKit(template: KitTemplate, plainExport = true): Promise<Made> {
  const masterKey = createMasterKey();
  const recoveryKey = generateRecoveryKey();
  const slots = [
    await createPassphraseSlot(masterKey, PASS, CHEAP),
    await createRecoverySlot(masterKey, recoveryKey),
  ];
  const accounts: Account[] = URIS.map((u, i) => ({
    ...parseOtpauthUri(u).account,
    id: `00000000-0000-4000-8000-00000000000${i}`,
    updatedAt: 1_700_000_000_000 + i,
    sites: [],
    pinned: false,
    order: i,
  }));
  const records = await Promise.all(accounts.map((a) => sealAccount(masterKey, a)));
  const backup = writeTesseraBackup({ slots, records, createdAt: Date.UTC(2026, 11, 6) });
  const html = writeKitHtml(template, { backup, strings: STRINGS, plainExport });
  return { html, recoveryKey, accounts };
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

describe('emergency kit file', () => {
  let template: KitTemplate;
  let kit: Made;
  beforeAll(async () => {
    template = await buildKitTemplate();
    kit = await makeKit(template);
  }, 120_000);

  it('is named by its date', () => {
    expect(kitFileName(Date.UTC(2026, 11, 6, 23, 59))).toBe(
      'tessera-emergency-kit-2026-12-06.html',
    );
  });

  it('carries a CSP that allows exactly its own script and style, and no network', () => {
    expect(template.scriptHash).toBe(sha256(template.script));
    expect(template.styleHash).toBe(sha256(template.style));
    const csp = kitCsp(template);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src '${template.scriptHash}' 'wasm-unsafe-eval'`);
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain("form-action 'none'");
    expect(kit.html).toContain(`content="${csp}"`);
    expect(kit.html).toContain(`<script>${template.script}</script>`);
    // The Argon2id WebAssembly travels inside the script: nothing is loaded from anywhere.
    expect(template.script).toContain('AGFzbQ'); // base64 of "\0asm"
    // No element loads anything (license comments of the bundled libraries name their sites).
    expect(kit.html).not.toMatch(/<[^>]+\s(src|href|action)=/i);
  });

  it('round-trips: the data block opens with the passphrase and with the recovery key', async () => {
    const data = readKitHtml(kit.html);
    expect(data.strings).toEqual(STRINGS);
    expect(data.plainExport).toBe(true);
    for (const secret of [PASS, kit.recoveryKey, kit.recoveryKey.toLowerCase()]) {
      const opened = await openKit(data.backup, secret);
      expect(opened.map((o) => [o.account.issuer, o.account.label])).toEqual([
        ['Kitissuer', 'kit-user@example.com'],
        ['Otherissuer', 'hotp-person'],
      ]);
      expect(totpCode(opened[0]!.account.otp, 59_000)).toBe(totpCode(kit.accounts[0]!.otp, 59_000));
      expect(opened[1]!.account.otp.counter).toBe(7);
      expect(opened[0]!.recoveryCodes).toEqual([]);
    }
  }, 120_000);

  it('records the policy: no plain-text list when the policy forbids plain export', async () => {
    const data = readKitHtml(kit.html);
    const strict = writeKitHtml(template, { ...data, plainExport: false });
    expect(readKitHtml(strict).plainExport).toBe(false);
  });

  it('holds nothing readable before it is opened', () => {
    for (const a of kit.accounts) {
      for (const needle of [
        a.issuer,
        a.label,
        encodeBase32(a.otp.secret),
        totpCode({ ...a.otp, type: 'totp', counter: 0 }, Date.now()),
      ]) {
        expect(kit.html).not.toContain(needle);
      }
    }
  });

  it('refuses a wrong passphrase or recovery key with E_BAD_PASSPHRASE', async () => {
    const { backup } = readKitHtml(kit.html);
    for (const wrong of ['not the passphrase', generateRecoveryKey(), '']) {
      const e: unknown = await openKit(backup, wrong).catch((x: unknown) => x);
      expect(isTesseraError(e) && e.code).toBe('E_BAD_PASSPHRASE');
    }
  }, 120_000);

  it('refuses a tampered account and a damaged data block', async () => {
    const data = readKitHtml(kit.html);
    const doc = JSON.parse(data.backup) as { records: { ct: string }[] };
    const ct = doc.records[1]!.ct;
    doc.records[1]!.ct = ct.slice(0, 10) + (ct[10] === 'A' ? 'B' : 'A') + ct.slice(11);
    const tampered = writeKitHtml(template, { ...data, backup: JSON.stringify(doc) });
    const e: unknown = await openKit(readKitHtml(tampered).backup, PASS).catch((x: unknown) => x);
    expect(isTesseraError(e) && e.code).toBe('E_CORRUPT');

    const cut = kit.html.replace('"plainExport":true', '"plainExport":"yes"');
    expect(() => readKitHtml(cut)).toThrow(/damaged/);
    expect(() => writeKitHtml(template, { ...data, backup: '{}' })).toThrow();
  }, 120_000);
});
