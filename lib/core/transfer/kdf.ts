import { argon2id, scrypt } from 'hash-wasm';
import { TesseraError } from '../errors';
import { KDF_LIMITS } from './limits';

/**
 * Key derivation for encrypted imports. Parameters come from the file, so each function checks
 * them (E_KDF_PARAMS) before the KDF runs: a crafted file must not be able to ask for gigabytes
 * of memory or hours of work.
 *
 * scrypt runs in WASM (hash-wasm); WebCrypto has no scrypt. PBKDF2 runs in WebCrypto, which is
 * native: hash-wasm's PBKDF2 crosses the JS/WASM boundary several times per iteration and
 * managed about 60,000 SHA-1 iterations per second (2.4 s for andOTP's ~146,000, minutes at
 * the 10,000,000 bound), against about 1,000,000 per second natively.
 */

export interface ScryptParams {
  n: number;
  r: number;
  p: number;
  salt: Uint8Array;
}

function kdfError(field: string, message: string, value?: number): TesseraError {
  return new TesseraError(
    'E_KDF_PARAMS',
    message,
    value === undefined ? { reason: 'kdfUnsafe', field } : { reason: 'kdfUnsafe', field, value },
  );
}

function requireInt(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw kdfError(field, `The file's key derivation setting ${field} is not a whole number.`);
  }
  if (value < min || value > max) {
    throw kdfError(
      field,
      `The file's key derivation setting ${field} (${value}) is outside the safe range ${min}–${max}.`,
      value,
    );
  }
  return value;
}

function requireSalt(salt: unknown): Uint8Array {
  if (!(salt instanceof Uint8Array))
    throw kdfError('salt', "The file's key derivation salt is missing.");
  requireInt(salt.length, 'salt length', KDF_LIMITS.saltBytes.min, KDF_LIMITS.saltBytes.max);
  return salt;
}

/** Throws E_KDF_PARAMS unless the scrypt parameters are within KDF_LIMITS.scrypt. */
export function checkScryptParams(p: ScryptParams): void {
  const lim = KDF_LIMITS.scrypt;
  const n = requireInt(p.n, 'N', 2, 2 ** lim.maxLog2N);
  if ((n & (n - 1)) !== 0) throw kdfError('N', 'The scrypt cost N must be a power of two.', n);
  const r = requireInt(p.r, 'r', 1, lim.maxR);
  const pp = requireInt(p.p, 'p', 1, lim.maxP);
  if (128 * n * r > lim.maxMemoryBytes) {
    throw kdfError('N', 'The scrypt settings would need more than 1 GiB of memory.', n);
  }
  if (n * r * pp > lim.maxWork) {
    throw kdfError('p', 'The scrypt settings would take too long to compute.', pp);
  }
  requireSalt(p.salt);
}

/** Throws E_KDF_PARAMS unless the PBKDF2 iteration count and salt are within KDF_LIMITS. */
export function checkPbkdf2Params(iterations: number, salt: Uint8Array): void {
  requireInt(
    iterations,
    'iterations',
    KDF_LIMITS.pbkdf2.minIterations,
    KDF_LIMITS.pbkdf2.maxIterations,
  );
  requireSalt(salt);
}

export interface Argon2idParams {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
  salt: Uint8Array;
}

/** Throws E_KDF_PARAMS unless the Argon2id parameters are within KDF_LIMITS.argon2id. */
export function checkArgon2idParams(p: Argon2idParams): void {
  const lim = KDF_LIMITS.argon2id;
  const m = requireInt(p.memoryKiB, 'memory', lim.minMemoryKiB, lim.maxMemoryKiB);
  const t = requireInt(p.iterations, 'iterations', 1, lim.maxIterations);
  const par = requireInt(p.parallelism, 'parallelism', 1, lim.maxParallelism);
  if (m < 8 * par) throw kdfError('memory', 'Argon2id needs at least 8 KiB per lane.', m);
  if (m * t > lim.maxMemoryTimesIterationsKiB) {
    throw kdfError('iterations', 'The Argon2id settings would take too long to compute.', t);
  }
  requireSalt(p.salt);
  // Argon2 itself refuses salts under 8 bytes.
  if (p.salt.length < 8) throw kdfError('salt length', 'The Argon2id salt is too short.', 8);
}

function passwordBytes(password: string): Uint8Array {
  if (typeof password !== 'string') {
    throw new TesseraError('E_BAD_REQUEST', 'The password must be text.');
  }
  return new TextEncoder().encode(password);
}

async function runKdf(run: () => Promise<Uint8Array>): Promise<Uint8Array> {
  try {
    return await run();
  } catch {
    // hash-wasm fails only when WASM memory cannot grow, WebCrypto only on engine limits; their
    // messages are of no use to the user.
    throw new TesseraError('E_INTERNAL', 'Key derivation failed.');
  }
}

export async function deriveScrypt(
  password: string,
  p: ScryptParams,
  length = 32,
): Promise<Uint8Array> {
  checkScryptParams(p);
  const pw = passwordBytes(password);
  return runKdf(() =>
    scrypt({
      password: pw,
      salt: p.salt,
      costFactor: p.n,
      blockSize: p.r,
      parallelism: p.p,
      hashLength: length,
      outputType: 'binary',
    }),
  );
}

export async function derivePbkdf2(
  password: string,
  salt: Uint8Array,
  iterations: number,
  hash: 'SHA1' | 'SHA256' | 'SHA512',
  length = 32,
): Promise<Uint8Array> {
  checkPbkdf2Params(iterations, salt);
  const pw = passwordBytes(password);
  return runKdf(async () => {
    const subtle = globalThis.crypto.subtle;
    const base = await subtle.importKey('raw', new Uint8Array(pw), 'PBKDF2', false, ['deriveBits']);
    const bits = await subtle.deriveBits(
      {
        name: 'PBKDF2',
        hash: hash === 'SHA1' ? 'SHA-1' : hash === 'SHA256' ? 'SHA-256' : 'SHA-512',
        salt: new Uint8Array(salt),
        iterations,
      },
      base,
      length * 8,
    );
    return new Uint8Array(bits);
  });
}

export async function deriveArgon2id(
  password: string,
  p: Argon2idParams,
  length = 32,
): Promise<Uint8Array> {
  checkArgon2idParams(p);
  const pw = passwordBytes(password);
  return runKdf(() =>
    argon2id({
      password: pw,
      salt: p.salt,
      memorySize: p.memoryKiB,
      iterations: p.iterations,
      parallelism: p.parallelism,
      hashLength: length,
      outputType: 'binary',
    }),
  );
}
