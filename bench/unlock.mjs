// Unlock cost: Argon2id as Tessera configures it versus the PBKDF2 setting OWASP recommends,
// both measured in the same extension page, in the same run, under the extension's CSP.

export const ARGON2ID_PARAMS = {
  memorySizeKiB: 64 * 1024,
  iterations: 3,
  parallelism: 1,
  hashLength: 32,
};
export const PBKDF2_PARAMS = { hash: 'SHA-256', iterations: 600_000, bits: 256 };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * @param {import('@playwright/test').BrowserContext} context
 * @param {string} extensionId
 * @param {{ runs?: number }} [options]
 */
export async function benchUnlock(context, extensionId, { runs = 5 } = {}) {
  const page = await context.newPage();
  try {
    await page.goto(`chrome-extension://${extensionId}/bench-kdf.html`);
    await page.waitForFunction(() => 'hashwasm' in globalThis);
    const argon2 = [];
    const pbkdf2 = [];
    // One warm-up of each (WASM compile, first allocation), then alternate so drift hits both.
    for (let i = -1; i < runs; i++) {
      const times = await page.evaluate(
        async ({ a, p }) => {
          const salt = crypto.getRandomValues(new Uint8Array(16));
          const password = new TextEncoder().encode('correct horse battery staple');
          const t0 = performance.now();
          // @ts-expect-error hash-wasm's UMD build defines this global.
          await globalThis.hashwasm.argon2id({
            password,
            salt,
            parallelism: a.parallelism,
            iterations: a.iterations,
            memorySize: a.memorySizeKiB,
            hashLength: a.hashLength,
            outputType: 'binary',
          });
          const t1 = performance.now();
          const key = await crypto.subtle.importKey('raw', password, 'PBKDF2', false, [
            'deriveBits',
          ]);
          await crypto.subtle.deriveBits(
            { name: 'PBKDF2', hash: p.hash, salt, iterations: p.iterations },
            key,
            p.bits,
          );
          const t2 = performance.now();
          return { argon2: t1 - t0, pbkdf2: t2 - t1 };
        },
        { a: ARGON2ID_PARAMS, p: PBKDF2_PARAMS },
      );
      if (i >= 0) {
        argon2.push(times.argon2);
        pbkdf2.push(times.pbkdf2);
      }
    }
    const argon2Median = median(argon2);
    const pbkdf2Median = median(pbkdf2);
    return {
      runtime: 'headless Chromium, extension page (real WebCrypto and WebAssembly, extension CSP)',
      argon2id: {
        params: ARGON2ID_PARAMS,
        library: 'hash-wasm',
        medianMs: argon2Median,
        samplesMs: argon2,
      },
      pbkdf2: {
        params: PBKDF2_PARAMS,
        library: 'WebCrypto',
        medianMs: pbkdf2Median,
        samplesMs: pbkdf2,
      },
      ratioToPbkdf2: argon2Median / pbkdf2Median,
    };
  } finally {
    await page.close();
  }
}

/** Bundles bench/unlock/hostileEntry.ts (lib/core) for plain Node with rolldown (Vite 8's). */
async function bundleHostileEntry() {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const { fileURLToPath, pathToFileURL } = await import('node:url');
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dir = mkdtempSync(path.join(tmpdir(), 'tessera-bench-unlock-'));
  const file = path.join(dir, 'core.mjs');
  try {
    const { build } = await import('rolldown');
    await build({
      input: path.join(here, 'unlock', 'hostileEntry.ts'),
      platform: 'node',
      cwd: path.resolve(here, '..'),
      logLevel: 'silent',
      output: { file, format: 'esm' },
    });
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A mistyped unlock, as VaultService runs it, with and without a planted "newer" backup header
 * that copies this vault's public id and carries 16 passphrase slots (the most a header may
 * hold) at Tessera's own cost. Before the per-operation KDF budget the planted header made the
 * unlock run all 16; now at most one of them runs. Node (hash-wasm's WebAssembly), real code.
 * @param {{ runs?: number }} [options]
 */
export async function benchHostileUnlock({ runs = 3 } = {}) {
  const core = await bundleHostileEntry();
  const store = {
    header: undefined,
    records: [],
    async getHeader() {
      return this.header ? structuredClone(this.header) : undefined;
    },
    async createHeader(h) {
      if (this.header) return false;
      this.header = structuredClone(h);
      return true;
    },
    async putHeader(h) {
      this.header = structuredClone(h);
    },
    async listRecords() {
      return [];
    },
    async putRecords() {},
  };
  let cached = null;
  const cache = {
    get: async () => cached,
    set: async (k) => void (cached = k),
    clear: async () => void (cached = null),
  };
  const vault = new core.VaultService(store, cache);
  await vault.create('correct horse battery staple');
  await vault.lock();
  const attackerKey = core.createMasterKey();
  const slots = [];
  for (let i = 0; i < 16; i++) {
    slots.push(await core.createPassphraseSlot(attackerKey, 'attacker', core.DEFAULT_ARGON2ID));
  }
  const hostile = {
    v: 1,
    vault: store.header.vaultId,
    gen: 1,
    slotsAt: Date.UTC(2100, 0, 1),
    slots,
    auth: { iv: core.encodeB64(new Uint8Array(12)), ct: core.encodeB64(new Uint8Array(16)) },
  };
  const mistyped = async (remote) => {
    const t0 = performance.now();
    const refused = await vault.unlock({ passphrase: 'correct horse battery stapel' }, remote).then(
      () => false,
      () => true,
    );
    if (!refused) throw new Error('the mistyped passphrase opened the vault');
    return performance.now() - t0;
  };
  const normal = [];
  const planted = [];
  await mistyped(null); // warm-up: WebAssembly compile, first allocation
  for (let i = 0; i < runs; i++) {
    normal.push(await mistyped(null));
    planted.push(await mistyped(hostile));
  }
  return {
    runtime: `Node ${process.version}, hash-wasm (WebAssembly), VaultService.unlock`,
    plantedSlots: slots.length,
    normal: { medianMs: median(normal), samplesMs: normal },
    hostile: { medianMs: median(planted), samplesMs: planted },
    ratio: median(planted) / median(normal),
  };
}
