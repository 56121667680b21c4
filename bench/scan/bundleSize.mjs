// What each QR decoder adds to the extension, minified and gzipped: Tessera's finder
// (lib/core/scan with @zxing/library's QR decoder and jsQR bundled in, as the background gets
// it) against zxing-wasm's reader (its JavaScript glue plus the .wasm it must ship locally).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { rolldown } from 'rolldown';
import { ZXING_WASM_FILE } from './zxingWasm.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');

/** @param {import('rolldown').InputOptions} input */
async function sizes(input) {
  const bundle = await rolldown({ platform: 'browser', logLevel: 'silent', ...input });
  const { output } = await bundle.generate({ format: 'esm', minify: true, codeSplitting: false });
  await bundle.close();
  const code = output
    .filter((o) => o.type === 'chunk')
    .map((o) => o.code)
    .join('\n');
  return { bytes: Buffer.byteLength(code), gzipBytes: gzipSync(code, { level: 9 }).length };
}

export async function scanBundleSizes() {
  const ours = await sizes({ input: path.join(repoRoot, 'lib', 'core', 'scan', 'index.ts') });
  const glue = await sizes({
    input: 'virtual:zxing-wasm-entry',
    plugins: [
      {
        name: 'entry',
        resolveId: (id) => (id === 'virtual:zxing-wasm-entry' ? id : null),
        load: (id) =>
          id === 'virtual:zxing-wasm-entry'
            ? "export { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';"
            : null,
      },
    ],
  });
  const wasm = readFileSync(ZXING_WASM_FILE);
  return {
    tessera: { ...ours, what: 'lib/core/scan + @zxing/library (QR decoder) + jsqr, minified' },
    zxingWasm: {
      bytes: glue.bytes + wasm.length,
      gzipBytes: glue.gzipBytes + gzipSync(wasm, { level: 9 }).length,
      jsGzipBytes: glue.gzipBytes,
      wasmBytes: wasm.length,
      what: 'zxing-wasm/reader JavaScript, minified, plus zxing_reader.wasm',
    },
  };
}
