// Self-contained checks of code generation: an independent HOTP built on node:crypto proves the
// 8-byte counter encoding for counters beyond 2^32, where a 32-bit shortcut would go wrong.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TesseraError } from '../../../lib/core/errors';
import {
  codeAt,
  hotpCode,
  steamCode,
  timeWindow,
  totpCode,
  type OtpAlgorithm,
  type OtpParams,
} from '../../../lib/core/otp';

function referenceTruncated(secret: Uint8Array, algorithm: OtpAlgorithm, counter: number): number {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm.toLowerCase(), secret).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  return mac.readUInt32BE(offset) & 0x7fffffff;
}

function referenceHotp(
  secret: Uint8Array,
  algorithm: OtpAlgorithm,
  digits: number,
  counter: number,
) {
  return String(referenceTruncated(secret, algorithm, counter) % 10 ** digits).padStart(
    digits,
    '0',
  );
}

const secret20 = new TextEncoder().encode('12345678901234567890');
const params = (over: Partial<OtpParams>): OtpParams => ({
  type: 'totp',
  secret: secret20,
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  counter: 0,
  ...over,
});

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof TesseraError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('HOTP beyond 32-bit counters', { timeout: 30_000 }, () => {
  const big = [
    2 ** 32 - 1,
    2 ** 32,
    2 ** 32 + 1,
    2 ** 40 + 12345,
    2 ** 52 + 3,
    Number.MAX_SAFE_INTEGER,
  ];
  it.each(big)('counter %d matches an independent implementation', (counter) => {
    for (const algorithm of ['SHA1', 'SHA256', 'SHA512'] as const) {
      const p = params({ type: 'hotp', algorithm, digits: 8, counter });
      expect(hotpCode(p, counter)).toBe(referenceHotp(secret20, algorithm, 8, counter));
    }
  });

  it('matches the reference for arbitrary secrets, counters and digits', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 10, maxLength: 80 }),
        fc.constantFrom<OtpAlgorithm>('SHA1', 'SHA256', 'SHA512'),
        fc.integer({ min: 6, max: 8 }),
        fc.maxSafeNat(),
        (secret, algorithm, digits, counter) => {
          const p = params({ type: 'hotp', secret, algorithm, digits, counter });
          expect(hotpCode(p, counter)).toBe(referenceHotp(secret, algorithm, digits, counter));
        },
      ),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('uses a subarray secret by its own bytes, not its whole buffer', () => {
    const backing = new Uint8Array(64).fill(7);
    backing.set(secret20, 10);
    const view = backing.subarray(10, 30);
    const p = params({ type: 'hotp', secret: view });
    expect(hotpCode(p, 0)).toBe('755224'); // RFC 4226 counter 0
  });
});

describe('TOTP and Steam timing', { timeout: 30_000 }, () => {
  it('keeps leading zeros', () => {
    // RFC 6238: SHA1, T=1111111109 → 07081804.
    expect(totpCode(params({ digits: 8 }), 1111111109 * 1000)).toBe('07081804');
  });

  it('steps exactly on period boundaries, including periods that do not divide 1000 ms', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 2 ** 35 }),
        (period, step) => {
          const p = params({ period });
          const start = step * period * 1000;
          if (!Number.isSafeInteger(start + period * 1000)) return;
          const w = timeWindow(p, start);
          expect(w).toEqual({ validFrom: start, validUntil: start + period * 1000 });
          expect(timeWindow(p, start + period * 1000 - 1)).toEqual(w);
          // Half milliseconds exist only where doubles still have a fractional bit.
          if (start + period * 1000 < 2 ** 52) {
            expect(timeWindow(p, start + period * 1000 - 0.5)).toEqual(w);
          }
          expect(totpCode(p, start)).toBe(referenceHotp(secret20, 'SHA1', 6, step));
          expect(totpCode(p, start + period * 1000 - 1)).toBe(
            referenceHotp(secret20, 'SHA1', 6, step),
          );
        },
      ),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('steam codes use only the Steam alphabet and change with the 30 s step', () => {
    const p = params({ type: 'steam', digits: 5 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 43 }), (seconds) => {
        const code = steamCode(p, seconds * 1000);
        expect(code).toMatch(/^[23456789BCDFGHJKMNPQRTVWXY]{5}$/);
        expect(codeAt(p, seconds * 1000)).toBe(code);
        // Independent decoding of the same 31-bit value.
        let v = referenceTruncated(secret20, 'SHA1', Math.floor(seconds / 30));
        let expected = '';
        for (let i = 0; i < 5; i++) {
          expected += '23456789BCDFGHJKMNPQRTVWXY'[v % 26];
          v = Math.floor(v / 26);
        }
        expect(code).toBe(expected);
      }),
      { seed: 42, numRuns: 1000 },
    );
    expect(timeWindow(p, 45_000)).toEqual({ validFrom: 30_000, validUntil: 60_000 });
  });
});

describe('misuse is a TesseraError', () => {
  it('rejects times that are not non-negative finite milliseconds', () => {
    for (const t of [-1, NaN, Infinity, -Infinity, 2 ** 53]) {
      expect(codeOf(() => totpCode(params({}), t))).toBe('E_FIELD_INVALID');
      expect(codeOf(() => timeWindow(params({}), t))).toBe('E_FIELD_INVALID');
    }
  });

  it('rejects bad HOTP counters', () => {
    const p = params({ type: 'hotp' });
    for (const c of [-1, 1.5, 2 ** 53, NaN]) expect(codeOf(() => hotpCode(p, c))).toBe('E_COUNTER');
  });

  it('rejects the wrong generator for the type', () => {
    expect(codeOf(() => hotpCode(params({}), 0))).toBe('E_FIELD_INVALID');
    expect(codeOf(() => totpCode(params({ type: 'hotp' }), 0))).toBe('E_FIELD_INVALID');
    expect(codeOf(() => codeAt(params({ type: 'hotp' }), 0))).toBe('E_FIELD_INVALID');
    expect(codeOf(() => timeWindow(params({ type: 'hotp' }), 0))).toBe('E_FIELD_INVALID');
    expect(codeOf(() => steamCode(params({}), 0))).toBe('E_FIELD_INVALID');
  });

  it('refuses to generate from invalid params', () => {
    expect(codeOf(() => totpCode(params({ digits: 9 }), 0))).toBe('E_DIGITS');
    expect(codeOf(() => totpCode(params({ secret: new Uint8Array(9) }), 0))).toBe(
      'E_SECRET_TOO_SHORT',
    );
  });
});
