// Emergency kit benchmark: the kit file's size (decryptor alone, and with 50 and 500 accounts)
// and how long it takes to open with the passphrase (default Argon2id cost) and with the
// recovery key, in Node and, when Chromium is found, in the kit itself opened from disk.
// `benchKit()` returns { results, rows } for scripts/bench.mjs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchAccountUris } from '../accounts.mjs';
import { findChrome } from '../../scripts/find-chrome.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const PASS = 'a bench passphrase of some length';

async function bundle(dir) {
  const { build } = await import('rolldown');
  const outfile = path.join(dir, 'kit-bench.mjs');
  await build({
    input: path.join(here, 'entry.ts'),
    platform: 'node',
    cwd: repoRoot,
    logLevel: 'silent',
    external: [/^node:/, 'rolldown'],
    output: { file: outfile, format: 'esm' },
  });
  return import(pathToFileURL(outfile).href);
}

async function timed(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function inBrowser(file, secret) {
  const chromePath = findChrome();
  if (!chromePath) return null;
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: chromePath });
  try {
    const page = await browser.newPage();
    await page.route('**', (r) =>
      r.request().url().startsWith('file:') ? r.continue() : r.abort(),
    );
    await page.goto(pathToFileURL(file).href);
    await page.getByLabel('secretLabel').fill(secret);
    const t0 = Date.now();
    await page.getByRole('button', { name: 'open' }).click();
    await page.getByTestId('kit-code').first().waitFor({ timeout: 120_000 });
    return Date.now() - t0;
  } finally {
    await browser.close();
  }
}

export async function benchKit() {
  // Inside the repository (.cache is ignored), so the bundle still resolves rolldown from here.
  mkdirSync(path.join(repoRoot, '.cache'), { recursive: true });
  const dir = mkdtempSync(path.join(repoRoot, '.cache', 'bench-kit-'));
  try {
    const mod = await bundle(dir);
    const results = { sizes: {}, nodeMs: {}, browserMs: {} };
    for (const count of [50, 500]) {
      const { uris } = benchAccountUris(repoRoot, count);
      const kit = await mod.makeKit(path.join(repoRoot, 'kit'), uris, PASS);
      results.decryptorBytes = kit.scriptBytes;
      results.sizes[count] = Buffer.byteLength(kit.html);
      results.nodeMs[`passphrase${count}`] = await timed(() => mod.openKit(kit.backup, PASS));
      results.nodeMs[`recovery${count}`] = await timed(() =>
        mod.openKit(kit.backup, kit.recoveryKey),
      );
      const file = path.join(dir, `kit-${count}.html`);
      writeFileSync(file, kit.html);
      results.browserMs[`passphrase${count}`] = await inBrowser(file, PASS);
    }
    const kb = (b) => `${(b / 1024).toFixed(1)} KiB`;
    const ms = (x) => (typeof x === 'number' ? `${x.toFixed(1)} ms` : '—');
    const rows = [
      ['kit: decryptor script', kb(results.decryptorBytes), '—', '—', '—'],
      ...[50, 500].flatMap((n) => [
        [`kit: file size, ${n} accounts`, kb(results.sizes[n]), '—', '—', '—'],
        [
          `kit: open with passphrase, ${n} accounts (Node)`,
          ms(results.nodeMs[`passphrase${n}`]),
          'recovery key',
          ms(results.nodeMs[`recovery${n}`]),
          '—',
        ],
        [
          `kit: open with passphrase, ${n} accounts (Chromium, file://)`,
          ms(results.browserMs[`passphrase${n}`]),
          '—',
          '—',
          '—',
        ],
      ]),
    ];
    return { results, rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { rows } = await benchKit();
  for (const r of rows) console.log(r.join('  |  '));
}
