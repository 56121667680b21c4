import { argon2id } from 'hash-wasm';
import { TesseraError } from '../errors';
import { ARGON2ID_BOUNDS, kdfSetting } from './kdfSetting';
import {
  decodeB64,
  encodeB64,
  hasExactKeys,
  isPlainObject,
  randomBytes,
  utf8Encode,
  wipe,
  type Bytes,
} from './bytes';

/** Argon2id settings as stored next to the data they protect (salt in base64). */
export interface Argon2idParams {
  alg: 'argon2id';
  memoryKiB: number;
  iterations: number;
  parallelism: number;
  salt: string;
}

/** The cost part of the parameters: what a caller chooses; the salt is always fresh. */
export type Argon2idCost = Omit<Argon2idParams, 'salt'>;

export {
  ARGON2ID_BOUNDS,
  DEFAULT_ARGON2ID,
  PRODUCTION_KDF,
  kdfSetting,
  useKdfSetting,
  type KdfSetting,
} from './kdfSetting';

export const SALT_BYTES = 16;
export const DERIVED_KEY_BYTES = 32;

const PARAM_KEYS = ['alg', 'memoryKiB', 'iterations', 'parallelism', 'salt'] as const;

/**
 * Validates stored Argon2id parameters and returns a clean copy.
 * E_CORRUPT: not an object, unknown/missing fields, salt not a valid base64 string.
 * E_KDF_PARAMS: unknown algorithm, a cost that is not an integer or is out of bounds, salt
 * length out of bounds. Never runs the KDF, so it is safe on hostile input.
 */
export function checkKdfParams(p: unknown): Argon2idParams {
  if (!isPlainObject(p) || !hasExactKeys(p, PARAM_KEYS)) {
    throw new TesseraError('E_CORRUPT', 'Key derivation settings are damaged.');
  }
  if (p.alg !== 'argon2id') {
    throw new TesseraError('E_KDF_PARAMS', 'Unsupported key derivation algorithm.');
  }
  const { floor } = kdfSetting();
  const bounds = ARGON2ID_BOUNDS;
  const memoryKiB = checkInt(p.memoryKiB, 'memoryKiB', {
    min: floor.memoryKiB,
    max: bounds.memoryKiB.max,
  });
  const iterations = checkInt(p.iterations, 'iterations', {
    min: floor.iterations,
    max: bounds.iterations.max,
  });
  const parallelism = checkInt(p.parallelism, 'parallelism', bounds.parallelism);
  checkInt(memoryKiB * iterations, 'cost', {
    min: floor.memoryTimesIterations,
    max: bounds.memoryTimesIterations.max,
  });
  const salt = decodeB64(p.salt);
  const { min, max } = ARGON2ID_BOUNDS.saltBytes;
  if (salt.length < min || salt.length > max) {
    throw new TesseraError('E_KDF_PARAMS', 'Key derivation salt has an unsafe length.', {
      field: 'salt',
      bytes: salt.length,
    });
  }
  return {
    alg: 'argon2id',
    memoryKiB,
    iterations,
    parallelism,
    salt: p.salt as string,
  };
}

function checkInt(value: unknown, field: string, bounds: { min: number; max: number }): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new TesseraError('E_KDF_PARAMS', `Key derivation setting ${field} is not an integer.`, {
      field,
    });
  }
  if (value < bounds.min || value > bounds.max) {
    throw new TesseraError('E_KDF_PARAMS', `Key derivation setting ${field} is out of range.`, {
      field,
      value,
      min: bounds.min,
      max: bounds.max,
    });
  }
  return value;
}

/**
 * Fresh parameters for a new slot: the given cost (checked against the bounds; by default the
 * setting's, DEFAULT_ARGON2ID in production) and a new salt.
 */
export function newArgon2idParams(cost: Argon2idCost = kdfSetting().cost): Argon2idParams {
  return checkKdfParams({
    alg: cost.alg,
    memoryKiB: cost.memoryKiB,
    iterations: cost.iterations,
    parallelism: cost.parallelism,
    salt: encodeB64(randomBytes(SALT_BYTES)),
  });
}

/**
 * Argon2id (hash-wasm) → 32-byte key. The passphrase is NFC-normalised first so the same
 * characters typed on different systems (macOS tends to produce NFD) give the same key.
 * Parameters are re-checked here too, so no caller can reach the KDF with unchecked values.
 */
export async function deriveKey(passphrase: string, p: Argon2idParams): Promise<Bytes> {
  // Argon2 allows an empty password but hash-wasm refuses one; key slots never ask for it
  // (creating refuses it, opening reports it as a wrong passphrase).
  if (typeof passphrase !== 'string' || passphrase.length === 0) {
    throw new TesseraError('E_BAD_REQUEST', 'Passphrase must be a non-empty string.');
  }
  const params = checkKdfParams(p);
  const password = utf8Encode(passphrase.normalize('NFC'));
  const salt = decodeB64(params.salt);
  let out: Uint8Array;
  try {
    out = await argon2id({
      password,
      salt,
      memorySize: params.memoryKiB,
      iterations: params.iterations,
      parallelism: params.parallelism,
      hashLength: DERIVED_KEY_BYTES,
      outputType: 'binary',
    });
  } catch {
    // hash-wasm fails only on allocation (WASM memory) or internal errors; keep its message,
    // which could echo inputs, out of logs.
    throw new TesseraError('E_INTERNAL', 'Key derivation failed.');
  } finally {
    wipe(password);
  }
  const key = new Uint8Array(out);
  wipe(out);
  return key;
}
