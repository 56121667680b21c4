import { describe, expect, it } from 'vitest';
import { decodeBase32, encodeBase32, formatOtpauthUri } from '../../../lib/core/otp';
import type { OtpAccount, OtpAlgorithm } from '../../../lib/core/otp/types';
import { detectFormat, importFile, type ImportResult } from '../../../lib/core/transfer';
import {
  makeEncryptedZip,
  makeKdbx,
  makeLastPass,
  makeMaFile,
  makeProtonPassJson,
  makeSdaEncryptedZip,
  makeWinAuthText,
  makeZip,
  type KeePassOtp,
} from './moreFormatEncoders';
import { expectTessera, summary } from './helpers';

/**
 * LastPass Authenticator, Proton Pass, Steam Guard maFiles, WinAuth, KeePass and ZIP archives:
 * files made by the encoders in ./encoders.ts round-trip through importFile to the same
 * accounts (names, parameters, secrets and the codes they produce).
 */

const enc = new TextEncoder();
const secret = (seed: number, n = 20) =>
  new Uint8Array(n).map((_, i) => (seed * 31 + i * 7) & 0xff);

function totp(
  issuer: string,
  label: string,
  seed: number,
  algorithm: OtpAlgorithm,
  digits: number,
  period: number,
): OtpAccount {
  return {
    issuer,
    label,
    otp: { type: 'totp', secret: secret(seed), algorithm, digits, period, counter: 0 },
  };
}

function hotp(
  issuer: string,
  label: string,
  seed: number,
  algorithm: OtpAlgorithm,
  digits: number,
  counter: number,
): OtpAccount {
  return {
    issuer,
    label,
    otp: { type: 'hotp', secret: secret(seed), algorithm, digits, period: 30, counter },
  };
}

const steamAccount: OtpAccount = {
  issuer: 'Steam',
  label: 'gabe_ñ',
  otp: { type: 'steam', secret: secret(99), algorithm: 'SHA1', digits: 5, period: 30, counter: 0 },
};

/** Every algorithm, the digit counts and periods TOTP apps allow, names in several scripts. */
const TOTPS: OtpAccount[] = [
  totp('GitHub', 'alice+2fa@example.com', 1, 'SHA1', 6, 30),
  totp('Überbank', 'jörg', 2, 'SHA256', 7, 60),
  totp('東京銀行', 'たろう', 3, 'SHA512', 8, 30),
  totp('Ελληνικά', 'Δήμητρα', 4, 'SHA256', 6, 60),
  totp('Acme', 'ops:team', 5, 'SHA1', 8, 60),
];

const HOTPS: OtpAccount[] = [
  hotp('Bank', 'hotp-1', 6, 'SHA1', 6, 0),
  hotp('Bänk', 'hotp-2', 7, 'SHA1', 6, 12345),
];

const sortKey = (a: OtpAccount) => `${a.issuer}\u0000${a.label}\u0000${a.otp.type}`;
const summaries = (list: readonly OtpAccount[]) =>
  [...list].sort((a, b) => sortKey(a).localeCompare(sortKey(b))).map(summary);

function expectSame(result: ImportResult, expected: readonly OtpAccount[]): void {
  expect(result.problems).toEqual([]);
  expect(summaries(result.accounts)).toEqual(summaries(expected));
}

async function importBytes(bytes: Uint8Array, password?: string): Promise<ImportResult> {
  return importFile(bytes, password === undefined ? {} : { password });
}

describe('LastPass Authenticator', () => {
  for (const variant of ['android', 'ios'] as const) {
    it(`reads the ${variant} export`, async () => {
      const file = makeLastPass(TOTPS, variant);
      expect(detectFormat(file)).toBe('lastpass');
      const r = await importFile(enc.encode(file));
      expect(r.format).toBe('lastpass');
      expectSame(r, TOTPS);
    });
  }

  it('keeps a name the user cleared, and uses the original only when the field is missing', async () => {
    const doc = JSON.parse(makeLastPass(TOTPS.slice(0, 2), 'ios')) as {
      accounts: Record<string, unknown>[];
    };
    doc.accounts[0]!.issuerName = '';
    delete doc.accounts[1]!.userName;
    const r = await importFile(JSON.stringify(doc));
    expect(r.accounts.map((a) => [a.issuer, a.label])).toEqual([
      ['', 'alice+2fa@example.com'],
      ['Überbank', 'jörg (original)'],
    ]);
  });

  it('keeps the good accounts and names the bad one', async () => {
    const doc = JSON.parse(makeLastPass(TOTPS.slice(0, 2), 'android')) as {
      accounts: Record<string, unknown>[];
    };
    doc.accounts[1]!.algorithm = 'MD5';
    const r = await importFile(JSON.stringify(doc));
    expect(r.accounts.map((a) => a.issuer)).toEqual(['GitHub']);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.code).toBe('E_ALGORITHM');
    expect(r.problems[0]!.entry).toContain('Überbank');
  });

  it('refuses a truncated export', async () => {
    const file = makeLastPass(TOTPS, 'android');
    await expectTessera(importFile(file.slice(0, file.length / 2)), 'E_IMPORT_FORMAT');
  });
});

describe('Steam Guard maFile', () => {
  it('reads shared_secret as a Steam account', async () => {
    const file = makeMaFile(steamAccount.otp.secret, steamAccount.label);
    expect(detectFormat(file)).toBe('steam-guard');
    const r = await importFile(enc.encode(file));
    expect(r.format).toBe('steam-guard');
    expectSame(r, [steamAccount]);
  });

  it('refuses a shared_secret that is not Base64', async () => {
    const doc = JSON.parse(makeMaFile(steamAccount.otp.secret, 'x')) as Record<string, unknown>;
    doc.shared_secret = '***';
    const e = await expectTessera(importFile(JSON.stringify(doc)), 'E_SECRET_INVALID');
    expect(e.detail?.reason).toBe('secretNotBase64');
  });
});

describe('Steam Desktop Authenticator, encrypted maFiles folder (zip)', () => {
  const second = {
    ...steamAccount,
    label: 'второй',
    otp: { ...steamAccount.otp, secret: secret(98) },
  };

  it('asks for the passkey, refuses a wrong one, reads every account with the right one', async () => {
    const zip = await makeSdaEncryptedZip(
      [steamAccount, second].map((a) => ({ name: a.label, secret: a.otp.secret })),
      'pässkey',
    );
    const missing = await expectTessera(importBytes(zip), 'E_IMPORT_FORMAT');
    expect(missing.detail).toMatchObject({ needsPassword: true, format: 'steam-guard' });
    const wrong = await expectTessera(importBytes(zip, 'wrong'), 'E_BAD_PASSPHRASE');
    expect(wrong.detail).toMatchObject({
      reason: 'wrongPassword',
      app: 'Steam Desktop Authenticator',
    });
    const r = await importBytes(zip, 'pässkey');
    expect(r.format).toBe('steam-guard');
    expectSame(r, [steamAccount, second]);
  });

  it('reads an unencrypted maFiles folder, manifest and all', async () => {
    const zip = makeZip({
      'maFiles/manifest.json': JSON.stringify({
        encrypted: false,
        first_run: false,
        entries: [{ filename: 'a.maFile', steamid: 1 }],
      }),
      'maFiles/a.maFile': makeMaFile(steamAccount.otp.secret, steamAccount.label),
    });
    expectSame(await importBytes(zip), [steamAccount]);
  });
});

describe('Proton Pass', () => {
  const logins = [
    // The item name is what the user sees (renamed here); the link's label is the account.
    { name: 'GitHub (work)', username: 'alice', totpUri: formatOtpauthUri(TOTPS[0]!) },
    { name: 'Überbank', username: 'jörg', totpUri: formatOtpauthUri(TOTPS[1]!) },
    // A bare Base32 secret, which Proton Pass accepts: defaults apply.
    { name: 'Plain', username: 'bob', totpUri: encodeBase32(secret(8)) },
    {
      name: '東京銀行',
      username: 'たろう',
      totpUri: formatOtpauthUri(TOTPS[2]!),
      extra: [{ fieldName: 'backup', totpUri: formatOtpauthUri(TOTPS[3]!) }],
    },
    { name: 'Deleted', username: 'x', totpUri: formatOtpauthUri(TOTPS[4]!), trashed: true },
    { name: 'No TOTP', username: 'y', totpUri: '' },
  ];
  const expected: OtpAccount[] = [
    { ...TOTPS[0]!, issuer: 'GitHub (work)' },
    TOTPS[1]!,
    totp('Plain', 'bob', 8, 'SHA1', 6, 30),
    TOTPS[2]!,
    { ...TOTPS[3]!, issuer: '東京銀行' },
  ];

  it('reads data.json on its own', async () => {
    const file = makeProtonPassJson(logins);
    expect(detectFormat(file)).toBe('proton-pass');
    expectSame(await importFile(file), expected);
  });

  it('reads the zip Proton Pass exports', async () => {
    const zip = makeZip({ 'Proton Pass/data.json': makeProtonPassJson(logins) });
    expect(detectFormat(zip)).toBe('zip');
    const r = await importBytes(zip);
    expect(r.format).toBe('proton-pass');
    expectSame(r, expected);
  });

  it('says so for a PGP-encrypted export', async () => {
    const zip = makeZip({ 'Proton Pass/data.pgp': '-----BEGIN PGP MESSAGE-----\n\nwcBMA\n' });
    const e = await expectTessera(importBytes(zip), 'E_IMPORT_FORMAT');
    expect(e.detail).toMatchObject({ reason: 'encryptedUnsupported', app: 'Proton Pass' });
  });
});

describe('WinAuth', () => {
  // WinAuth names accounts with the label only; Steam as issuer Steam with 5 digits.
  const accounts = [...TOTPS.slice(0, 3), { ...TOTPS[3]!, issuer: '' }, steamAccount];

  it('reads the plain text export', async () => {
    const r = await importFile(enc.encode(makeWinAuthText(accounts)));
    expect(r.format).toBe('otpauth-list');
    expectSame(r, accounts);
  });

  for (const method of ['zipcrypto', 'aes'] as const) {
    it(`reads the password-protected zip (${method})`, async () => {
      const zip = await makeEncryptedZip(
        { 'winauth-2026-12-06.txt': makeWinAuthText(accounts) },
        'pässwörd',
        method,
      );
      expect(detectFormat(zip)).toBe('zip');
      const missing = await expectTessera(importBytes(zip), 'E_IMPORT_FORMAT');
      expect(missing.detail).toMatchObject({ needsPassword: true });
      await expectTessera(importBytes(zip, 'wrong'), 'E_BAD_PASSPHRASE');
      const r = await importBytes(zip, 'pässwörd');
      expectSame(r, accounts);
    });
  }

  it('names the encrypted text export it cannot read', async () => {
    const e = await expectTessera(importFile('winauth://encrypted/ABCDEF'), 'E_IMPORT_FORMAT');
    expect(e.detail).toMatchObject({ reason: 'encryptedUnsupported', app: 'WinAuth' });
  });
});

describe('ZIP archives', () => {
  it('imports every export inside into one preview, listing the other files', async () => {
    const zip = makeZip({
      'exports/lastpass.json': makeLastPass(TOTPS.slice(0, 2), 'ios'),
      'exports/steam/76561198000000000.maFile': makeMaFile(
        steamAccount.otp.secret,
        steamAccount.label,
      ),
      'README.txt': 'These are my exports.',
      '__MACOSX/._lastpass.json': new Uint8Array([0, 5, 22, 7]),
    });
    const r = await importBytes(zip);
    expect(r.format).toBe('zip');
    expect(summaries(r.accounts)).toEqual(summaries([...TOTPS.slice(0, 2), steamAccount]));
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.entry).toBe('README.txt');
  });

  it('refuses an archive with no export in it', async () => {
    const e = await expectTessera(importBytes(makeZip({ 'a.txt': 'hello' })), 'E_IMPORT_FORMAT');
    expect(e.detail?.reason).toBe('zipNoExport');
  });

  it('refuses truncated and tampered archives with E_CORRUPT', async () => {
    const zip = makeZip({ 'data.json': makeLastPass(TOTPS, 'android') });
    await expectTessera(importBytes(zip.slice(0, zip.length - 30)), 'E_CORRUPT');
    const tampered = zip.slice();
    tampered[40]! ^= 0xff; // inside the compressed data
    await expectTessera(importBytes(tampered), 'E_CORRUPT');
  });

  it('refuses a zip bomb by its declared sizes, before inflating it', async () => {
    const zeros = new Uint8Array(6 * 1024 * 1024);
    const bomb = makeZip({ 'codes.txt': zeros });
    expect(bomb.length).toBeLessThan(64 * 1024);
    const e = await expectTessera(importBytes(bomb), 'E_IMPORT_TOO_LARGE');
    expect(e.detail?.reason).toBe('fileTooLarge');
  });

  it('refuses an archive with too many files', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`f${i}.txt`] = 'x';
    const e = await expectTessera(importBytes(makeZip(files)), 'E_IMPORT_TOO_LARGE');
    expect(e.detail?.reason).toBe('tooManyEntries');
  });

  it('refuses a zip inside a zip', async () => {
    const inner = makeZip({ 'data.json': makeLastPass(TOTPS, 'android') });
    const e = await expectTessera(importBytes(makeZip({ 'inner.zip': inner })), 'E_IMPORT_FORMAT');
    expect(e.detail?.reason).toBe('zipNoExport');
  });
});

describe('KeePass', () => {
  const otps: KeePassOtp[] = [
    { kind: 'otp-uri', account: TOTPS[0]! },
    { kind: 'otp-uri', account: steamAccount },
    { kind: 'otp-uri', account: HOTPS[1]! },
    { kind: 'timeotp', account: TOTPS[1]!, encoding: 'base32' },
    { kind: 'timeotp', account: TOTPS[2]!, encoding: 'hex' },
    { kind: 'timeotp', account: TOTPS[3]!, encoding: 'base64' },
    {
      kind: 'timeotp',
      account: {
        ...TOTPS[4]!,
        otp: { ...TOTPS[4]!.otp, secret: enc.encode('12345678901234567890') },
      },
      encoding: 'text',
    },
    { kind: 'hmacotp', account: HOTPS[0]!, encoding: 'base32' },
    { kind: 'legacy', account: totp('Legacy', 'old', 11, 'SHA1', 8, 60) },
  ];
  const expected = otps.map((o) => o.account);
  const trashed: KeePassOtp[] = [
    { kind: 'otp-uri', account: totp('Trash', 'gone', 12, 'SHA1', 6, 30) },
  ];

  const variants = [
    { name: 'KDBX 3.1 (AES-KDF)', opts: { version: 3 as const } },
    { name: 'KDBX 4 (Argon2id)', opts: { version: 4 as const, kdf: 'argon2id' as const } },
    { name: 'KDBX 4 (Argon2d)', opts: { version: 4 as const, kdf: 'argon2d' as const } },
    { name: 'KDBX 4 (AES-KDF)', opts: { version: 4 as const, kdf: 'aes' as const } },
  ];
  for (const v of variants) {
    it(`reads ${v.name}`, { timeout: 30_000 }, async () => {
      const file = await makeKdbx(otps, 'pässwörd 🔑', { ...v.opts, trashed });
      expect(detectFormat(file)).toBe('keepass');
      const missing = await expectTessera(importBytes(file), 'E_IMPORT_FORMAT');
      expect(missing.detail).toMatchObject({ needsPassword: true, format: 'keepass' });
      const wrong = await expectTessera(importBytes(file, 'wrong'), 'E_BAD_PASSPHRASE');
      expect(wrong.detail).toMatchObject({ reason: 'wrongPassword', app: 'KeePass' });
      const r = await importBytes(file, 'pässwörd 🔑');
      expect(r.format).toBe('keepass');
      expectSame(r, expected);
      expect(r.accounts.every((a) => a.sites?.[0] === 'https://example.com/login')).toBe(true);
    });
  }

  it('checks the key-derivation settings before deriving anything', async () => {
    const cases: [Parameters<typeof makeKdbx>[2], string][] = [
      [
        {
          version: 4,
          kdf: 'argon2id',
          argon2: { memoryKiB: 4 * 1024 * 1024, iterations: 1, parallelism: 1 },
        },
        'memory',
      ],
      [
        { version: 4, kdf: 'argon2d', argon2: { memoryKiB: 64, iterations: 5000, parallelism: 1 } },
        'iterations',
      ],
      [
        {
          version: 4,
          kdf: 'argon2id',
          argon2: { memoryKiB: 1024 * 1024, iterations: 64, parallelism: 1 },
        },
        'memory × iterations',
      ],
      [{ version: 4, kdf: 'aes', aesRounds: 2_000_000_000 }, 'rounds'],
      [{ version: 3, aesRounds: 2_000_000_000 }, 'rounds'],
    ];
    for (const [opts, field] of cases) {
      // Made with cheap settings, then the header is rewritten: kdbxweb would run the KDF to save.
      const file = await makeKdbxWithHeader(opts);
      // Refused with and without a password: the check comes before the password prompt.
      for (const password of [undefined, 'pw']) {
        const e = await expectTessera(importBytes(file, password), 'E_KDF_PARAMS');
        expect(e.detail).toMatchObject({ reason: 'kdfUnsafe', field });
      }
    }
  });

  it('refuses truncated and tampered databases', { timeout: 30_000 }, async () => {
    const file = await makeKdbx(otps.slice(0, 2), 'pw', { version: 4 });
    await expectTessera(importBytes(file.slice(0, 100), 'pw'), 'E_CORRUPT');
    await expectTessera(importBytes(file.slice(0, file.length - 50), 'pw'), 'E_CORRUPT');
    const tampered = file.slice();
    tampered[tampered.length - 40]! ^= 0x01;
    await expectTessera(importBytes(tampered, 'pw'), 'E_CORRUPT');
  });

  it('names KeePass 1 databases it cannot read', async () => {
    const kdb = new Uint8Array(200);
    kdb.set([0x03, 0xd9, 0xa2, 0x9a, 0x65, 0xfb, 0x4b, 0xb5]);
    const e = await expectTessera(importBytes(kdb, 'pw'), 'E_UNSUPPORTED_VERSION');
    expect(e.detail).toMatchObject({ app: 'KeePass', version: '1' });
  });

  it('reads a KeePass database inside a zip', { timeout: 30_000 }, async () => {
    const file = await makeKdbx(otps.slice(0, 3), 'pw', { version: 4 });
    const r = await importBytes(makeZip({ 'Passwords.kdbx': file }), 'pw');
    expect(r.format).toBe('keepass');
    expectSame(r, expected.slice(0, 3));
  });
});

/**
 * A database whose header asks for `opts`' key derivation, made without running that KDF:
 * a cheap database is saved, then its header field is overwritten in place (the header hash
 * no longer matches, but the settings are checked before it is).
 */
async function makeKdbxWithHeader(opts: Parameters<typeof makeKdbx>[2]): Promise<Uint8Array> {
  const kdbxweb = await import('kdbxweb');
  const cheap = await makeKdbx([{ kind: 'otp-uri', account: TOTPS[0]! }], 'pw', {
    ...opts,
    argon2: { memoryKiB: 64, iterations: 1, parallelism: 1 },
    aesRounds: 1000,
  });
  const ctx = new kdbxweb.KdbxContext({ kdbx: new kdbxweb.Kdbx() });
  const header = kdbxweb.KdbxHeader.read(new kdbxweb.BinaryStream(cheap.slice().buffer), ctx);
  if (opts.version === 3) {
    header.keyEncryptionRounds = opts.aesRounds;
  } else {
    const p = header.kdfParameters!;
    const { UInt64 } = kdbxweb.VarDictionary.ValueType;
    if (opts.kdf === 'aes') p.set('R', UInt64, new kdbxweb.Int64(opts.aesRounds ?? 1));
    else {
      p.set('M', UInt64, new kdbxweb.Int64(opts.argon2!.memoryKiB * 1024));
      p.set('I', UInt64, new kdbxweb.Int64(opts.argon2!.iterations));
    }
  }
  const stm = new kdbxweb.BinaryStream();
  header.write(stm);
  const head = new Uint8Array(stm.getWrittenBytes());
  const out = new Uint8Array(head.length + cheap.length - header.endPos!);
  out.set(head, 0);
  out.set(cheap.subarray(header.endPos!), head.length);
  return out;
}

describe('detection never relies on the file name', () => {
  it('tells containers from text by their first bytes', () => {
    expect(detectFormat(makeZip({ 'x.txt': 'otpauth://totp/A?secret=JBSWY3DP' }))).toBe('zip');
    const kdbx = new Uint8Array(64);
    kdbx.set([0x03, 0xd9, 0xa2, 0x9a, 0x67, 0xfb, 0x4b, 0xb5]);
    expect(detectFormat(kdbx)).toBe('keepass');
    expect(decodeBase32(encodeBase32(secret(1)))).toEqual(secret(1));
  });
});
