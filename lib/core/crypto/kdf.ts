import { argon2id } from 'hash-wasm';
import { TesseraError } from '../errors';
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

/**
 * Every new passphrase slot uses these: RFC 9106 §4's second recommended option for memory and
 * passes (64 MiB, t=3), with one lane because the WASM build computes lanes one after another.
 */
export const DEFAULT_ARGON2ID: Readonly<Argon2idCost> = Object.freeze({
  alg: 'argon2id',
  memoryKiB: 65536,
  iterations: 3,
  parallelism: 1,
});

/**
 * What we accept from storage, checked before Argon2id runs, because the parameters sit next to
 * the ciphertext and whoever can write storage can edit them.
 * - memoryKiB 19 MiB…1 GiB: below 19 MiB is a downgrade (OWASP's lowest Argon2id memory);
 *   above 1 GiB is a "memory bomb" for a service worker (wasm32 memory tops out at 4 GiB).
 * - iterations 1…10, and memory × iterations at least 19 MiB × 2 (OWASP's floor line: 19 MiB/t=2,
 *   46 MiB/t=1 both pass) and at most 1 GiB × 4, so neither a cheap nor a minute-long slot is
 *   accepted even when each factor alone is in range.
 * - parallelism 1…4: the WASM build runs lanes one after another, so lanes only add cost to us.
 * - salt 16…64 bytes: RFC 9106 §3.1 recommends 16; more than 64 buys nothing.
 */
export const ARGON2ID_BOUNDS = Object.freeze({
  memoryKiB: { min: 19 * 1024, max: 1024 * 1024 },
  iterations: { min: 1, max: 10 },
  memoryTimesIterations: { min: 19 * 1024 * 2, max: 1024 * 1024 * 4 },
  parallelism: { min: 1, max: 4 },
  saltBytes: { min: 16, max: 64 },
});

/**
 * Which passphrase slots this build makes and accepts. Production never changes it. Only the
 * composition roots of the e2e build (entrypoints/background, the kit) lower it, with a constant
 * that exists only in that build, so browser tests do not spend seconds of Argon2id on every
 * vault they create. Kept here rather than passed down every call, because slots are checked on
 * many paths (unlock, backup, restore, import, kit) and each must agree with the others.
 */
export interface KdfSetting {
  /** The cost of every new passphrase slot. */
  cost: Readonly<Argon2idCost>;
  /** The cheapest stored slot accepted: memory, passes, and memory × passes. */
  floor: Readonly<{ memoryKiB: number; iterations: number; memoryTimesIterations: number }>;
}

export const PRODUCTION_KDF: Readonly<KdfSetting> = Object.freeze({
  cost: DEFAULT_ARGON2ID,
  floor: Object.freeze({
    memoryKiB: ARGON2ID_BOUNDS.memoryKiB.min,
    iterations: ARGON2ID_BOUNDS.iterations.min,
    memoryTimesIterations: ARGON2ID_BOUNDS.memoryTimesIterations.min,
  }),
});

let setting: Readonly<KdfSetting> = PRODUCTION_KDF;

/**
 * For composition roots only, before any slot is made or read. The cost must itself pass the
 * new floor, so a setting cannot make slots it would then refuse.
 */
export function useKdfSetting(next: KdfSetting): void {
  const { cost, floor } = next;
  if (
    cost.memoryKiB < floor.memoryKiB ||
    cost.iterations < floor.iterations ||
    cost.memoryKiB * cost.iterations < floor.memoryTimesIterations
  ) {
    throw new TesseraError('E_KDF_PARAMS', 'The new-slot cost is below the accepted floor.');
  }
  setting = Object.freeze({ cost: { ...cost }, floor: { ...floor } });
}

/** The setting in force: PRODUCTION_KDF unless a composition root chose otherwise. */
export function kdfSetting(): Readonly<KdfSetting> {
  return setting;
}

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
  const { floor } = setting;
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
export function newArgon2idParams(cost: Argon2idCost = setting.cost): Argon2idParams {
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
