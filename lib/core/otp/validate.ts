import { TesseraError } from '../errors';
import type { OtpAlgorithm, OtpParams, OtpType, OtpWarning } from './types';

/** Bounds every OtpParams must respect, whoever built it (URI, import, edit form). */
export const OTP_LIMITS = {
  minDigits: 6,
  defaultDigits: 6,
  maxDigits: 8,
  steamDigits: 5,
  minPeriod: 1,
  maxPeriod: 300,
  steamPeriod: 30,
  defaultPeriod: 30,
  maxCounter: Number.MAX_SAFE_INTEGER,
  /** RFC 4226 §4 R6 requires 128 bits and recommends 160; 80 bits is what real issuers still
   * hand out (many 16-character Base32 secrets), so it is the floor and below 128 only warns. */
  minSecretBytes: 10,
  recommendedSecretBytes: 16,
  /** Far above any real secret (SHA-512 blocks are 128 bytes), low enough that junk cannot
   * bloat the vault or a sync item. */
  maxSecretBytes: 1024,
} as const;

export const OTP_TYPES: readonly OtpType[] = ['totp', 'hotp', 'steam'];
export const OTP_ALGORITHMS: readonly OtpAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];

function isInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n);
}

/**
 * Checks OtpParams against the rules above and throws the first violation as a TesseraError.
 * Written defensively (typeof checks) because params also arrive from storage and other
 * contexts, where the static type is only a hope. Returns the non-fatal findings.
 */
export function validateOtpParams(p: OtpParams): OtpWarning[] {
  if (typeof p !== 'object' || p === null) {
    throw new TesseraError('E_FIELD_INVALID', 'OTP settings are missing.');
  }
  if (!OTP_TYPES.includes(p.type)) {
    throw new TesseraError('E_URI_TYPE', 'The OTP type must be TOTP, HOTP or Steam.');
  }
  if (!OTP_ALGORITHMS.includes(p.algorithm)) {
    throw new TesseraError('E_ALGORITHM', 'The algorithm must be SHA1, SHA256 or SHA512.');
  }
  if (p.type === 'steam' && p.algorithm !== 'SHA1') {
    throw new TesseraError('E_ALGORITHM', 'Steam Guard codes always use SHA1.');
  }

  if (p.type === 'steam') {
    if (p.digits !== OTP_LIMITS.steamDigits) {
      throw new TesseraError('E_DIGITS', 'Steam Guard codes always have 5 characters.');
    }
  } else if (
    !isInt(p.digits) ||
    p.digits < OTP_LIMITS.minDigits ||
    p.digits > OTP_LIMITS.maxDigits
  ) {
    throw new TesseraError('E_DIGITS', 'The number of digits must be 6, 7 or 8.');
  }

  if (p.type === 'steam') {
    if (p.period !== OTP_LIMITS.steamPeriod) {
      throw new TesseraError('E_PERIOD', 'Steam Guard codes always change every 30 seconds.');
    }
  } else if (
    !isInt(p.period) ||
    p.period < OTP_LIMITS.minPeriod ||
    p.period > OTP_LIMITS.maxPeriod
  ) {
    // HOTP ignores the period but must still carry a sane one, so switching type stays valid.
    throw new TesseraError(
      'E_PERIOD',
      'The period must be a whole number of seconds from 1 to 300.',
    );
  }

  if (!isInt(p.counter) || p.counter < 0) {
    throw new TesseraError('E_COUNTER', 'The counter must be a whole number from 0 to 2^53−1.');
  }
  if (p.type !== 'hotp' && p.counter !== 0) {
    // Time-based codes derive the counter from the clock; a stored one would be silently dropped
    // by every export, so it is refused instead.
    throw new TesseraError('E_COUNTER', 'Only HOTP accounts have a counter.');
  }

  if (!(p.secret instanceof Uint8Array)) {
    throw new TesseraError('E_SECRET_INVALID', 'The secret is not a byte array.');
  }
  const n = p.secret.byteLength;
  if (n < OTP_LIMITS.minSecretBytes) {
    throw new TesseraError(
      'E_SECRET_TOO_SHORT',
      `The secret is ${n * 8} bits long; at least ${OTP_LIMITS.minSecretBytes * 8} bits are needed.`,
      { bits: n * 8 },
    );
  }
  if (n > OTP_LIMITS.maxSecretBytes) {
    throw new TesseraError(
      'E_SECRET_INVALID',
      `The secret is longer than ${OTP_LIMITS.maxSecretBytes} bytes.`,
      { bytes: n },
    );
  }

  const warnings: OtpWarning[] = [];
  if (n < OTP_LIMITS.recommendedSecretBytes) {
    warnings.push({
      code: 'W_SECRET_SHORT',
      message: `The secret is only ${n * 8} bits long; 128 bits or more is recommended.`,
    });
  }
  return warnings;
}
