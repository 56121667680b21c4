// lib/core is TypeScript and `npm run bench` is plain Node 20, so bundle the scan module once
// with rolldown (Vite's bundler, already installed) into a git-ignored file and import that.
// jsqr stays external: the baseline and the pipeline then run the very same jsQR module.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rolldown } from 'rolldown';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const OUT_DIR = path.join(repoRoot, 'bench', 'corpus', '.build');

/** @returns {Promise<typeof import('../../lib/core/scan/index.ts')>} */
export async function loadScanCore() {
  const bundle = await rolldown({
    input: path.join(repoRoot, 'lib', 'core', 'scan', 'index.ts'),
    platform: 'node',
    external: ['jsqr'],
    logLevel: 'warn',
  });
  const { output } = await bundle.generate({ format: 'esm' });
  await bundle.close();
  mkdirSync(OUT_DIR, { recursive: true });
  // A fresh name per run: Node caches modules by URL, and a rebuilt bundle must not be skipped.
  const file = path.join(OUT_DIR, `scan-core-${process.pid}-${Date.now()}.mjs`);
  writeFileSync(file, output[0].code);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    // Loaded modules stay in memory; the file was only the way in.
    rmSync(file, { force: true });
  }
}
