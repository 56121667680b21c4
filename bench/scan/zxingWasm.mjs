// zxing-wasm (ZXing C++ compiled to WebAssembly) as a contender in the scan benchmark. The .wasm
// comes from node_modules, never from the CDN the package would fetch it from by default.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

const require = createRequire(import.meta.url);
export const ZXING_WASM_FILE = require.resolve('zxing-wasm/reader/zxing_reader.wasm');

/** Reader options: QR codes only, several per image, inverted codes too. */
export const ZXING_WASM_OPTIONS = {
  formats: /** @type {const} */ (['QRCode']),
  tryInvert: true,
  maxNumberOfSymbols: 16,
};

/** Loads the module once; the returned function reads every QR code's text in an RGBA image. */
export async function loadZxingWasm() {
  const wasmBinary = readFileSync(ZXING_WASM_FILE);
  await prepareZXingModule({
    overrides: {
      wasmBinary: wasmBinary.buffer.slice(
        wasmBinary.byteOffset,
        wasmBinary.byteOffset + wasmBinary.byteLength,
      ),
      // Emscripten still asks where the file lives; the answer is the local copy, never a URL.
      locateFile: () => ZXING_WASM_FILE,
    },
    fireImmediately: true,
  });
  /** @param {{ data: Uint8ClampedArray; width: number; height: number }} img */
  return async (img, options = ZXING_WASM_OPTIONS) =>
    (await readBarcodes(img, options)).filter((r) => r.isValid).map((r) => r.text);
}
