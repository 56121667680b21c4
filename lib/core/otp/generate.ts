import { HOTP, Secret } from 'otpauth';
import { TesseraError } from '../errors';
import type { OtpParams, OtpType } from './types';
import { validateOtpParams } from './validate';

const STEAM_ALPHABET = '23456789BCDFGHJKMNPQRTVWXY';

/**
 * otpauth's dynamic truncation reduces the 31-bit value modulo 10^digits. With 10 digits the
 * modulus (10^10) exceeds 2^31, so the "code" is the untouched 31-bit value that Steam Guard
 * needs; this reuses the library's HMAC and truncation instead of duplicating them.
 */
const FULL_31_BIT_DIGITS = 10;

function requireType(p: OtpParams, ...types: OtpType[]): void {
  validateOtpParams(p);
  if (!types.includes(p.type)) {
    throw new TesseraError(
      'E_FIELD_INVALID',
      `This operation does not apply to ${p.type} accounts.`,
      {
        field: 'type',
      },
    );
  }
}

function requireCounter(counter: number): void {
  if (!Number.isSafeInteger(counter) || counter < 0) {
    throw new TesseraError('E_COUNTER', 'The counter must be a whole number from 0 to 2^53−1.');
  }
}

function requireTime(atMs: number): void {
  if (
    typeof atMs !== 'number' ||
    !Number.isFinite(atMs) ||
    atMs < 0 ||
    atMs > Number.MAX_SAFE_INTEGER
  ) {
    throw new TesseraError(
      'E_FIELD_INVALID',
      'The time must be a non-negative number of milliseconds.',
      {
        field: 'atMs',
      },
    );
  }
}

/**
 * The RFC 6238 time step, in integer arithmetic: floating division like
 * Math.floor(ms / 1000 / period) can round up across a step boundary for large times.
 */
function timeStep(atMs: number, period: number): number {
  const ms = Math.floor(atMs);
  const seconds = (ms - (ms % 1000)) / 1000;
  return (seconds - (seconds % period)) / period;
}

/** RFC 4226 HOTP for any counter up to 2^53−1 (otpauth writes all 8 counter bytes correctly). */
function hmacOtp(p: OtpParams, counter: number, digits: number): string {
  // Copy: Secret wraps the whole underlying buffer, which for a subarray view is too much.
  const secret = new Secret({ buffer: p.secret.slice().buffer });
  return HOTP.generate({ secret, algorithm: p.algorithm, digits, counter });
}

export function hotpCode(p: OtpParams, counter: number): string {
  requireType(p, 'hotp');
  requireCounter(counter);
  return hmacOtp(p, counter, p.digits);
}

export function totpCode(p: OtpParams, atMs: number): string {
  requireType(p, 'totp');
  requireTime(atMs);
  return hmacOtp(p, timeStep(atMs, p.period), p.digits);
}

export function steamCode(p: OtpParams, atMs: number): string {
  requireType(p, 'steam');
  requireTime(atMs);
  let value = Number(hmacOtp(p, timeStep(atMs, p.period), FULL_31_BIT_DIGITS));
  let code = '';
  for (let i = 0; i < p.digits; i++) {
    code += STEAM_ALPHABET[value % STEAM_ALPHABET.length];
    value = Math.floor(value / STEAM_ALPHABET.length);
  }
  return code;
}

/** The code shown at `atMs` for a time-based account (TOTP or Steam). */
export function codeAt(p: OtpParams, atMs: number): string {
  requireType(p, 'totp', 'steam');
  return p.type === 'steam' ? steamCode(p, atMs) : totpCode(p, atMs);
}

/** The time step containing `atMs`, as [validFrom, validUntil) in epoch milliseconds. */
export function timeWindow(p: OtpParams, atMs: number): { validFrom: number; validUntil: number } {
  requireType(p, 'totp', 'steam');
  requireTime(atMs);
  const stepMs = p.period * 1000;
  const validFrom = timeStep(atMs, p.period) * stepMs;
  return { validFrom, validUntil: validFrom + stepMs };
}
