import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * What the popup loads before it can show anything: popup.html and every script and style it
 * references (its own chunk and the shared chunks it imports), raw and gzip-compressed.
 * The brand icons are a chunk the popup imports dynamically once it shows the list;
 * lazyChunkSize reports them separately.
 */
export function popupBundleSize(extensionDir) {
  const html = readFileSync(path.join(extensionDir, 'popup.html'), 'utf8');
  const files = new Set(['popup.html']);
  const queue = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  while (queue.length > 0) {
    const rel = queue.shift();
    if (files.has(rel)) continue;
    const full = path.join(extensionDir, rel);
    try {
      if (!statSync(full).isFile()) continue;
    } catch {
      continue;
    }
    files.add(rel);
    if (rel.endsWith('.js')) {
      const js = readFileSync(full, 'utf8');
      // Static imports only: a dynamic import() (the brand icons) loads after the first paint.
      for (const m of js.matchAll(/(?:from|import)\s*["']\.{0,2}\/?([^"']+\.js)["']/g)) {
        const dep = path.normalize(path.join(path.dirname(rel), m[1])).replace(/\\/g, '/');
        queue.push(dep.startsWith('chunks/') || dep.includes('/') ? dep : `chunks/${dep}`);
      }
    }
  }
  let bytes = 0;
  let gzipBytes = 0;
  for (const rel of files) {
    const content = readFileSync(path.join(extensionDir, rel));
    bytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  return { files: [...files].sort(), bytes, gzipBytes };
}

/** Every file under the extension directory, for a total beside the popup's share. */
export function extensionSize(extensionDir) {
  let bytes = 0;
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else bytes += statSync(full).size;
    }
  };
  walk(extensionDir);
  return bytes;
}

/** A chunk loaded on demand, found by its name's start ("brandIconSet"), raw and gzip. */
export function lazyChunkSize(extensionDir, prefix) {
  const dir = path.join(extensionDir, 'chunks');
  const name = readdirSync(dir).find((f) => f.startsWith(`${prefix}-`) && f.endsWith('.js'));
  if (!name) return null;
  const content = readFileSync(path.join(dir, name));
  return {
    file: `chunks/${name}`,
    bytes: content.length,
    gzipBytes: gzipSync(content, { level: 9 }).length,
  };
}
