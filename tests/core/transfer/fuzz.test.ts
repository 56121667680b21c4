import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTesseraError } from '../../../lib/core/errors';
import {
  decodeBase64,
  encodeBase64,
  parseOtpauthUri,
  validateOtpParams,
} from '../../../lib/core/otp';
import {
  detectFormat,
  encodeMigrationBatches,
  IMPORT_FORMATS,
  importFile,
  writeAegisPlain,
} from '../../../lib/core/transfer';
import {
  fixturesExist,
  makeAegisEncrypted,
  makeAndOtpEncrypted,
  makeTwoFasEncrypted,
  readFixture,
  SEVEN_URIS,
} from './helpers';
import {
  makeBitwardenProtected,
  makeEnteEncrypted,
  makeFreeOtp2,
  makeStratumHtml,
  makeStratumLegacy,
  makeStratumStrong,
  makeTotpAuthenticator,
  stratumJson,
  type FreeOtpToken,
} from './encoders';
import {
  makeEncryptedZip,
  makeKdbx,
  makeLastPass,
  makeMaFile,
  makeProtonPassJson,
  makeSdaEncryptedZip,
  makeWinAuthText,
  makeZip,
} from './moreFormatEncoders';

/**
 * Fuzzing: whatever a file contains, importFile resolves with a well-formed result or rejects
 * with a TesseraError: never another exception, never a hang. Each parser family gets at least
 * 10,000 inputs (fixed seed): random text, random bytes, byte-level mutations (truncate, flip
 * bits, insert junk, delete, duplicate) of real exports, and structure-aware JSON mutations
 * (any value replaced by arbitrary JSON, keys deleted).
 *
 * Encrypted samples are built with the cheapest KDF settings the parameter check allows, so
 * mutated ones can be decrypted thousands of times; the shared fixtures' encrypted files
 * (scrypt N=2^15, andOTP ~146,000 PBKDF2 iterations) are mutated and imported without a
 * password (structure checks only). Random bytes are imported without a password: andOTP
 * backups have no signature, so any binary file reads as one, and its iteration count may
 * legitimately be up to 10,000,000 — seconds of PBKDF2 per input.
 */

const enc = new TextEncoder();
const SEED = 42;
const FAMILY_RUNS = 10_000;

const seven = SEVEN_URIS.map((u) => parseOtpauthUri(u).account);

interface Case {
  input: string | Uint8Array;
  password?: string;
}

type Stats = Map<string, number>;

/** Plain checks rather than expect(): this runs ~100,000 times and must stay cheap. */
function invariant(ok: boolean, what: string): void {
  if (!ok) throw new Error(`fuzz invariant violated: ${what}`);
}

async function check(c: Case, stats: Stats): Promise<string> {
  let outcome: string;
  try {
    const r = await importFile(c.input, c.password === undefined ? {} : { password: c.password });
    invariant(IMPORT_FORMATS.includes(r.format), `unknown format ${r.format}`);
    for (const a of r.accounts) {
      invariant(typeof a.issuer === 'string' && typeof a.label === 'string', 'names are strings');
      invariant(a.issuer !== '' || a.label !== '', 'an account has a name');
      invariant(a.issuer === a.issuer.trim() && a.label === a.label.trim(), 'names are trimmed');
      validateOtpParams(a.otp);
    }
    for (const p of r.problems) {
      invariant(typeof p.entry === 'string' && p.entry !== '', 'problems name their entry');
      invariant(
        /^E_[A-Z_]+$/.test(p.code) && typeof p.message === 'string',
        'problems carry a code',
      );
    }
    outcome = r.problems.length > 0 ? 'ok+problems' : 'ok';
  } catch (e) {
    if (!isTesseraError(e)) throw e;
    outcome = e.code;
  }
  stats.set(outcome, (stats.get(outcome) ?? 0) + 1);
  return outcome;
}

// ---- Generators ----

const randomText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.json(),
  fc
    .array(
      fc.constantFrom(
        'otpauth://',
        'steam://',
        'otpauth-migration://offline?data=',
        '{',
        '[',
        '"',
        ',',
        '\n',
        ':',
        '=',
        '&',
        '%',
        'secret',
        'login_totp',
        'name',
      ),
      { maxLength: 30 },
    )
    .map((a) => a.join('')),
);
const randomBytes = fc.uint8Array({ maxLength: 400 });

/** Byte-level mutations of `base`, never touching bytes before `keep`. */
function mutateBytes(base: Uint8Array, keep = 0): fc.Arbitrary<Uint8Array> {
  const n = base.length;
  const pos = fc.integer({ min: keep, max: Math.max(keep, n) });
  const junk = fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 16 }),
    fc.string({ minLength: 1, maxLength: 16 }).map((s) => enc.encode(s)),
  );
  const splice = (at: number, del: number, insert: Uint8Array) => {
    const out = new Uint8Array(n - del + insert.length);
    out.set(base.subarray(0, at), 0);
    out.set(insert, at);
    out.set(base.subarray(at + del), at + insert.length);
    return out;
  };
  return fc.oneof(
    pos.map((p) => base.slice(0, p)), // truncate
    fc
      .array(
        fc.tuple(
          fc.integer({ min: keep, max: Math.max(keep, n - 1) }),
          fc.integer({ min: 0, max: 7 }),
        ),
        { minLength: 1, maxLength: 6 },
      )
      .map((flips) => {
        const out = base.slice();
        for (const [p, bit] of flips) if (p < n) out[p]! ^= 1 << bit;
        return out;
      }),
    fc.tuple(pos, junk).map(([p, j]) => splice(Math.min(p, n), 0, j)), // insert junk
    fc
      .tuple(pos, fc.integer({ min: 1, max: 64 }))
      .map(([p, len]) =>
        splice(Math.min(p, n), Math.min(len, n - Math.min(p, n)), new Uint8Array(0)),
      ), // delete
    fc.tuple(pos, fc.integer({ min: 1, max: 64 })).map(([p, len]) => {
      // duplicate a slice
      const at = Math.min(p, n);
      return splice(at, 0, base.slice(at, at + len));
    }),
  );
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function paths(
  v: Json,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (prefix.length > 0) out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v !== null && typeof v === 'object')
    for (const k of Object.keys(v)) paths(v[k]!, [...prefix, k], out);
  return out;
}

/** Sets (or, for undefined, deletes) the value at `path`, in place. */
function setPath(doc: Json, path: (string | number)[], value: Json | undefined): void {
  let cur: Json = doc;
  for (const k of path.slice(0, -1)) {
    const next: Json | undefined = (cur as Record<string | number, Json>)[k];
    // An earlier edit of this case removed or replaced the parent; nothing to edit.
    if (next === undefined || next === null || typeof next !== 'object') return;
    cur = next;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(cur)) cur.splice(last as number, 1);
    else delete (cur as Record<string, Json>)[last];
  } else {
    // A copy: the hostile constants ([] and {}) are shared between runs, and a later edit of
    // this case may write inside the inserted value (which could make it contain itself).
    (cur as Record<string | number, Json>)[last] = structuredClone(value);
  }
}

const hostileValue: fc.Arbitrary<Json | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(
    null,
    '',
    0,
    -1,
    1e308,
    2 ** 53,
    'SHA1',
    'TOTP',
    'totp',
    'hotp',
    'steam',
    'MD5',
    'ZZZZ',
    '__proto__',
    [],
    {},
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

/** Replace 1–3 values anywhere in the document (or delete them). */
function mutateJson(text: string): fc.Arbitrary<string> {
  const all = paths(JSON.parse(text) as Json);
  if (all.length === 0) return fc.constant(text);
  return fc
    .array(fc.tuple(fc.nat(all.length - 1), hostileValue), { minLength: 1, maxLength: 3 })
    .map((edits) => {
      const d = JSON.parse(text) as Json;
      for (const [i, v] of edits) setPath(d, all[i]!, v);
      return JSON.stringify(d);
    });
}

interface Seed {
  bytes: Uint8Array;
  /** Password to use with mutations of this seed (only for cheap-KDF samples). */
  password?: string;
  /** Leave bytes before this offset alone when mutating with a password (KDF header). */
  keep?: number;
  json?: boolean;
  /** Turns mutated bytes into the file (e.g. a protobuf payload into a transfer link). */
  wrap?: (bytes: Uint8Array) => string;
}

function familyArb(seeds: Seed[]): fc.Arbitrary<Case> {
  const parts: fc.WeightedArbitrary<Case>[] = [
    { weight: 1, arbitrary: randomText.map((input) => ({ input, password: 'pw' })) },
    { weight: 1, arbitrary: randomBytes.map((input) => ({ input })) },
  ];
  for (const s of seeds) {
    parts.push({
      weight: 3,
      arbitrary: fc
        .tuple(mutateBytes(s.bytes, s.password ? (s.keep ?? 0) : 0), fc.boolean())
        .map(([b, asText]) => ({
          input: s.wrap ? s.wrap(b) : asText ? new TextDecoder().decode(b) : b,
          ...(s.password ? { password: s.password } : {}),
        })),
    });
    if (s.json) {
      parts.push({
        weight: 3,
        arbitrary: mutateJson(new TextDecoder().decode(s.bytes)).map((input) => ({
          input,
          ...(s.password ? { password: s.password } : {}),
        })),
      });
    }
  }
  return fc.oneof(...parts);
}

function fixtureSeeds(names: string[], json: boolean): Seed[] {
  return fixturesExist ? names.map((n) => ({ bytes: readFixture(n), json })) : [];
}

async function fuzz(seeds: Seed[], numRuns = FAMILY_RUNS): Promise<Stats> {
  const stats: Stats = new Map();
  await fc.assert(
    fc.asyncProperty(familyArb(seeds), async (c) => {
      await check(c, stats);
    }),
    { seed: SEED, numRuns, endOnFailure: true },
  );
  return stats;
}

const text = (s: string): Seed => ({ bytes: enc.encode(s) });
const json = (v: unknown, extra: Partial<Seed> = {}): Seed => ({
  bytes: enc.encode(JSON.stringify(v)),
  json: true,
  ...extra,
});

const S1 = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

function detectsAsAndOtp(bytes: Uint8Array): boolean {
  try {
    return detectFormat(bytes) === 'andotp-encrypted';
  } catch {
    // e.g. an iteration count whose first byte is '{' reads as mis-encoded text.
    return false;
  }
}
const TIMEOUT = 60_000;

/** Coverage sanity: the fuzzer must reach the parsers, not only the format detector. */
function expectDepth(stats: Stats): void {
  const total = [...stats.values()].reduce((a, b) => a + b, 0);
  expect(total).toBeGreaterThanOrEqual(FAMILY_RUNS);
  expect((stats.get('ok') ?? 0) + (stats.get('ok+problems') ?? 0)).toBeGreaterThan(total / 20);
}

describe('fuzzing importFile per parser family', () => {
  it('otpauth lists and Ente', { timeout: TIMEOUT }, async () => {
    const stats = await fuzz([
      text(`# c\n${SEVEN_URIS.join('\n')}\nsteam://${S1}\n`),
      text(`${SEVEN_URIS.map((u) => `${u}&codeDisplay=%7B%22trashed%22%3Afalse%7D`).join('\r\n')}`),
      ...fixtureSeeds(['plain.txt', 'ente_auth.txt'], false),
    ]);
    expectDepth(stats);
  });

  it('Google Authenticator migration links', { timeout: TIMEOUT }, async () => {
    const ok = seven.filter(
      (a) =>
        a.otp.type !== 'steam' &&
        a.otp.digits !== 7 &&
        (a.otp.type === 'hotp' || a.otp.period === 30),
    );
    const uris = encodeMigrationBatches([...ok, { ...ok[0]!, issuer: 'Überbank 東京 🔐' }], 400, {
      batchId: 5,
    });
    // Mutating the links mostly breaks their Base64; mutating the protobuf payload inside and
    // wrapping it again reaches the message decoder.
    const payload = decodeBase64(
      decodeURIComponent(new URL(uris[0]!).searchParams.get('data') ?? ''),
    );
    const stats = await fuzz([
      text(uris.join('\n')),
      text(uris[0]!),
      {
        bytes: payload,
        wrap: (b) => `otpauth-migration://offline?data=${encodeURIComponent(encodeBase64(b))}`,
      },
      ...fixtureSeeds(['google_authenticator_migration.txt'], false),
    ]);
    expectDepth(stats);
  });

  it('Aegis, plain and encrypted', { timeout: TIMEOUT }, async () => {
    const db = JSON.parse(writeAegisPlain(seven)) as { db: unknown };
    const stats = await fuzz([
      json(JSON.parse(writeAegisPlain(seven))),
      json(JSON.parse(await makeAegisEncrypted(db.db, 'pw', { n: 2, r: 1, p: 1 })), {
        password: 'pw',
      }),
      ...fixtureSeeds(['aegis_plain.json', 'aegis_encrypted.json'], true),
    ]);
    expectDepth(stats);
    expect(stats.get('E_BAD_PASSPHRASE') ?? 0).toBeGreaterThan(0);
    expect(stats.get('E_KDF_PARAMS') ?? 0).toBeGreaterThan(0);
  });

  it('2FAS, plain and encrypted', { timeout: TIMEOUT }, async () => {
    const services = [
      {
        name: 'Deno',
        secret: S1,
        otp: {
          account: 'Mason',
          issuer: 'Deno',
          digits: 6,
          period: 30,
          algorithm: 'SHA1',
          tokenType: 'TOTP',
        },
      },
      {
        name: 'WWE',
        secret: S1,
        otp: {
          account: 'Mason',
          issuer: 'WWE',
          digits: 8,
          algorithm: 'SHA512',
          counter: 5,
          tokenType: 'HOTP',
        },
      },
      { name: 'Steam', secret: S1, otp: { tokenType: 'STEAM' } },
    ];
    const plain = { services, groups: [], schemaVersion: 4, appOrigin: 'android' };
    const encrypted = await makeTwoFasEncrypted(services, 'pw');
    // Without a password: structure checks of the encrypted layout, no KDF.
    const stats = await fuzz([
      json(plain),
      json(JSON.parse(encrypted)),
      ...fixtureSeeds(
        [
          '2fas_authenticator_plain.2fas',
          '2fas_authenticator_plain_v4.2fas',
          '2fas_authenticator_encrypted.2fas',
          '2fas_authenticator_encrypted_v4.2fas',
        ],
        true,
      ),
    ]);
    expectDepth(stats);
    // With the password: 2FAS fixes PBKDF2 at 10,000 iterations (~5 ms), so fewer runs.
    const withPassword: Stats = new Map();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(mutateBytes(enc.encode(encrypted)), mutateJson(encrypted)),
        async (input) => {
          await check({ input, password: 'pw' }, withPassword);
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
    expect(withPassword.get('E_BAD_PASSPHRASE') ?? 0).toBeGreaterThan(0);
  });

  it('Bitwarden JSON and CSV', { timeout: TIMEOUT }, async () => {
    const items = SEVEN_URIS.map((totp, i) => ({
      type: 1,
      name: `Item ${i}`,
      login: { username: 'u', totp, uris: [{ uri: 'https://example.com' }] },
    }));
    const csv = [
      'folder,favorite,type,name,notes,fields,login_uri,login_username,login_password,login_totp',
      ...SEVEN_URIS.map(
        (u, i) =>
          `,,login,"Item, ${i}","a ""note""\nhere",,"https://a.example,https://b.example",user,pw,${u}`,
      ),
      `,,login,Plain,,,,,pw,${S1}`,
    ].join('\n');
    const stats = await fuzz([
      json({ encrypted: false, folders: [], items }),
      text(csv),
      ...fixtureSeeds(['bitwarden.json'], true),
      ...fixtureSeeds(['bitwarden.csv'], false),
    ]);
    expectDepth(stats);
  });

  it('andOTP, plain and encrypted', { timeout: TIMEOUT }, async () => {
    const entries = seven.map((a) => ({
      secret: 'JBSWY3DPEHPK3PXP',
      issuer: a.issuer,
      label: a.label,
      digits: a.otp.digits,
      type: a.otp.type.toUpperCase(),
      algorithm: a.otp.algorithm,
      period: a.otp.period,
      counter: a.otp.counter,
    }));
    // One PBKDF2 iteration: mutations keep the 4-byte iteration header, so every run is cheap.
    const cheap = await makeAndOtpEncrypted(entries, 'pw', 1);
    const stats = await fuzz([
      json(entries),
      { bytes: cheap, password: 'pw', keep: 4 },
      ...fixtureSeeds(['andotp_plain.json'], true),
      ...(fixturesExist ? [{ bytes: readFixture('andotp_encrypted.bin') }] : []),
    ]);
    expectDepth(stats);
    expect(stats.get('E_BAD_PASSPHRASE') ?? 0).toBeGreaterThan(0);

    // The header itself: counts the bounds allow stay cheap here, the rest must be refused
    // by the parameter check (never derived), whatever else the file holds.
    const header: Stats = new Map();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.integer({ min: 0, max: 200 }),
          fc.integer({ min: 10_000_001, max: 0xffffffff }),
        ),
        mutateBytes(cheap, 4),
        async (iterations, bytes) => {
          const file = bytes.slice();
          if (file.length >= 4) new DataView(file.buffer).setUint32(0, iterations, false);
          const outcome = await check({ input: file, password: 'pw' }, header);
          const refusable = iterations === 0 || iterations > 10_000_000;
          if (refusable && file.length >= 44 && detectsAsAndOtp(file)) {
            invariant(outcome === 'E_KDF_PARAMS', `iterations ${iterations} gave ${outcome}`);
          }
        },
      ),
      { seed: SEED, numRuns: 1000 },
    );
    expect(header.get('E_KDF_PARAMS') ?? 0).toBeGreaterThan(0);
  });

  it(
    'FreeOTP+, Stratum, Proton and the Authenticator extension',
    { timeout: TIMEOUT },
    async () => {
      const freeotp = {
        tokenOrder: ['a'],
        tokens: seven.map((a) => ({
          algo: a.otp.algorithm,
          counter: a.otp.counter,
          digits: a.otp.digits,
          issuerExt: a.issuer,
          label: a.label,
          period: a.otp.period,
          secret: [...a.otp.secret].map((b) => (b > 127 ? b - 256 : b)),
          type: a.otp.type.toUpperCase(),
        })),
      };
      const stratum = {
        Authenticators: seven.map((a) => ({
          Type: { hotp: 1, totp: 2, steam: 4 }[a.otp.type],
          Issuer: a.issuer,
          Username: a.label,
          Secret: S1,
          Algorithm: { SHA1: 0, SHA256: 1, SHA512: 2 }[a.otp.algorithm],
          Digits: a.otp.digits,
          Period: a.otp.period,
          Counter: a.otp.counter,
        })),
      };
      const proton = {
        version: 1,
        entries: SEVEN_URIS.map((uri) => ({
          id: 'x',
          content: { uri, entry_type: 'Totp', name: 'n' },
        })),
      };
      const ext = Object.fromEntries(
        seven.map((a, i) => [
          `h${i}`,
          {
            account: a.label,
            issuer: a.issuer,
            secret: S1,
            type: a.otp.type,
            digits: a.otp.digits,
            period: a.otp.period,
            counter: a.otp.counter,
            index: i,
          },
        ]),
      );
      const families: [unknown, string][] = [
        [freeotp, 'freeotp_plus.json'],
        [stratum, 'stratum_plain.json'],
        [proton, 'proton_authenticator.json'],
        [ext, 'authenticator_extension_plain.json'],
      ];
      for (const [sample, fixture] of families) {
        expectDepth(await fuzz([json(sample), ...fixtureSeeds([fixture], true)]));
      }
    },
  );

  it(
    'FreeOTP 2, Ente Auth, Bitwarden (password-protected), Stratum (encrypted, HTML), TOTP Authenticator',
    { timeout: TIMEOUT * 2 },
    async () => {
      const tokens: FreeOtpToken[] = seven.map((a) => ({
        algo: a.otp.algorithm,
        counter: a.otp.counter,
        digits: a.otp.digits,
        issuerExt: a.otp.type === 'steam' ? 'Steam' : a.issuer,
        label: a.label,
        period: a.otp.period,
        type: a.otp.type === 'hotp' ? 'HOTP' : 'TOTP',
        secret: a.otp.secret,
      }));
      const lines = SEVEN_URIS.join('\n');
      const bitwardenPlain = {
        encrypted: false,
        items: SEVEN_URIS.map((totp, i) => ({ type: 1, name: `I${i}`, login: { totp } })),
      };
      const stratum = stratumJson(
        seven.map((a) => ({
          Type: a.otp.type === 'hotp' ? 1 : a.otp.type === 'steam' ? 4 : 2,
          Issuer: a.issuer,
          Username: a.label,
          Secret: S1,
          Algorithm: ['SHA1', 'SHA256', 'SHA512'].indexOf(a.otp.algorithm),
          Digits: a.otp.digits,
          Period: a.otp.period,
          Counter: a.otp.counter,
        })),
      );
      // The cheapest settings the checks allow, so mutated files can be opened many times.
      // Mutations with the password keep the key-derivation settings (kept prefix); the
      // structure-aware JSON mutations, which may ask for any cost, run without a password
      // (structure and parameter checks only).
      const freeotp = await makeFreeOtp2(tokens, 'pw', { iterations: 1 });
      const ente = await makeEnteEncrypted(lines, 'pw', 8192, 1);
      const bwPbkdf2 = await makeBitwardenProtected(bitwardenPlain, 'pw', {
        kdfType: 0,
        kdfIterations: 1,
      });
      const bwArgon = await makeBitwardenProtected(bitwardenPlain, 'pw', {
        kdfType: 1,
        kdfIterations: 1,
        kdfMemory: 1,
        kdfParallelism: 1,
      });
      const totpAuth = await makeTotpAuthenticator(
        seven.map((a) => ({ issuer: a.issuer, name: a.label, key: S1, base: 32 })),
        'pw',
      );
      const keepUntil = (t: string, key: string) => enc.encode(t.slice(0, t.indexOf(key))).length;
      const stats = await fuzz([
        { bytes: freeotp, password: 'pw' },
        { bytes: enc.encode(ente), password: 'pw', keep: keepUntil(ente, '"encryptedData"') },
        json(JSON.parse(ente)),
        {
          bytes: enc.encode(bwPbkdf2),
          password: 'pw',
          keep: keepUntil(bwPbkdf2, '"encKeyValidation_DO_NOT_EDIT"'),
        },
        {
          bytes: enc.encode(bwArgon),
          password: 'pw',
          keep: keepUntil(bwArgon, '"encKeyValidation_DO_NOT_EDIT"'),
        },
        json(JSON.parse(bwArgon)),
        { bytes: await makeStratumStrong(stratum, 'pw') },
        { bytes: await makeStratumLegacy(stratum, 'pw') },
        text(makeStratumHtml(SEVEN_URIS)),
        { bytes: enc.encode(totpAuth), password: 'pw' },
      ]);
      expectDepth(stats);
      expect(stats.get('E_BAD_PASSPHRASE') ?? 0).toBeGreaterThan(0);
      expect(stats.get('E_KDF_PARAMS') ?? 0).toBeGreaterThan(0);
    },
  );
  it('LastPass, Proton Pass, Steam Guard and WinAuth', { timeout: TIMEOUT }, async () => {
    const totps = seven.filter((a) => a.otp.type === 'totp');
    const proton = makeProtonPassJson(
      SEVEN_URIS.map((totpUri, i) => ({ name: `Item ${i}`, username: 'u', totpUri })),
    );
    const families: Seed[][] = [
      [
        json(JSON.parse(makeLastPass(totps, 'android'))),
        json(JSON.parse(makeLastPass(totps, 'ios'))),
      ],
      [json(JSON.parse(proton))],
      [json(JSON.parse(makeMaFile(enc.encode('0123456789abcdefghij'), 'gabe')))],
      [text(makeWinAuthText(seven))],
    ];
    for (const seeds of families) expectDepth(await fuzz(seeds));
  });

  it('ZIP archives, plain and encrypted', { timeout: TIMEOUT }, async () => {
    const totps = seven.filter((a) => a.otp.type === 'totp');
    const plain = makeZip({
      'Proton Pass/data.json': makeProtonPassJson([
        { name: 'A', username: 'u', totpUri: SEVEN_URIS[0]! },
      ]),
      'lastpass.json': makeLastPass(totps, 'ios'),
    });
    const stored = makeZip({ 'codes.txt': SEVEN_URIS.join('\n') });
    const zipCrypto = await makeEncryptedZip(
      { 'w.txt': makeWinAuthText(seven) },
      'pw',
      'zipcrypto',
    );
    const aes = await makeEncryptedZip({ 'w.txt': makeWinAuthText(seven) }, 'pw', 'aes');
    // Byte mutations mostly break a zip's checksums, so the parsers are reached less often
    // than with text formats: check that every outcome is typed and that some files import.
    const stats = await fuzz([
      { bytes: plain },
      { bytes: stored },
      { bytes: zipCrypto, password: 'pw' },
      { bytes: aes, password: 'pw' },
    ]);
    const total = [...stats.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(FAMILY_RUNS);
    expect((stats.get('ok') ?? 0) + (stats.get('ok+problems') ?? 0)).toBeGreaterThan(0);
    expect(stats.get('E_CORRUPT') ?? 0).toBeGreaterThan(0);
    expect(stats.get('E_BAD_PASSPHRASE') ?? 0).toBeGreaterThan(0);

    // Steam Desktop Authenticator's encrypted folder: SDA fixes PBKDF2 at 50,000 iterations
    // per file, so fewer runs.
    const sda = await makeSdaEncryptedZip(
      [{ name: 'gabe', secret: enc.encode('0123456789abcdefghij') }],
      'pw',
    );
    const withPassword: Stats = new Map();
    await fc.assert(
      fc.asyncProperty(mutateBytes(sda), async (input) => {
        await check({ input, password: 'pw' }, withPassword);
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(withPassword.get('E_CORRUPT') ?? 0).toBeGreaterThan(0);
  });

  it('KeePass KDBX 3.1 and 4', { timeout: 4 * TIMEOUT }, async () => {
    const otps = seven.map((account) => ({ kind: 'otp-uri' as const, account }));
    const seeds: Seed[] = [
      // Cheapest settings (64 KiB Argon2, 1,000 AES rounds), so thousands of runs stay quick.
      { bytes: await makeKdbx(otps, 'pw', { version: 4, kdf: 'argon2id' }), password: 'pw' },
      { bytes: await makeKdbx(otps, 'pw', { version: 4, kdf: 'aes' }), password: 'pw' },
      { bytes: await makeKdbx(otps, 'pw', { version: 3 }), password: 'pw' },
    ];
    const stats = await fuzz(seeds, 3000);
    const total = [...stats.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(3000);
    expect(stats.get('E_CORRUPT') ?? 0).toBeGreaterThan(0);
    expect(stats.get('ok') ?? 0).toBeGreaterThan(0);
    // Mutated headers: bad key-derivation settings are refused, never derived.
    expect(stats.get('E_KDF_PARAMS') ?? 0).toBeGreaterThan(0);
  });

  it('random input of any kind, as text and as bytes', { timeout: TIMEOUT }, async () => {
    const stats: Stats = new Map();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(randomText, randomBytes, fc.string({ unit: 'grapheme', maxLength: 200 })),
        async (input) => {
          await check({ input }, stats);
        },
      ),
      { seed: SEED, numRuns: FAMILY_RUNS },
    );
    expect(stats.get('E_IMPORT_FORMAT') ?? 0).toBeGreaterThan(0);
  });

  it('a Base64 dump of a real export is refused cleanly', async () => {
    await expect(importFile(encodeBase64(enc.encode(SEVEN_URIS.join('\n'))))).rejects.toMatchObject(
      { code: 'E_IMPORT_FORMAT' },
    );
  });
});
