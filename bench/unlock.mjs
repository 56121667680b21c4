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
