import { describe, expect, it } from 'vitest';
import { encodeBase32, encodeBase64 } from '../../../lib/core/otp';
import {
  detectFormat,
  importFile,
  IMPORT_LIMITS,
  parseCsv,
  type ImportFormat,
} from '../../../lib/core/transfer';
import {
  expectTessera,
  makeAegisEncrypted,
  makeAndOtpEncrypted,
  makeAndOtpOld,
  makeTwoFasEncrypted,
  seededBytes,
  SEVEN_URIS,
} from './helpers';

const utf8 = (s: string) => new TextEncoder().encode(s);
const S1 = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const S2 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

const aegisEntry = (over: Record<string, unknown> = {}, info: Record<string, unknown> = {}) => ({
  type: 'totp',
  uuid: 'x',
  name: 'alice',
  issuer: 'GitHub',
  icon: null,
  info: { secret: S1, algo: 'SHA1', digits: 6, period: 30, ...info },
  ...over,
});
const aegisPlain = (entries: unknown[], dbVersion = 2) =>
  JSON.stringify({
    version: 1,
    header: { slots: null, params: null },
    db: { version: dbVersion, entries },
  });

describe('format detection', () => {
  const samples: [string, ImportFormat][] = [
    [SEVEN_URIS.join('\n'), 'otpauth-list'],
    [`# my codes\n\nsteam://${S1}\n`, 'otpauth-list'],
    [`otpauth://totp/A:b?secret=${S1}&codeDisplay=%7B%7D`, 'ente'],
    ['otpauth-migration://offline?data=AA', 'google-migration'],
    [aegisPlain([]), 'aegis-plain'],
    [
      JSON.stringify({ version: 1, header: { slots: [], params: {} }, db: 'AAAA' }),
      'aegis-encrypted',
    ],
    [JSON.stringify({ services: [], schemaVersion: 4 }), '2fas-plain'],
    [
      JSON.stringify({ services: [], schemaVersion: 4, servicesEncrypted: 'a:b:c' }),
      '2fas-encrypted',
    ],
    [JSON.stringify({ encrypted: false, items: [] }), 'bitwarden-json'],
    [
      'folder,favorite,type,name,notes,fields,login_uri,login_username,login_password,login_totp\n',
      'bitwarden-csv',
    ],
    [JSON.stringify({ version: 1, entries: [{ content: { uri: '' } }] }), 'proton'],
    [JSON.stringify([{ secret: S1, type: 'TOTP' }]), 'andotp-plain'],
    [JSON.stringify({ tokens: [], tokenOrder: [] }), 'freeotp-plus'],
    [JSON.stringify({ Authenticators: [] }), 'stratum'],
    [JSON.stringify({ abc: { secret: S1, type: 'totp', hash: 'abc' } }), 'authenticator-extension'],
  ];
  for (const [text, format] of samples) {
    it(`recognises ${format}`, () => {
      expect(detectFormat(text)).toBe(format);
      expect(detectFormat(utf8(`\uFEFF${text}`))).toBe(format);
    });
  }

  it('recognises andOTP encrypted backups as binary, and only as bytes', async () => {
    const bin = await makeAndOtpEncrypted([], 'pw', 1000);
    expect(detectFormat(bin)).toBe('andotp-encrypted');
  });

  it('explains what it does not read', async () => {
    await expectTessera(() => detectFormat(''), 'E_IMPORT_FORMAT');
    await expectTessera(() => detectFormat('hello world'), 'E_IMPORT_FORMAT');
    await expectTessera(() => detectFormat('{"some":"json"}'), 'E_IMPORT_FORMAT');
    await expectTessera(() => detectFormat('[1,2]'), 'E_IMPORT_FORMAT');
    const bad = await expectTessera(() => detectFormat('{"a":'), 'E_IMPORT_FORMAT');
    expect(bad.message).toMatch(/not valid JSON/);
    const png = await expectTessera(
      () =>
        detectFormat(
          new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Uint8Array(64)]),
        ),
      'E_IMPORT_FORMAT',
    );
    expect(png.message).toMatch(/QR code/);
    expect(
      detectFormat(JSON.stringify({ version: 1, kdfParams: { memLimit: 1 }, encryptedData: 'x' })),
    ).toBe('ente-encrypted');
    expect(
      detectFormat(new Uint8Array([...utf8('AUTHENTICATORPRO'), 0xff, ...seededBytes(60, 1)])),
    ).toBe('stratum-encrypted');
    await expectTessera(() => detectFormat(new Uint8Array([0xff, 0xfe, 0x00])), 'E_IMPORT_FORMAT');
  });

  it('says so when text is not UTF-8 instead of asking for a password', async () => {
    const latin1 = new Uint8Array([...utf8('otpauth://totp/Caf'), 0xe9, ...utf8(`?secret=${S1}`)]);
    await expectTessera(importFile(latin1), 'E_CORRUPT');
  });
});

describe('importFile limits and passwords', () => {
  it('refuses files over the size limit before parsing', async () => {
    const big = 'x'.repeat(IMPORT_LIMITS.maxBytes + 1);
    await expectTessera(importFile(big), 'E_IMPORT_TOO_LARGE');
    await expectTessera(
      importFile(new Uint8Array(IMPORT_LIMITS.maxBytes + 1)),
      'E_IMPORT_TOO_LARGE',
    );
  });

  it('refuses files with more entries than can be imported', async () => {
    const lines = Array.from(
      { length: IMPORT_LIMITS.maxEntries + 1 },
      () => `otpauth://totp/A:b?secret=${S1}`,
    );
    await expectTessera(importFile(lines.join('\n')), 'E_IMPORT_TOO_LARGE');
    const json = JSON.stringify(
      Array.from({ length: IMPORT_LIMITS.maxEntries + 1 }, () => ({ secret: S1 })),
    );
    await expectTessera(importFile(json), 'E_IMPORT_TOO_LARGE');
  });

  it('says which format needs a password and treats an empty one as missing', async () => {
    const file = await makeTwoFasEncrypted([], 'pw');
    const e = await expectTessera(importFile(file, { password: '' }), 'E_IMPORT_FORMAT');
    expect(e.detail).toEqual({
      reason: 'needsPassword',
      needsPassword: true,
      format: '2fas-encrypted',
    });
  });

  it('rejects inputs that are neither text nor bytes', async () => {
    await expectTessera(importFile(42 as unknown as string), 'E_BAD_REQUEST');
  });
});

describe('otpauth lists', () => {
  it('skips comments and blank lines, reads CRLF and steam://, names failing lines', async () => {
    const text = [
      '# exported',
      '',
      `otpauth://totp/GitHub:alice?secret=${S1}&issuer=GitHub`,
      'otpauth://totp/Broken?secret=not*base32',
      `  steam://${S2}  `,
      'otpauth://hotp/NoCounter?secret=' + S1,
      'ftp://nope',
    ].join('\r\n');
    const r = await importFile(text);
    expect(r.format).toBe('otpauth-list');
    expect(r.accounts.map((a) => [a.issuer, a.label, a.otp.type])).toEqual([
      ['GitHub', 'alice', 'totp'],
      ['Steam', '', 'steam'],
    ]);
    expect(r.problems.map((p) => [p.entry, p.code])).toEqual([
      ['line 4', 'E_SECRET_INVALID'],
      ['line 6', 'E_COUNTER'],
      ['line 7', 'E_URI_SCHEME'],
    ]);
  });

  it('refuses names with control characters per line, keeps UTF-8 names intact', async () => {
    const r = await importFile(
      utf8(
        `otpauth://totp/%C3%9Cberbank:j%C3%BCrgen?secret=${S1}\notpauth://totp/Bad%07:x?secret=${S1}\n`,
      ),
    );
    expect(r.accounts.map((a) => [a.issuer, a.label])).toEqual([['Überbank', 'jürgen']]);
    expect(r.problems).toEqual([
      {
        entry: 'line 2',
        code: 'E_URI_LABEL',
        message: expect.any(String),
        detail: { reason: 'nameControlChars' },
      },
    ]);
  });
});

describe('CSV and Bitwarden', () => {
  it('parses RFC 4180 quoting and tracks the starting line of each record', () => {
    const csv = 'a,b,c\r\n"x, y","he said ""hi""","multi\nline"\n1,,3\n\n"",z,\n';
    expect(parseCsv(csv)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'he said "hi"', 'multi\nline'] },
      { line: 4, fields: ['1', '', '3'] },
      { line: 6, fields: ['', 'z', ''] },
    ]);
  });

  it('refuses broken quoting with the line', async () => {
    const e = await expectTessera(() => parseCsv('a,b\n1,"open\n2,3\n'), 'E_IMPORT_FORMAT');
    expect(e.message).toMatch(/line 2/);
    await expectTessera(() => parseCsv('a,b\n"x"y,1\n'), 'E_IMPORT_FORMAT');
  });

  it('reads Bitwarden CSV: quoted names, several URIs, plain Base32, missing totp skipped', async () => {
    const csv = [
      'folder,favorite,type,name,notes,fields,login_uri,login_username,login_password,login_totp',
      `,,login,"Acme, Inc.","note with ""quotes""\nand a newline",,"https://acme.example,https://login.acme.example",bob,pw,${S1}`,
      ',,login,Only password,,,https://x.example,carol,pw,',
      `,,login,Plain URI,,,,dave,pw,otpauth://totp/?secret=${S2}`,
      ',,login,Broken,,,,erin,pw,otpauth://totp/x?secret=!!',
      ',,login,Short row',
    ].join('\n');
    const r = await importFile(csv);
    expect(r.format).toBe('bitwarden-csv');
    expect(r.accounts.map((a) => [a.issuer, a.label, a.otp.type, a.otp.digits, a.sites])).toEqual([
      ['Acme, Inc.', 'bob', 'totp', 6, ['https://acme.example', 'https://login.acme.example']],
      ['Plain URI', 'dave', 'totp', 6, undefined],
    ]);
    expect(r.problems.map((p) => [p.entry, p.code])).toEqual([
      ['line 6 (Broken)', 'E_SECRET_INVALID'],
      ['line 7 (Short row)', 'E_IMPORT_FORMAT'],
    ]);
  });

  it('reads Bitwarden JSON logins with TOTP and passes URIs on as site suggestions', async () => {
    const json = JSON.stringify({
      encrypted: false,
      folders: [],
      items: [
        { type: 2, name: 'A note', secureNote: {} },
        {
          type: 1,
          name: 'GitHub',
          login: {
            username: 'alice',
            totp: S1,
            uris: [{ match: null, uri: 'https://github.com/login' }],
          },
        },
        { type: 1, name: 'No TOTP', login: { username: 'x', totp: null } },
        { type: 1, name: 'Bad', login: { totp: 'otpauth://totp/x?secret=1' } },
        'junk',
      ],
    });
    const r = await importFile(json);
    expect(r.accounts).toHaveLength(1);
    expect(r.accounts[0]).toMatchObject({
      issuer: 'GitHub',
      label: 'alice',
      sites: ['https://github.com/login'],
    });
    expect(r.problems.map((p) => [p.entry, p.code])).toEqual([
      ['entry 4 (Bad)', 'E_SECRET_INVALID'],
      ['entry 5', 'E_FIELD_INVALID'],
    ]);
  });

  it('refuses account-restricted Bitwarden exports with advice', async () => {
    const e = await expectTessera(
      importFile(
        JSON.stringify({ encrypted: true, encKeyValidation_DO_NOT_EDIT: '2.x|y|z', items: [] }),
      ),
      'E_IMPORT_FORMAT',
    );
    expect(e.detail).toMatchObject({ reason: 'bitwardenAccountRestricted' });
    expect(e.message).toMatch(/Password protected/);
  });
});

describe('Aegis', () => {
  it('names failing entries and imports the rest', async () => {
    const r = await importFile(
      aegisPlain([
        aegisEntry(),
        aegisEntry({ issuer: 'Bank' }, { secret: 'not base32!' }),
        aegisEntry({ type: 'yandex', issuer: 'Yandex' }),
        aegisEntry({ issuer: 'Eight' }, { digits: 9 }),
        aegisEntry({ issuer: 'Steam', type: 'steam' }, { digits: 6, period: 10 }),
        null,
      ]),
    );
    expect(r.accounts.map((a) => [a.issuer, a.otp.type, a.otp.digits, a.otp.period])).toEqual([
      ['GitHub', 'totp', 6, 30],
      // Steam Guard settings are fixed; a file cannot change them.
      ['Steam', 'steam', 5, 30],
    ]);
    expect(r.problems.map((p) => [p.entry, p.code])).toEqual([
      ['entry 2 (Bank)', 'E_SECRET_INVALID'],
      ['entry 3 (Yandex)', 'E_URI_TYPE'],
      ['entry 4 (Eight)', 'E_DIGITS'],
      ['entry 6', 'E_FIELD_INVALID'],
    ]);
  });

  it('refuses versions it does not know', async () => {
    await expectTessera(importFile(aegisPlain([], 4)), 'E_UNSUPPORTED_VERSION');
    const v2 = JSON.stringify({
      version: 2,
      header: { slots: null, params: null },
      db: { version: 1, entries: [] },
    });
    await expectTessera(importFile(v2), 'E_UNSUPPORTED_VERSION');
  });

  it('decrypts with scrypt, tells a wrong password from a damaged vault', async () => {
    const db = { version: 2, entries: [aegisEntry({ issuer: 'Überbank', name: '東京' })] };
    const file = await makeAegisEncrypted(db, 'correct horse', { n: 1024, r: 8, p: 1 });
    const ok = await importFile(file, { password: 'correct horse' });
    expect(ok.format).toBe('aegis-encrypted');
    expect(ok.accounts.map((a) => [a.issuer, a.label])).toEqual([['Überbank', '東京']]);

    await expectTessera(importFile(file, { password: 'wrong' }), 'E_BAD_PASSPHRASE');

    const doc = JSON.parse(file) as { db: string };
    const flipped = `${doc.db[0] === 'A' ? 'B' : 'A'}${doc.db.slice(1)}`;
    await expectTessera(
      importFile(JSON.stringify({ ...doc, db: flipped }), { password: 'correct horse' }),
      'E_CORRUPT',
    );
  });

  it('refuses unsafe scrypt parameters before running scrypt', async () => {
    const file = JSON.parse(
      await makeAegisEncrypted({ version: 1, entries: [] }, 'pw', { n: 2, r: 1, p: 1 }),
    ) as {
      header: { slots: Record<string, unknown>[] };
    };
    const withSlot = (over: Record<string, unknown>) =>
      JSON.stringify({
        ...file,
        header: { ...file.header, slots: [{ ...file.header.slots[0], ...over }] },
      });
    const bad = [
      { n: 2 ** 21 },
      { n: 2 ** 20, r: 16 },
      { n: 3000 },
      { n: 0 },
      { n: -1024 },
      { n: 1024.5 },
      { n: '1024' },
      { r: 33 },
      { r: 0 },
      { p: 17 },
      { n: 2 ** 20, r: 8, p: 3 },
      { n: 2 ** 40 },
      { salt: '' },
    ];
    for (const over of bad) {
      const t0 = performance.now();
      await expectTessera(importFile(withSlot(over), { password: 'pw' }), 'E_KDF_PARAMS');
      expect(performance.now() - t0).toBeLessThan(200);
    }
  });

  it('checks every slot before running scrypt for any', async () => {
    const file = JSON.parse(
      await makeAegisEncrypted({ version: 1, entries: [] }, 'pw', { n: 2, r: 1, p: 1 }),
    ) as { header: { slots: Record<string, unknown>[] } };
    const sane = file.header.slots[0]!;
    const absurd = { ...sane, n: 2 ** 30 };
    const twoSlots = JSON.stringify({ ...file, header: { ...file.header, slots: [sane, absurd] } });
    await expectTessera(importFile(twoSlots, { password: 'pw' }), 'E_KDF_PARAMS');
  });

  it('needs a password slot', async () => {
    const file = JSON.stringify({
      version: 1,
      header: {
        slots: [{ type: 2, key: '00', key_params: { nonce: '00', tag: '00' } }],
        params: { nonce: '00', tag: '00' },
      },
      db: 'AAAA',
    });
    await expectTessera(importFile(file, { password: 'x' }), 'E_IMPORT_FORMAT');
  });
});

describe('2FAS', () => {
  const service = (over: Record<string, unknown> = {}, otp: Record<string, unknown> = {}) => ({
    name: 'Service',
    secret: S1,
    otp: {
      account: 'me',
      issuer: 'Service',
      digits: 6,
      period: 30,
      algorithm: 'SHA1',
      tokenType: 'TOTP',
      ...otp,
    },
    ...over,
  });

  it('reads encrypted schema-4 backups with non-ASCII names', async () => {
    const file = await makeTwoFasEncrypted(
      [service({ name: 'Žluťoučký kůň' }, { issuer: 'Žluťoučký kůň', account: 'ďábel' })],
      'heslo',
    );
    const r = await importFile(utf8(file), { password: 'heslo' });
    expect(r.accounts.map((a) => [a.issuer, a.label])).toEqual([['Žluťoučký kůň', 'ďábel']]);
    await expectTessera(importFile(file, { password: 'Heslo' }), 'E_BAD_PASSPHRASE');
  });

  it('falls back to the service name and the label, and names bad entries', async () => {
    const r = await importFile(
      JSON.stringify({
        schemaVersion: 4,
        services: [
          { name: 'Only name', secret: S1 },
          service({}, { issuer: '', account: '', label: 'Service:bob' }),
          service({ name: 'Kind' }, { tokenType: 'YAOTP' }),
          service({ name: 'Counter' }, { tokenType: 'HOTP', counter: 'x' }),
        ],
      }),
    );
    expect(r.accounts.map((a) => [a.issuer, a.label])).toEqual([
      ['Only name', ''],
      ['Service', 'bob'],
    ]);
    expect(r.problems.map((p) => [p.entry, p.code])).toEqual([
      ['entry 3 (Kind)', 'E_URI_TYPE'],
      ['entry 4 (Counter)', 'E_COUNTER'],
    ]);
  });

  it('prefers the name the user sees in 2FAS over the issuer of the original link', async () => {
    const r = await importFile(
      JSON.stringify({
        schemaVersion: 4,
        services: [
          // Renamed in 2FAS: the link said "GitHub, Inc.", the user calls it "Work GitHub".
          service({ name: 'Work GitHub' }, { issuer: 'GitHub, Inc.', account: 'alice' }),
          // The label still carries the link's issuer as a prefix.
          service({ name: 'Mój bank' }, { issuer: 'Bank', account: '', label: 'Bank:jan' }),
          // No service name: the link's issuer is used.
          service({ name: '' }, { issuer: 'Proton', account: 'bob' }),
        ],
      }),
    );
    expect(r.accounts.map((a) => [a.issuer, a.label])).toEqual([
      ['Work GitHub', 'alice'],
      ['Mój bank', 'jan'],
      ['Proton', 'bob'],
    ]);
  });

  it('refuses newer schemas and malformed encrypted data', async () => {
    await expectTessera(
      importFile(JSON.stringify({ schemaVersion: 5, services: [] })),
      'E_UNSUPPORTED_VERSION',
    );
    const twoParts = JSON.stringify({
      schemaVersion: 4,
      services: [],
      servicesEncrypted: 'AAAA:AAAA',
    });
    await expectTessera(importFile(twoParts, { password: 'x' }), 'E_CORRUPT');
    await expectTessera(importFile(twoParts), 'E_CORRUPT');
  });
});

describe('andOTP', () => {
  const entries = [
    {
      secret: S1,
      issuer: 'Überbank',
      label: 'jürgen',
      digits: 6,
      type: 'TOTP',
      algorithm: 'SHA1',
      period: 30,
    },
    {
      secret: S2,
      issuer: '',
      label: 'Old:style',
      digits: 6,
      type: 'HOTP',
      algorithm: 'SHA1',
      counter: 5,
    },
  ];

  it('reads the current and the pre-0.6.3 encrypted format', async () => {
    const current = await makeAndOtpEncrypted(entries, 'pw', 1000);
    const old = await makeAndOtpOld(entries, 'pw');
    for (const file of [current, old]) {
      const r = await importFile(file, { password: 'pw' });
      expect(r.format).toBe('andotp-encrypted');
      expect(r.accounts.map((a) => [a.issuer, a.label, a.otp.counter])).toEqual([
        ['Überbank', 'jürgen', 0],
        ['Old', 'style', 5],
      ]);
    }
    await expectTessera(importFile(current, { password: 'nope' }), 'E_BAD_PASSPHRASE');
    // An old file has no header, so its first bytes read as an absurd iteration count; with a
    // wrong password nothing tells the two apart, and the refusal says both.
    const e = await expectTessera(importFile(old, { password: 'nope' }), 'E_KDF_PARAMS');
    expect(e.message).toMatch(/password is wrong/);
  });

  it('refuses iteration counts outside the bounds without deriving', async () => {
    for (const iterations of [0, 10_000_001, 0xffffffff]) {
      const file = await makeAndOtpEncrypted(entries, 'pw', 1000);
      new DataView(file.buffer).setUint32(0, iterations, false);
      const t0 = performance.now();
      await expectTessera(importFile(file, { password: 'pw' }), 'E_KDF_PARAMS');
      expect(performance.now() - t0).toBeLessThan(200);
    }
  });

  it('reports damage inside a correctly decrypted backup as E_CORRUPT', async () => {
    // Valid GCM around bytes that are not UTF-8.
    const salt = seededBytes(12, 1);
    const iv = seededBytes(12, 2);
    const { pbkdf2, sealGcm } = await import('./helpers');
    const key = await pbkdf2('pw', salt, 10, 'SHA-1');
    const sealed = await sealGcm(key, iv, new Uint8Array([0x5b, 0xff, 0x5d]));
    const file = new Uint8Array([0, 0, 0, 10, ...salt, ...iv, ...sealed]);
    await expectTessera(importFile(file, { password: 'pw' }), 'E_CORRUPT');
  });
});

describe('FreeOTP+, Stratum, Proton, Authenticator extension', () => {
  it('FreeOTP+: signed secret bytes, counter + 1, Steam by issuer', async () => {
    const secret = Array.from(seededBytes(20, 3), (b) => (b > 127 ? b - 256 : b));
    const r = await importFile(
      JSON.stringify({
        tokenOrder: [],
        tokens: [
          {
            algo: 'SHA1',
            counter: 0,
            digits: 6,
            issuerExt: 'Steam',
            label: 'gamer',
            period: 30,
            secret,
            type: 'TOTP',
          },
          {
            algo: 'SHA256',
            counter: 9,
            digits: 8,
            issuerExt: 'Bank',
            label: 'me',
            period: 30,
            secret,
            type: 'HOTP',
          },
          {
            algo: 'SHA1',
            digits: 6,
            issuerExt: 'Bad',
            label: 'x',
            secret: [1, 2, 300],
            type: 'TOTP',
          },
        ],
      }),
    );
    expect(
      r.accounts.map((a) => [a.issuer, a.otp.type, a.otp.counter, encodeBase32(a.otp.secret)]),
    ).toEqual([
      ['Steam', 'steam', 0, encodeBase32(seededBytes(20, 3))],
      ['Bank', 'hotp', 10, encodeBase32(seededBytes(20, 3))],
    ]);
    expect(r.problems.map((p) => [p.entry, p.code])).toEqual([
      ['entry 3 (Bad)', 'E_SECRET_INVALID'],
    ]);
  });

  it('Stratum: unsupported types and algorithms become problems', async () => {
    const base = {
      Icon: null,
      Secret: S1,
      Pin: null,
      Digits: 6,
      Period: 30,
      Counter: 0,
      Ranking: 0,
    };
    const r = await importFile(
      JSON.stringify({
        Authenticators: [
          { ...base, Type: 2, Issuer: 'Ok', Username: null, Algorithm: 0 },
          { ...base, Type: 3, Issuer: 'Motp', Username: 'x', Algorithm: 0 },
          { ...base, Type: 2, Issuer: 'Algo', Username: 'x', Algorithm: 7 },
        ],
      }),
    );
    expect(r.accounts.map((a) => [a.issuer, a.label])).toEqual([['Ok', '']]);
    expect(r.problems.map((p) => [p.entry, p.code, p.message])).toEqual([
      ['entry 2 (Motp)', 'E_URI_TYPE', 'Stratum mOTP accounts are not supported.'],
      ['entry 3 (Algo)', 'E_ALGORITHM', expect.any(String)],
    ]);
  });

  it('Proton: steam:// links and unknown versions', async () => {
    const r = await importFile(
      JSON.stringify({
        version: 1,
        entries: [{ content: { uri: `steam://${S1}`, entry_type: 'Steam', name: 'gamer' } }],
      }),
    );
    expect(r.accounts.map((a) => [a.issuer, a.label, a.otp.type])).toEqual([
      ['Steam', 'gamer', 'steam'],
    ]);
    await expectTessera(
      importFile(JSON.stringify({ version: 2, entries: [{ content: { uri: '' } }] })),
      'E_UNSUPPORTED_VERSION',
    );
  });

  it('Authenticator extension: hex, hhex, battle; encrypted entries reported; key entry ignored', async () => {
    const hexSecret = '3132333435363738393031323334353637383930';
    const r = await importFile(
      JSON.stringify({
        key: { enc: 'x', hash: 'y' },
        h3: { account: 'c', issuer: 'Hex', secret: hexSecret, type: 'hex', index: 2 },
        h1: { account: 'a', issuer: 'Battle', secret: S1, type: 'battle', index: 0 },
        h2: { account: 'b', issuer: 'HHex', secret: hexSecret, type: 'hhex', counter: 3, index: 1 },
        h4: { account: 'Corp:d', secret: 'U2FsdGVk', type: 'totp', encrypted: true, index: 3 },
        h5: { account: 'Corp:e', secret: S2, index: 4 },
      }),
    );
    expect(
      r.accounts.map((a) => [a.issuer, a.label, a.otp.type, a.otp.digits, a.otp.counter]),
    ).toEqual([
      ['Battle', 'a', 'totp', 8, 0],
      ['HHex', 'b', 'hotp', 6, 3],
      ['Hex', 'c', 'totp', 6, 0],
      ['Corp', 'e', 'totp', 6, 0],
    ]);
    expect(r.problems.map((p) => [p.entry, p.code])).toEqual([
      ['entry 4 (Corp:d)', 'E_IMPORT_FORMAT'],
    ]);
  });
});

describe('text handling', () => {
  it('keeps UTF-8 names from bytes intact in every JSON format (no mojibake)', async () => {
    const names = { issuer: 'Überbank 東京 🔐', label: 'Žluťoučký kůň' };
    const files = [
      aegisPlain([aegisEntry({ issuer: names.issuer, name: names.label })]),
      JSON.stringify([{ secret: S1, issuer: names.issuer, label: names.label, type: 'TOTP' }]),
      JSON.stringify({
        Authenticators: [
          {
            Type: 2,
            Issuer: names.issuer,
            Username: names.label,
            Secret: S1,
            Algorithm: 0,
            Digits: 6,
            Period: 30,
            Counter: 0,
          },
        ],
      }),
      JSON.stringify({
        x: { issuer: names.issuer, account: names.label, secret: S1, type: 'totp' },
      }),
    ];
    for (const f of files) {
      const r = await importFile(utf8(`\uFEFF${f}`));
      expect(r.accounts.map((a) => [a.issuer, a.label])).toEqual([[names.issuer, names.label]]);
    }
  });

  it('trims names and drops entries that have neither issuer nor name', async () => {
    const r = await importFile(
      aegisPlain([
        aegisEntry({ issuer: '  GitHub  ', name: '\talice ' }),
        aegisEntry({ issuer: ' ', name: '' }),
      ]),
    );
    expect(r.accounts.map((a) => [a.issuer, a.label])).toEqual([['GitHub', 'alice']]);
    expect(r.problems.map((p) => p.code)).toEqual(['E_URI_LABEL']);
  });

  it('reports invalid UTF-8 inside decrypted 2FAS data as E_CORRUPT', async () => {
    const { pbkdf2, sealGcm } = await import('./helpers');
    const salt = seededBytes(32, 4);
    const iv = seededBytes(12, 5);
    const key = await pbkdf2('pw', salt, 10_000, 'SHA-256');
    const sealed = await sealGcm(key, iv, new Uint8Array([0x5b, 0xc3, 0x28, 0x5d]));
    const file = JSON.stringify({
      schemaVersion: 4,
      services: [],
      servicesEncrypted: `${encodeBase64(sealed)}:${encodeBase64(salt)}:${encodeBase64(iv)}`,
    });
    await expectTessera(importFile(file, { password: 'pw' }), 'E_CORRUPT');
  });
});
