import { expect } from 'vitest';
import { TesseraError, type ErrorCode } from '../../../lib/core/errors';
import { decodeB64, encodeB64 } from '../../../lib/core/crypto/bytes';
import type { Argon2idCost } from '../../../lib/core/crypto/kdf';

/**
 * The cheapest cost the bounds accept (19 MiB, t=2: OWASP's floor line), so most tests run one
 * Argon2id in well under 0.1 s. One test uses DEFAULT_ARGON2ID end to end.
 */
export const FAST_COST: Argon2idCost = {
  alg: 'argon2id',
  memoryKiB: 19 * 1024,
  iterations: 2,
  parallelism: 1,
};

/** Flips one bit of a base64 field's decoded bytes and re-encodes it. */
export function flipB64(value: string, byteIndex = 0, bit = 0): string {
  const bytes = decodeB64(value);
  bytes[byteIndex] = (bytes[byteIndex] ?? 0) ^ (1 << bit);
  return encodeB64(bytes);
}

/** Awaits `run` and asserts it failed with a TesseraError carrying `code`. */
export async function expectCode(
  run: () => Promise<unknown> | unknown,
  code: ErrorCode,
): Promise<TesseraError> {
  let caught: unknown;
  try {
    await run();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(TesseraError);
  expect((caught as TesseraError).code).toBe(code);
  return caught as TesseraError;
}

/** Runs `run`; true when it threw anything other than a TesseraError (the fuzz failure case). */
export async function throwsNonTessera(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return false;
  } catch (e) {
    return !(e instanceof TesseraError);
  }
}

export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
