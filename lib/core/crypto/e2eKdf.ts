import type { KdfSetting } from './kdf';

/**
 * The e2e build's key derivation: 1 MiB and one pass instead of 64 MiB and three, so the
 * browser tests that create and unlock vaults all day do not each spend seconds in Argon2id.
 * Only the e2e build imports this (behind `import.meta.env.MODE === 'e2e'`), so a production
 * bundle neither makes nor accepts such slots: its floor stays ARGON2ID_BOUNDS, and
 * tests/e2e/manifest.spec.ts checks that none of this reached the production bundle.
 */
export const E2E_KDF: Readonly<KdfSetting> = Object.freeze({
  cost: Object.freeze({ alg: 'argon2id', memoryKiB: 1024, iterations: 1, parallelism: 1 }),
  floor: Object.freeze({ memoryKiB: 1024, iterations: 1, memoryTimesIterations: 1024 }),
});

/** Said once by the e2e build, so nobody mistakes it for a build to ship. */
export const E2E_KDF_NOTICE = 'Tessera e2e build: test-only fast key derivation (1 MiB, t=1).';
