import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import type { KitTemplate } from '../lib/core/kit/kitFile';

/**
 * Bundles the emergency kit's decryptor (kit/main.ts with hash-wasm's inline Argon2id
 * WebAssembly, otpauth-free OTP core, qrcode) into one classic script, and hashes it and the
 * kit's style sheet for the kit's CSP. Run at build time by the Vite plugin in wxt.config.ts and
 * by the Node tests, so both see the same bytes (in production mode).
 */
export async function buildKitTemplate(
  kitDir = fileURLToPath(new URL('.', import.meta.url)),
  { mode = 'production' }: { mode?: string } = {},
): Promise<KitTemplate> {
  const input = path.join(kitDir, 'main.ts');
  // The extension build's mode, as Vite would define it: the e2e build's kit opens the e2e
  // build's fast test slots (lib/core/crypto/e2eKdf.ts), a production kit never does.
  const define = { 'import.meta.env.MODE': JSON.stringify(mode) };
  const bundle = await rolldown({
    input,
    platform: 'browser',
    logLevel: 'silent',
    transform: { define },
  });
  let script: string;
  try {
    const { output } = await bundle.generate({ format: 'iife', minify: true });
    script = output[0].code;
  } finally {
    await bundle.close();
  }
  const style = await readFile(path.join(kitDir, 'kit.css'), 'utf8');
  // A script element ends at the first "</script"; the bundle must not contain one.
  if (/<\/script/i.test(script) || /<\/style/i.test(style)) {
    throw new Error('The kit bundle contains a closing tag it cannot be embedded with.');
  }
  return { script, style, scriptHash: sha256(script), styleHash: sha256(style) };
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}
