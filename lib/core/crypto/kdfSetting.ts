// Kept apart from kdf.ts (which loads hash-wasm) so a composition root or a test set-up can
// choose the setting without loading the KDF itself.
import { TesseraError } from '../errors';
import type { Argon2idCost } from './kdf';

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
