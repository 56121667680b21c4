/**
 * Bounds applied to files from other apps before any expensive work. The files are untrusted:
 * a crafted one must not be able to freeze or exhaust the browser.
 */
export const IMPORT_LIMITS = {
  /** Real exports with thousands of accounts stay far below this (about 500 bytes each). */
  maxBytes: 5 * 1024 * 1024,
  /** More accounts than any sync-stored vault can hold; stops pathological files early. */
  maxEntries: 10_000,
  /** Site suggestions kept per account (Bitwarden allows many URIs per login). */
  maxSitesPerAccount: 32,
  maxSiteLength: 2048,
} as const;

/**
 * KDF parameters read from a file are checked against these before the KDF runs. The upper
 * bounds stop "memory bombs" and minute-long derivations; Aegis uses N=2^15 r=8 p=1, 2FAS 10,000
 * and andOTP 140,000–160,000 PBKDF2 iterations, all far inside.
 */
export const KDF_LIMITS = {
  scrypt: {
    maxLog2N: 20,
    maxR: 32,
    maxP: 16,
    /** scrypt needs 128·N·r bytes; 1 GiB is already more than a service worker should take. */
    maxMemoryBytes: 1024 * 1024 * 1024,
    /** N·r·p bounds the work (p lanes run one after another in WASM): 2^20·8·2. */
    maxWork: 2 ** 24,
  },
  pbkdf2: { minIterations: 1, maxIterations: 10_000_000 },
  /**
   * Argon2id from other apps' files (Stratum 64 MiB·3, Bitwarden's default 64 MiB·3, Ente Auth's
   * "sensitive" 1 GiB·4 and its lower-memory fallbacks that double the passes as they halve the
   * memory). Memory × passes bounds the work; lanes run one after another in WASM, so they add
   * no memory and are bounded only loosely.
   */
  argon2id: {
    minMemoryKiB: 8,
    maxMemoryKiB: 1024 * 1024,
    maxIterations: 1024,
    maxParallelism: 16,
    maxMemoryTimesIterationsKiB: 1024 * 1024 * 4,
  },
  saltBytes: { min: 1, max: 1024 },
} as const;

/**
 * KeePass databases carry their own key-derivation settings. KeePassXC's defaults are Argon2d
 * with 64 MiB and a benchmark-chosen iteration count (a second on the writer's machine), or
 * AES-KDF with millions of rounds; KeePass's "1 second delay" button picks tens of millions of
 * AES rounds on a fast PC. The bounds leave room for those and refuse memory bombs. Argon2
 * runs its lanes one after another in WASM, so the cost is memory × iterations.
 */
export const KEEPASS_KDF_LIMITS = {
  argon2: {
    memoryKiB: { min: 8, max: 1024 * 1024 },
    iterations: { min: 1, max: 1000 },
    /** 1 GiB × 8 passes, or 64 MiB × 128: a few seconds to a minute in WASM. */
    memoryTimesIterations: { max: 1024 * 1024 * 8 },
    parallelism: { min: 1, max: 64 },
  },
  aesRounds: { min: 1, max: 100_000_000 },
} as const;
