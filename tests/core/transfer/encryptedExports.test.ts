import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase32, encodeBase64 } from '../../../lib/core/otp';
import { detectFormat, importFile, type ImportResult } from '../../../lib/core/transfer';
import { readJavaStringMap } from '../../../lib/core/transfer/javaSerialization';
import {
  makeBitwardenProtected,
  makeEnteEncrypted,
  makeFreeOtp2,
  makeStratumHtml,
  makeStratumLegacy,
  makeStratumStrong,
  makeTotpAuthenticator,
  javaHashMap,
  stratumJson,
  totpAuthKey,
  type FreeOtpToken,
  type StratumAuthenticator,
} from './encoders';
import { expectTessera, seededBytes, summary } from './helpers';

/**
 * The encrypted exports of other apps (and Stratum's HTML page), made by the small writers in
 * encoders.ts: each round-trips known accounts, refuses a wrong password, and reports truncated
 * or tampered files with a typed error, never a crash and never a partial import.
 */

const S1 = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const S2 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const S3 = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U';
const secret = (n: number) => seededBytes(20, 100 + n);
const PW = 'pässwörd 🔑';

function names(r: ImportResult) {
  return r.accounts.map((a) => [a.issuer, a.label]);
}
function settings(r: ImportResult) {
  return r.accounts.map((a) => {
    const s = summary(a);
    return [s.type, s.algorithm, s.digits, s.period, s.counter, s.secret];
  });
}

function tamper(bytes: Uint8Array, at: number): Uint8Array {
  const b = bytes.slice();
  b[at] = b[at]! ^ 0x01;
  return b;
}

describe('Stratum (Authenticator Pro) encrypted backups', () => {
  const list: StratumAuthenticator[] = [
    {
      Type: 2,
      Issuer: 'Žluťoučký kůň',
      Username: 'jan@example.cz',
      Secret: S1,
      Algorithm: 0,
      Digits: 6,
      Period: 30,
      Counter: 0,
    },
    {
      Type: 2,
      Issuer: '東京銀行',
      Username: null,
      Secret: S2,
      Algorithm: 1,
      Digits: 7,
      Period: 60,
      Counter: 0,
    },
    {
      Type: 2,
      Issuer: 'Ünïcode',
      Username: 'ß',
      Secret: S3,
      Algorithm: 2,
      Digits: 8,
      Period: 15,
      Counter: 0,
    },
    {
      Type: 1,
      Issuer: 'HOTP bank',
      Username: 'me',
      Secret: S1,
      Algorithm: 1,
      Digits: 6,
      Period: 30,
      Counter: 42,
    },
    {
      Type: 4,
      Issuer: 'Steam',
      Username: 'gamer',
      Secret: S2,
      Algorithm: 0,
      Digits: 5,
      Period: 30,
      Counter: 0,
    },
    {
      Type: 2,
      Issuer: 'Ten digits',
      Username: 'x',
      Secret: S3,
      Algorithm: 0,
      Digits: 10,
      Period: 30,
      Counter: 0,
    },
    {
      Type: 3,
      Issuer: 'mOTP',
      Username: 'y',
      Secret: S3,
      Algorithm: 0,
      Digits: 6,
      Period: 10,
      Counter: 0,
    },
  ];
  const expected = [
    ['totp', 'SHA1', 6, 30, 0, S1],
    ['totp', 'SHA256', 7, 60, 0, S2],
    ['totp', 'SHA512', 8, 15, 0, S3],
    ['hotp', 'SHA256', 6, 30, 42, S1],
    ['steam', 'SHA1', 5, 30, 0, S2],
  ];

  function checkResult(r: ImportResult) {
    expect(r.format).toBe('stratum-encrypted');
    expect(names(r)).toEqual([
      ['Žluťoučký kůň', 'jan@example.cz'],
      ['東京銀行', ''],
      ['Ünïcode', 'ß'],
      ['HOTP bank', 'me'],
      ['Steam', 'gamer'],
    ]);
    expect(settings(r)).toEqual(expected);
    // Tessera shows at most 8 digits, and has no mOTP: named, not dropped silently.
    expect(r.problems.map((p) => [p.entry, p.code])).toEqual([
      ['entry 6 (Ten digits)', 'E_DIGITS'],
      ['entry 7 (mOTP)', 'E_URI_TYPE'],
    ]);
  }

  it('reads the current format (Argon2id, AES-GCM)', { timeout: 60_000 }, async () => {
    const file = await makeStratumStrong(stratumJson(list), PW);
    expect(detectFormat(file)).toBe('stratum-encrypted');
    const ask = await expectTessera(importFile(file), 'E_IMPORT_FORMAT');
    expect(ask.detail).toMatchObject({ needsPassword: true, format: 'stratum-encrypted' });
    checkResult(await importFile(file, { password: PW }));
    await expectTessera(importFile(file, { password: 'wrong' }), 'E_BAD_PASSPHRASE');
    await expectTessera(
      importFile(tamper(file, file.length - 3), { password: PW }),
      'E_BAD_PASSPHRASE',
    );
    await expectTessera(importFile(file.subarray(0, 40)), 'E_CORRUPT');
  });

  it('reads the legacy format (PBKDF2-SHA1, AES-CBC)', { timeout: 60_000 }, async () => {
    const file = await makeStratumLegacy(stratumJson(list), PW);
    expect(detectFormat(file)).toBe('stratum-encrypted');
    checkResult(await importFile(file, { password: PW }));
    await expectTessera(importFile(file, { password: 'wrong' }), 'E_BAD_PASSPHRASE');
    // CBC without a MAC: cutting a block off breaks the padding or the JSON, never imports.
    const cut = file.subarray(0, file.length - 16);
    await expectTessera(importFile(cut, { password: PW }), 'E_BAD_PASSPHRASE');
    await expectTessera(importFile(file.subarray(0, file.length - 5)), 'E_CORRUPT');
  });

  it('reads the HTML export', async () => {
    const links = [
      `otpauth://totp/%C5%BDlu%C5%A5ou%C4%8Dk%C3%BD:jan?secret=${S1}&issuer=%C5%BDlu%C5%A5ou%C4%8Dk%C3%BD&algorithm=SHA1&digits=6&period=30`,
      `otpauth://totp/Bank:b%C3%B8b?secret=${S2}&issuer=Bank&algorithm=SHA256&digits=7&period=60`,
      `otpauth://hotp/Counter:c?secret=${S3}&issuer=Counter&algorithm=SHA512&digits=8&counter=7`,
    ];
    const html = makeStratumHtml(links);
    expect(detectFormat(html)).toBe('stratum-html');
    const r = await importFile(html);
    expect(r.format).toBe('stratum-html');
    expect(names(r)).toEqual([
      ['Žluťoučký', 'jan'],
      ['Bank', 'bøb'],
      ['Counter', 'c'],
    ]);
    expect(settings(r)).toEqual([
      ['totp', 'SHA1', 6, 30, 0, S1],
      ['totp', 'SHA256', 7, 60, 0, S2],
      ['hotp', 'SHA512', 8, 30, 7, S3],
    ]);
    expect(r.problems).toEqual([]);
    // A broken link is named by its line in the page.
    const broken = makeStratumHtml([links[0]!, 'otpauth://totp/NoSecret:x?issuer=NoSecret']);
    const withProblem = await importFile(broken);
    expect(withProblem.accounts).toHaveLength(1);
    const brokenLine = broken.split('\n').findIndex((l) => l.includes('NoSecret')) + 1;
    expect(withProblem.problems.map((p) => [p.entry, p.code])).toEqual([
      [`line ${brokenLine}`, 'E_SECRET_MISSING'],
    ]);
    const noLinks = '<!DOCTYPE html><html><body>nothing here</body></html>';
    await expectTessera(importFile(noLinks), 'E_IMPORT_FORMAT');
  });
});

describe('TOTP Authenticator encrypted backup', () => {
  const entries = [
    { issuer: 'Žluťoučký kůň', name: 'jan', key: totpAuthKey(secret(1), 16), base: 16 },
    { issuer: '東京', name: 'ユーザー', key: totpAuthKey(secret(2), 32), base: 32 },
    { issuer: 'Base64', name: 'b', key: totpAuthKey(secret(3), 64), base: 64 },
    { issuer: 'Odd base', name: 'o', key: 'AAAA', base: 10 },
  ];

  function check(r: ImportResult) {
    expect(r.format).toBe('totp-authenticator');
    expect(names(r)).toEqual([
      ['Žluťoučký kůň', 'jan'],
      ['東京', 'ユーザー'],
      ['Base64', 'b'],
    ]);
    expect(settings(r)).toEqual(
      [1, 2, 3].map((n) => ['totp', 'SHA1', 6, 30, 0, encodeBase32(secret(n))]),
    );
    expect(r.problems.map((p) => [p.entry, p.code])).toEqual([
      ['entry 4 (Odd base)', 'E_FIELD_INVALID'],
    ]);
  }

  it('reads a backup with its password, and refuses a wrong one', async () => {
    const file = await makeTotpAuthenticator(entries, PW);
    expect(detectFormat(file)).toBe('totp-authenticator');
    const ask = await expectTessera(importFile(file), 'E_IMPORT_FORMAT');
    expect(ask.detail).toMatchObject({ needsPassword: true });
    check(await importFile(file, { password: PW }));
    await expectTessera(importFile(file, { password: 'wrong' }), 'E_BAD_PASSPHRASE');
  });

  it('opens a backup made without a password (the app then uses a fixed one)', async () => {
    const file = await makeTotpAuthenticator(entries, 'TotpAuthenticator');
    check(await importFile(file));
  });

  it('reports truncated and tampered files', async () => {
    const file = await makeTotpAuthenticator(entries, PW);
    const oneLine = file.replace(/\s/g, '');
    // Cut inside a block: no longer the shape of this format (Base64 of whole AES blocks).
    await expectTessera(
      importFile(`${oneLine.slice(0, -6)}==`, { password: PW }),
      'E_IMPORT_FORMAT',
    );
    // A whole block short, or a changed character: with no MAC, the padding or the JSON
    // breaks, which cannot be told apart from a wrong password.
    const bytes = decodeBase64(oneLine);
    const blockShort = encodeBase64(bytes.subarray(0, bytes.length - 16));
    await expectTessera(importFile(blockShort, { password: PW }), 'E_BAD_PASSPHRASE');
    const flipped = `${oneLine.slice(0, 10)}${oneLine[10] === 'A' ? 'B' : 'A'}${oneLine.slice(11)}`;
    await expectTessera(importFile(flipped, { password: PW }), 'E_BAD_PASSPHRASE');
  });
});

describe('Bitwarden password-protected export', () => {
  const plain = {
    encrypted: false,
    folders: [],
    items: [
      {
        type: 1,
        name: 'Žluťoučký kůň',
        login: {
          username: 'jan',
          totp: `otpauth://totp/K%C5%AF%C5%88:jan?secret=${S1}&algorithm=SHA512&digits=8&period=60`,
          uris: [{ uri: 'https://kun.example' }],
        },
      },
      { type: 1, name: 'Bare secret', login: { username: 'b', totp: S2 } },
      { type: 1, name: 'Steam', login: { username: 's', totp: `steam://${S3}` } },
      { type: 1, name: 'No TOTP', login: { username: 'n', password: 'x' } },
      { type: 2, name: 'A note' },
    ],
  };

  function check(r: ImportResult) {
    expect(r.format).toBe('bitwarden-encrypted');
    expect(names(r)).toEqual([
      ['Kůň', 'jan'],
      ['Bare secret', 'b'],
      ['Steam', 's'],
    ]);
    expect(settings(r)).toEqual([
      ['totp', 'SHA512', 8, 60, 0, S1],
      ['totp', 'SHA1', 6, 30, 0, S2],
      ['steam', 'SHA1', 5, 30, 0, S3],
    ]);
    expect(r.accounts[0]!.sites).toEqual(['https://kun.example']);
  }

  it('reads PBKDF2 exports', async () => {
    const file = await makeBitwardenProtected(plain, PW, { kdfType: 0, kdfIterations: 5000 });
    expect(detectFormat(file)).toBe('bitwarden-encrypted');
    const ask = await expectTessera(importFile(file), 'E_IMPORT_FORMAT');
    expect(ask.detail).toMatchObject({ needsPassword: true, format: 'bitwarden-encrypted' });
    check(await importFile(file, { password: PW }));
    await expectTessera(importFile(file, { password: 'wrong' }), 'E_BAD_PASSPHRASE');
  });

  it('reads content without the "encrypted" flag', async () => {
    const { encrypted: _flag, ...rest } = plain;
    const file = await makeBitwardenProtected(rest, PW, { kdfType: 0, kdfIterations: 5000 });
    check(await importFile(file, { password: PW }));
  });

  it('reads Argon2id exports', { timeout: 60_000 }, async () => {
    const file = await makeBitwardenProtected(plain, PW, {
      kdfType: 1,
      kdfIterations: 3,
      kdfMemory: 16,
      kdfParallelism: 4,
    });
    check(await importFile(file, { password: PW }));
    await expectTessera(importFile(file, { password: 'wrong' }), 'E_BAD_PASSPHRASE');
  });

  it('checks the key-derivation settings before asking for the password', async () => {
    const bomb = await makeBitwardenProtected(plain, PW, {
      kdfType: 1,
      kdfIterations: 3,
      kdfMemory: 16,
      kdfParallelism: 4,
    });
    const doc = JSON.parse(bomb) as Record<string, unknown>;
    for (const change of [
      { kdfMemory: 4096 },
      { kdfIterations: 10_000 },
      { kdfParallelism: 1000 },
      { kdfType: 7 },
    ]) {
      const e = await expectTessera(
        importFile(JSON.stringify({ ...doc, ...change })),
        'E_KDF_PARAMS',
      );
      expect(e.detail).toMatchObject({ reason: 'kdfUnsafe' });
    }
    const pb = JSON.parse(
      await makeBitwardenProtected(plain, PW, { kdfType: 0, kdfIterations: 5000 }),
    ) as Record<string, unknown>;
    await expectTessera(importFile(JSON.stringify({ ...pb, kdfIterations: 2e9 })), 'E_KDF_PARAMS');
  });

  it('reports tampered and truncated content', async () => {
    const file = await makeBitwardenProtected(plain, PW, { kdfType: 0, kdfIterations: 5000 });
    const doc = JSON.parse(file) as { data: string };
    const [head, ct, mac] = doc.data.split('|') as [string, string, string];
    const flipped = `${head}|${ct.slice(0, 5)}${ct[5] === 'A' ? 'B' : 'A'}${ct.slice(6)}|${mac}`;
    await expectTessera(
      importFile(JSON.stringify({ ...doc, data: flipped }), { password: PW }),
      'E_CORRUPT',
    );
    await expectTessera(
      importFile(JSON.stringify({ ...doc, data: `${head}|${ct}` }), { password: PW }),
      'E_CORRUPT',
    );
    await expectTessera(
      importFile(file.slice(0, file.length - 20), { password: PW }),
      'E_IMPORT_FORMAT',
    );
  });
});

describe('Ente Auth encrypted export', () => {
  const lines = [
    `otpauth://totp/%C5%BDlu%C5%A5ou%C4%8Dk%C3%BD:jan?secret=${S1}&issuer=%C5%BDlu%C5%A5ou%C4%8Dk%C3%BD&algorithm=SHA1&digits=6&period=30&codeDisplay=%7B%22pinned%22%3Atrue%7D`,
    `otpauth://totp/Bank:b?secret=${S2}&issuer=Bank&algorithm=SHA256&digits=8&period=60`,
    `otpauth://hotp/Counter:c?secret=${S3}&issuer=Counter&algorithm=SHA512&digits=7&counter=12`,
    `otpauth://steam/Steam:s?secret=${S1}&issuer=Steam`,
  ].join('\n');

  it('reads exports sealed by libsodium itself', { timeout: 60_000 }, async () => {
    const file = await makeEnteEncrypted(lines, PW);
    expect(detectFormat(file)).toBe('ente-encrypted');
    const ask = await expectTessera(importFile(file), 'E_IMPORT_FORMAT');
    expect(ask.detail).toMatchObject({ needsPassword: true, format: 'ente-encrypted' });
    const r = await importFile(file, { password: PW });
    expect(r.format).toBe('ente-encrypted');
    expect(names(r)).toEqual([
      ['Žluťoučký', 'jan'],
      ['Bank', 'b'],
      ['Counter', 'c'],
      ['Steam', 's'],
    ]);
    expect(settings(r)).toEqual([
      ['totp', 'SHA1', 6, 30, 0, S1],
      ['totp', 'SHA256', 8, 60, 0, S2],
      ['hotp', 'SHA512', 7, 30, 12, S3],
      ['steam', 'SHA1', 5, 30, 0, S1],
    ]);
    await expectTessera(importFile(file, { password: 'wrong' }), 'E_BAD_PASSPHRASE');
  });

  it('refuses unsafe settings before deriving, and damaged data', { timeout: 60_000 }, async () => {
    const file = await makeEnteEncrypted(lines, PW);
    const doc = JSON.parse(file) as {
      kdfParams: Record<string, unknown>;
      encryptedData: string;
      encryptionNonce: string;
    };
    for (const kdfParams of [
      { ...doc.kdfParams, memLimit: 16 * 1024 ** 3 },
      { ...doc.kdfParams, opsLimit: 100_000 },
      { ...doc.kdfParams, memLimit: 'x' },
      { ...doc.kdfParams, salt: '' },
    ]) {
      await expectTessera(importFile(JSON.stringify({ ...doc, kdfParams })), 'E_KDF_PARAMS');
    }
    const data = doc.encryptedData;
    const flipped = `${data.slice(0, 4)}${data[4] === 'A' ? 'B' : 'A'}${data.slice(5)}`;
    await expectTessera(
      importFile(JSON.stringify({ ...doc, encryptedData: flipped }), { password: PW }),
      'E_BAD_PASSPHRASE',
    );
    await expectTessera(
      importFile(JSON.stringify({ ...doc, encryptedData: data.slice(0, 8) })),
      'E_CORRUPT',
    );
    await expectTessera(
      importFile(JSON.stringify({ ...doc, encryptionNonce: 'AAAA' })),
      'E_CORRUPT',
    );
  });
});

describe('FreeOTP 2 backup', () => {
  const tokens: FreeOtpToken[] = [
    {
      algo: 'SHA1',
      counter: 0,
      digits: 6,
      issuerExt: 'Žluťoučký kůň',
      label: 'jan',
      period: 30,
      type: 'TOTP',
      secret: secret(1),
    },
    {
      algo: 'SHA256',
      counter: 0,
      digits: 8,
      issuerExt: '東京',
      label: 'ユーザー',
      period: 60,
      type: 'TOTP',
      secret: secret(2),
    },
    {
      algo: 'SHA512',
      counter: 0,
      digits: 7,
      issuerExt: 'Emoji 🔐',
      label: 'e',
      period: 15,
      type: 'TOTP',
      secret: secret(3),
    },
    {
      algo: 'SHA1',
      counter: 9,
      digits: 6,
      issuerExt: 'Counter',
      label: 'c',
      period: 30,
      type: 'HOTP',
      secret: secret(4),
    },
    {
      algo: 'SHA1',
      counter: 0,
      digits: 5,
      issuerExt: 'Steam',
      label: 's',
      period: 30,
      type: 'TOTP',
      secret: secret(5),
    },
    {
      algo: 'MD5',
      counter: 0,
      digits: 6,
      issuerExt: 'Old',
      label: 'o',
      period: 30,
      type: 'TOTP',
      secret: secret(6),
    },
  ];

  function check(r: ImportResult) {
    expect(r.format).toBe('freeotp2');
    expect(names(r)).toEqual([
      ['Žluťoučký kůň', 'jan'],
      ['東京', 'ユーザー'],
      ['Emoji 🔐', 'e'],
      ['Counter', 'c'],
      ['Steam', 's'],
    ]);
    expect(settings(r)).toEqual([
      ['totp', 'SHA1', 6, 30, 0, encodeBase32(secret(1))],
      ['totp', 'SHA256', 8, 60, 0, encodeBase32(secret(2))],
      ['totp', 'SHA512', 7, 15, 0, encodeBase32(secret(3))],
      // FreeOTP stores the last counter used; the next code is for the one after.
      ['hotp', 'SHA1', 6, 30, 10, encodeBase32(secret(4))],
      ['steam', 'SHA1', 5, 30, 0, encodeBase32(secret(5))],
    ]);
    expect(r.problems.map((p) => [p.entry, p.code])).toEqual([['entry 6 (Old)', 'E_ALGORITHM']]);
  }

  it('reads a backup (PBKDF2-HmacSHA512, AES-GCM wrapped key)', async () => {
    const file = await makeFreeOtp2(tokens, PW);
    expect(detectFormat(file)).toBe('freeotp2');
    const ask = await expectTessera(importFile(file), 'E_IMPORT_FORMAT');
    expect(ask.detail).toMatchObject({ needsPassword: true, format: 'freeotp2' });
    check(await importFile(file, { password: PW }));
    await expectTessera(importFile(file, { password: 'wrong' }), 'E_BAD_PASSPHRASE');
  });

  it('reads older backups with PBKDF2-HmacSHA1', async () => {
    const file = await makeFreeOtp2(tokens, PW, { algorithm: 'PBKDF2withHmacSHA1' });
    check(await importFile(file, { password: PW }));
  });

  it('checks the iteration count before deriving', async () => {
    const file = await makeFreeOtp2(tokens.slice(0, 1), PW, { declaredIterations: 20_000_000 });
    await expectTessera(importFile(file), 'E_KDF_PARAMS');
    await expectTessera(importFile(file, { password: PW }), 'E_KDF_PARAMS');
  });

  it('reports truncated and tampered files', async () => {
    const file = await makeFreeOtp2(tokens, PW);
    for (const n of [6, 10, 60, file.length - 1]) {
      await expectTessera(importFile(file.subarray(0, n), { password: PW }), 'E_CORRUPT');
    }
    // One changed byte of the first token's sealed secret (a digit for another, so the JSON
    // still parses): that token is damaged and named, the others import.
    const text = new TextDecoder('latin1').decode(file);
    const at = text.indexOf('mCipherText') + 16;
    const changed = file.slice();
    expect(changed[at]! >= 0x30 && changed[at]! <= 0x39).toBe(true);
    changed[at] = changed[at] === 0x30 ? 0x31 : changed[at]! - 1;
    const r = await importFile(changed, { password: PW });
    expect(r.accounts).toHaveLength(4);
    expect(r.problems.map((p) => [p.entry, p.code])).toEqual([
      ['entry 1 (Žluťoučký kůň)', 'E_CORRUPT'],
      ['entry 6 (Old)', 'E_ALGORITHM'],
    ]);
  });

  it('reads the Java serialization it needs and refuses other Java data', async () => {
    const map = readJavaStringMap(
      javaHashMap(
        [
          ['a', 'x\u0000y'],
          ['b', 'x\u0000y'],
          ['long', 'é'.repeat(40_000)],
        ],
        new Set([3]),
      ),
      10,
    );
    expect([...map.entries()]).toEqual([
      ['a', 'x\u0000y'],
      ['b', 'x\u0000y'],
      ['long', 'é'.repeat(40_000)],
    ]);
    const notMap = new Uint8Array([
      0xac, 0xed, 0x00, 0x05, 0x73, 0x72, 0x00, 0x03, 0x46, 0x6f, 0x6f,
    ]);
    const e = await expectTessera(importFile(notMap), 'E_IMPORT_FORMAT');
    expect(e.detail).toMatchObject({ reason: 'javaNotFreeOtp' });
    const noKey = javaHashMap([['k', 'v']]);
    expect((await expectTessera(importFile(noKey), 'E_IMPORT_FORMAT')).detail).toMatchObject({
      reason: 'javaNotFreeOtp',
    });
  });
});
