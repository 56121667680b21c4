// `npm run bench`: prints a table and writes bench/results.json. Every figure comes with a
// baseline measured in the same run on the same machine; nothing here fails on speed.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchAccountUris } from '../bench/accounts.mjs';
import { benchPopup } from '../bench/popup.mjs';
import { benchUnlock } from '../bench/unlock.mjs';
import {
  E2E_EXTENSION_DIR,
  extensionIdOf,
  launchChromium,
  makeProfileDir,
  repoRoot,
  requireChrome,
  waitForServiceWorker,
} from './lib/launch-extension.mjs';

const SIZES = [50, 500, 2000];
// Fewer repetitions where each load is slow, to stay within a few minutes on two cores.
const REPS = { 50: 9, 500: 7, 2000: 5 };
const skipBuild = process.argv.includes('--no-build');
const started = Date.now();
const log = (s) => console.log(s);

if (!skipBuild) {
  log('Building the e2e extension (wxt build --mode e2e)…');
  const r = spawnSync(
    path.join(repoRoot, 'node_modules', '.bin', 'wxt'),
    ['build', '--mode', 'e2e'],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// The benchmark loads a copy of the e2e build with two extra pages (an empty baseline page and
// a KDF page), so the real build stays exactly what the tests and the store see.
const benchExtDir = path.join(repoRoot, '.cache', 'bench-extension');
rmSync(benchExtDir, { recursive: true, force: true });
mkdirSync(path.dirname(benchExtDir), { recursive: true });
cpSync(E2E_EXTENSION_DIR, benchExtDir, { recursive: true });
copyFileSync(
  path.join(repoRoot, 'bench', 'empty.html'),
  path.join(benchExtDir, 'bench-empty.html'),
);
copyFileSync(path.join(repoRoot, 'bench', 'kdf.html'), path.join(benchExtDir, 'bench-kdf.html'));
copyFileSync(
  path.join(repoRoot, 'node_modules', 'hash-wasm', 'dist', 'argon2.umd.min.js'),
  path.join(benchExtDir, 'hash-wasm-argon2.umd.min.js'),
);

const chromePath = requireChrome();
const chromeVersion = spawnSync(chromePath, ['--version'], { encoding: 'utf8' }).stdout.trim();
const results = {
  generatedAt: new Date().toISOString(),
  environment: {
    node: process.version,
    browser: chromeVersion,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
  },
  unlock: null,
  popup: null,
  errors: {},
};

const profileDir = makeProfileDir('tessera-bench-');
const context = await launchChromium({ extensionDir: benchExtDir, profileDir });
try {
  const extensionId = extensionIdOf(await waitForServiceWorker(context));

  log('unlock: Argon2id (m=64 MiB, t=3, p=1) vs PBKDF2-SHA256 (600,000 iterations)…');
  try {
    results.unlock = await benchUnlock(context, extensionId);
  } catch (e) {
    results.errors.unlock = e instanceof Error ? e.message.split('\n')[0] : String(e);
  }

  log('popup: time until every code shows, 50 / 500 / 2,000 accounts…');
  try {
    const { uris, source } = benchAccountUris(repoRoot, Math.max(...SIZES));
    results.popup = {
      accountsFrom: source,
      ...(await benchPopup(context, extensionId, { sizes: SIZES, uris, reps: REPS, log })),
    };
  } catch (e) {
    results.errors.popup = e instanceof Error ? e.message.split('\n')[0] : String(e);
  }
} finally {
  await context.close();
  rmSync(profileDir, { recursive: true, force: true });
}

const ms = (x) => (typeof x === 'number' ? `${x.toFixed(1)} ms` : '—');
const ratio = (x) => (typeof x === 'number' ? `${x.toFixed(2)}×` : '—');
const rows = [];
if (results.unlock) {
  const u = results.unlock;
  rows.push([
    'unlock: Argon2id 64 MiB/t3/p1',
    ms(u.argon2id.medianMs),
    'PBKDF2-SHA256 600k',
    ms(u.pbkdf2.medianMs),
    ratio(u.ratioToPbkdf2),
  ]);
}
if (results.popup) {
  for (const size of SIZES) {
    const p = results.popup;
    rows.push([
      `popup: all codes, ${size} accounts`,
      p.errors[size] ? 'error' : ms(p.timeToAllCodesMs[size]),
      'empty extension page',
      ms(p.emptyPageMs[size]),
      ratio(p.ratioToEmptyPage[size]),
    ]);
  }
}
const header = ['benchmark', 'median', 'baseline', 'baseline median', 'ratio'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const fmt = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
log('');
log(
  `Runtime: ${results.unlock?.runtime ?? results.popup?.runtime ?? 'headless Chromium'} — ${chromeVersion}`,
);
log(fmt(header));
log(widths.map((w) => '─'.repeat(w)).join('  '));
for (const r of rows) log(fmt(r));

const allErrors = {
  ...results.errors,
  ...Object.fromEntries(
    Object.entries(results.popup?.errors ?? {}).map(([k, v]) => [`popup.${k}`, v]),
  ),
};
for (const [k, v] of Object.entries(allErrors)) log(`error in ${k}: ${v}`);

writeFileSync(
  path.join(repoRoot, 'bench', 'results.json'),
  `${JSON.stringify(results, null, 2)}\n`,
);
log(`\nWrote bench/results.json in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
// Slow is not a failure; a harness that could not measure is.
if (Object.keys(allErrors).length > 0) process.exit(1);
