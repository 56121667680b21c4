// Property tests for the otpauth:// parser and the parameter validator.
//
// Names: an issuer or account name is valid when it is already trimmed, at most
// MAX_ISSUER_LENGTH / MAX_LABEL_LENGTH UTF-16 units, free of control characters, lone surrogates
// and bidi controls, and the two are not both empty. Both may contain ':' (and every other URI
// delimiter): the format writes the issuer parameter and an "Issuer:" or ":" label prefix so the
// parser can always split the label back unambiguously.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TesseraError } from '../../../lib/core/errors';
import {
  MAX_ISSUER_LENGTH,
  MAX_LABEL_LENGTH,
  formatOtpauthUri,
  parseOtpauthUri,
  validateOtpParams,
  type OtpAccount,
  type OtpAlgorithm,
  type OtpParams,
} from '../../../lib/core/otp';

const RUNS = { seed: 42, numRuns: 10_000 };
// Each property takes well under a second alone; the margin is for a busy CI machine.
const SLOW = { timeout: 30_000 };

const FORBIDDEN_IN_NAME = /[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u;
const isValidName = (s: string, max: number) =>
  s === s.trim() && s.length <= max && !FORBIDDEN_IN_NAME.test(s);

// Characters that stress the encoder and the label split, mixed with ordinary text.
const tricky = fc.constantFrom(
  ':',
  '%',
  '&',
  '=',
  '?',
  '#',
  '/',
  '+',
  ' ',
  ';',
  '@',
  '%3A',
  '%25',
  '%23',
  '#EXT#',
  'a',
  'Z',
  'é',
  'ß',
  '例',
  '😀',
  '\u00A0',
  '\u200D',
  'Steam',
  'steam',
);
const nameText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: tricky, maxLength: 20 }),
  fc.string({ maxLength: 20 }),
);
const name = (max: number) => nameText.map((s) => s.trim()).filter((s) => isValidName(s, max));

const algorithm = fc.constantFrom<OtpAlgorithm>('SHA1', 'SHA256', 'SHA512');
// Mostly realistic sizes; sometimes up to the 1024-byte cap.
const secret = fc.oneof(
  { arbitrary: fc.uint8Array({ minLength: 10, maxLength: 64 }), weight: 9 },
  { arbitrary: fc.uint8Array({ minLength: 10, maxLength: 1024 }), weight: 1 },
);

const otpParams: fc.Arbitrary<OtpParams> = fc.oneof(
  fc.record({
    type: fc.constant('totp' as const),
    secret,
    algorithm,
    digits: fc.integer({ min: 6, max: 8 }),
    period: fc.integer({ min: 1, max: 300 }),
    counter: fc.constant(0),
  }),
  fc.record({
    type: fc.constant('hotp' as const),
    secret,
    algorithm,
    digits: fc.integer({ min: 6, max: 8 }),
    period: fc.oneof(fc.constant(30), fc.integer({ min: 1, max: 300 })),
    counter: fc.oneof(fc.nat(1000), fc.maxSafeNat()),
  }),
  fc.record({
    type: fc.constant('steam' as const),
    secret,
    algorithm: fc.constant('SHA1' as const),
    digits: fc.constant(5),
    period: fc.constant(30),
    counter: fc.constant(0),
  }),
);

const account: fc.Arbitrary<OtpAccount> = fc
  .record({ issuer: name(MAX_ISSUER_LENGTH), label: name(MAX_LABEL_LENGTH), otp: otpParams })
  .filter((a) => a.issuer !== '' || a.label !== '');

/**
 * Parses, and insists that any failure is a TesseraError and any success is a valid account.
 * Returns whether the input parsed, so tests can check that both paths were really exercised.
 */
function parseNeverCrashes(input: string): boolean {
  let parsed: OtpAccount;
  try {
    parsed = parseOtpauthUri(input).account;
  } catch (e) {
    if (!(e instanceof TesseraError)) {
      throw new Error(`non-TesseraError for ${JSON.stringify(input)}: ${String(e)}`);
    }
    return false;
  }
  // Whatever the parser lets through must be storable and exportable as is.
  validateOtpParams(parsed.otp);
  expect(parseOtpauthUri(formatOtpauthUri(parsed)).account).toEqual(parsed);
  return true;
}

function countOutcomes() {
  const seen = { parsed: 0, rejected: 0 };
  const check = (input: string) => {
    if (parseNeverCrashes(input)) seen.parsed++;
    else seen.rejected++;
  };
  return { seen, check };
}

describe('otpauth URI properties', SLOW, () => {
  it('(a) parse(format(a)) equals a for every valid account', () => {
    fc.assert(
      fc.property(account, (a) => {
        const uri = formatOtpauthUri(a);
        const { account: back } = parseOtpauthUri(uri);
        expect(back).toEqual(a);
        // Canonical: formatting again gives the same text.
        expect(formatOtpauthUri(back)).toBe(uri);
      }),
      RUNS,
    );
  });

  it('(a2) reads names written raw into the label path, as some generators do', () => {
    // No '%' (a raw one would be read as an escape) and no control characters; everything else
    // that real labels hold, '#', '?', '&', '+', ':' and spaces included, stays in the label.
    const rawPiece = fc.constantFrom(
      '#',
      '#EXT#',
      '?',
      '&',
      '=',
      '+',
      ' ',
      ':',
      '@',
      '.',
      '_',
      'a',
      'Z',
      'é',
      '例',
      '😀',
    );
    const rawName = fc
      .string({ unit: rawPiece, maxLength: 24 })
      .map((s) => s.trim())
      .filter((s) => s !== '');
    fc.assert(
      fc.property(rawName, rawName, (issuer, label) => {
        fc.pre(!issuer.includes(':'));
        const uri = `otpauth://totp/${issuer}:${label}?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=${encodeURIComponent(issuer)}`;
        const { account } = parseOtpauthUri(uri);
        expect({ issuer: account.issuer, label: account.label }).toEqual({
          issuer,
          label: label.trim(),
        });
        expect(parseOtpauthUri(formatOtpauthUri(account)).account).toEqual(account);
      }),
      RUNS,
    );
  });

  it('(b1) arbitrary strings either parse or throw a TesseraError', () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({ unit: 'grapheme', maxLength: 100 }),
      fc.string({ maxLength: 200 }).map((s) => `otpauth://${s}`),
      fc
        .tuple(
          fc.constantFrom(
            'otpauth://totp/',
            'otpauth://hotp/',
            'otpauth://steam/',
            'OTPAUTH://TOTP/',
          ),
          fc.string({ unit: tricky, maxLength: 10 }),
          fc.array(
            fc.tuple(
              fc.constantFrom(
                'secret',
                'issuer',
                'algorithm',
                'digits',
                'period',
                'counter',
                'encoder',
                'x',
              ),
              fc.oneof(
                fc.string({ maxLength: 12 }),
                fc.string({ unit: tricky, maxLength: 6 }),
                fc.constantFrom(
                  'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
                  'steam',
                  'SHA256',
                  '5',
                  '6',
                  '30',
                  '0',
                ),
              ),
            ),
            { maxLength: 8 },
          ),
        )
        .map(([head, label, kv]) => `${head}${label}?${kv.map(([k, v]) => `${k}=${v}`).join('&')}`),
      // Same, but with a good secret up front so that many inputs get past the secret check.
      fc
        .tuple(
          fc.constantFrom('otpauth://totp/', 'otpauth://hotp/', 'otpauth://steam/'),
          fc.string({ unit: tricky, maxLength: 10 }),
          fc.array(
            fc.tuple(
              fc.constantFrom('issuer', 'algorithm', 'digits', 'period', 'counter', 'encoder', 'x'),
              fc.oneof(
                fc.string({ unit: tricky, maxLength: 6 }),
                fc.constantFrom(
                  'steam',
                  'Steam',
                  'SHA256',
                  'sha512',
                  '5',
                  '6',
                  '8',
                  '30',
                  '0',
                  '42',
                ),
              ),
            ),
            { maxLength: 5 },
          ),
        )
        .map(
          ([head, label, kv]) =>
            `${head}${label}?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&${kv.map(([k, v]) => `${k}=${v}`).join('&')}`,
        ),
    );
    const { seen, check } = countOutcomes();
    fc.assert(fc.property(anyText, check), RUNS);
    // Not vacuous: the generator reaches both the success and the failure paths.
    expect(seen.parsed).toBeGreaterThan(100);
    expect(seen.rejected).toBeGreaterThan(1000);
  });

  it('(b2) mutated valid URIs either parse or throw a TesseraError', () => {
    const mutation = fc.oneof(
      fc.record({
        kind: fc.constant('insert' as const),
        at: fc.nat(),
        text: fc.string({ unit: 'binary', maxLength: 4 }),
      }),
      fc.record({
        kind: fc.constant('insert' as const),
        at: fc.nat(),
        text: fc.string({ unit: tricky, maxLength: 3 }),
      }),
      fc.record({
        kind: fc.constant('delete' as const),
        at: fc.nat(),
        len: fc.integer({ min: 1, max: 8 }),
      }),
      fc.record({
        kind: fc.constant('replace' as const),
        at: fc.nat(),
        text: fc.string({ minLength: 1, maxLength: 2 }),
      }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({
        kind: fc.constant('duplicate' as const),
        at: fc.nat(),
        len: fc.integer({ min: 1, max: 30 }),
      }),
    );
    type Mutation =
      | { kind: 'insert'; at: number; text: string }
      | { kind: 'delete'; at: number; len: number }
      | { kind: 'replace'; at: number; text: string }
      | { kind: 'truncate'; at: number }
      | { kind: 'duplicate'; at: number; len: number };
    const apply = (s: string, m: Mutation): string => {
      const at = s.length === 0 ? 0 : m.at % (s.length + 1);
      switch (m.kind) {
        case 'insert':
          return s.slice(0, at) + m.text + s.slice(at);
        case 'delete':
          return s.slice(0, at) + s.slice(at + m.len);
        case 'replace':
          return s.slice(0, at) + m.text + s.slice(at + m.text.length);
        case 'truncate':
          return s.slice(0, at);
        case 'duplicate':
          return s.slice(0, at + m.len) + s.slice(at, at + m.len) + s.slice(at + m.len);
      }
    };
    const { seen, check } = countOutcomes();
    fc.assert(
      fc.property(account, fc.array(mutation, { minLength: 1, maxLength: 4 }), (a, ms) => {
        check(ms.reduce(apply, formatOtpauthUri(a)));
      }),
      RUNS,
    );
    expect(seen.parsed).toBeGreaterThan(1000);
    expect(seen.rejected).toBeGreaterThan(1000);
  });
});

function codeOf(p: OtpParams): string {
  try {
    validateOtpParams(p);
  } catch (e) {
    if (e instanceof TesseraError) return e.code;
    throw e;
  }
  return 'ok';
}

describe('validateOtpParams properties', SLOW, () => {
  // Doubles, huge and negative numbers, NaN and infinities: everything outside a range.
  const anyNumber = fc.oneof(
    fc.integer({ min: -1000, max: 1000 }),
    fc.double(),
    fc.constantFrom(NaN, Infinity, -Infinity, 2 ** 53, -0.5, 6.5, Number.MAX_VALUE),
  );
  const validBase = otpParams.filter((p) => p.type !== 'steam');

  it('(c) rejects digits outside 6–8 (5 for Steam) and accepts those inside', () => {
    fc.assert(
      fc.property(otpParams, anyNumber, (p, digits) => {
        const ok =
          p.type === 'steam'
            ? digits === 5
            : Number.isInteger(digits) && digits >= 6 && digits <= 8;
        expect(codeOf({ ...p, digits })).toBe(ok ? 'ok' : 'E_DIGITS');
      }),
      RUNS,
    );
  });

  it('(c) rejects periods outside 1–300 (30 for Steam) and accepts those inside', () => {
    fc.assert(
      fc.property(otpParams, anyNumber, (p, period) => {
        const ok =
          p.type === 'steam'
            ? period === 30
            : Number.isInteger(period) && period >= 1 && period <= 300;
        expect(codeOf({ ...p, period })).toBe(ok ? 'ok' : 'E_PERIOD');
      }),
      RUNS,
    );
  });

  it('(c) rejects HOTP counters outside 0…2^53−1, and any counter on time-based types', () => {
    const counter = fc.oneof(
      anyNumber,
      fc.maxSafeNat(),
      fc.constantFrom(Number.MAX_SAFE_INTEGER, 0),
    );
    fc.assert(
      fc.property(otpParams, counter, (p, c) => {
        const inRange = Number.isSafeInteger(c) && c >= 0;
        const ok = p.type === 'hotp' ? inRange : c === 0;
        expect(codeOf({ ...p, counter: c })).toBe(ok ? 'ok' : 'E_COUNTER');
      }),
      RUNS,
    );
  });

  it('(c) rejects secrets shorter than 80 bits or longer than 1024 bytes, warns under 128 bits', () => {
    fc.assert(
      fc.property(validBase, fc.integer({ min: 0, max: 1100 }), (p, n) => {
        const q = { ...p, secret: new Uint8Array(n) };
        if (n < 10) expect(codeOf(q)).toBe('E_SECRET_TOO_SHORT');
        else if (n > 1024) expect(codeOf(q)).toBe('E_SECRET_INVALID');
        else
          expect(validateOtpParams(q).map((w) => w.code)).toEqual(n < 16 ? ['W_SECRET_SHORT'] : []);
      }),
      RUNS,
    );
  });

  it('rejects unknown types and algorithms, and non-SHA1 Steam', () => {
    const base: OtpParams = {
      type: 'totp',
      secret: new Uint8Array(20),
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0,
    };
    expect(codeOf({ ...base, type: 'TOTP' as 'totp' })).toBe('E_URI_TYPE');
    expect(codeOf({ ...base, algorithm: 'sha1' as 'SHA1' })).toBe('E_ALGORITHM');
    expect(codeOf({ ...base, algorithm: 'MD5' as 'SHA1' })).toBe('E_ALGORITHM');
    expect(codeOf({ ...base, type: 'steam', digits: 5, algorithm: 'SHA256' })).toBe('E_ALGORITHM');
    expect(codeOf({ ...base, secret: [1, 2, 3] as unknown as Uint8Array })).toBe(
      'E_SECRET_INVALID',
    );
    expect(codeOf(null as unknown as OtpParams)).toBe('E_FIELD_INVALID');
  });
});
