// `npm run bench`: prints a table and writes bench/results.json. Every figure comes with a
// baseline measured in the same run on the same machine; nothing here fails on speed.
//
//   node scripts/bench.mjs [--no-build] [--only=scan,backup,unlock,popup,autofill,kit,restart]
//
// Each sub-benchmark runs on its own: one that fails (or is not there yet) is reported under
// `errors` / `unavailable` and the others still run. The exit code is 0 unless the harness
// itself breaks (an exception outside any sub-benchmark, results.json not written).
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchAccountUris } from '../bench/accounts.mjs';
import { benchPopup } from '../bench/popup.mjs';
import { benchHostileUnlock, benchUnlock } from '../bench/unlock.mjs';
import { lazyChunkSize, popupBundleSize } from '../bench/popupBundle.mjs';
import { findChrome } from './find-chrome.mjs';
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
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : null;
// `--only=unlock` also picks the unlock benchmark that runs in Node (unlockHostile).
const wanted = (name) =>
  only === null || only.has(name) || (name === 'unlockHostile' && only.has('unlock'));
const started = Date.now();
const log = (s) => console.log(s);
const firstLine = (e) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

const chromePath = findChrome();
const chromeVersion = chromePath
  ? spawnSync(chromePath, ['--version'], { encoding: 'utf8' }).stdout.trim()
  : null;
const results = {
  generatedAt: new Date().toISOString(),
  environment: {
    node: process.version,
    browser: chromeVersion,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
  },
  scan: null,
  backup: null,
  unlock: null,
  unlockHostile: null,
  popup: null,
  autofill: null,
  kit: null,
  restart: null,
  /** Sub-benchmarks that ran and failed: name → first line of the error. */
  errors: {},
  /** Sub-benchmarks that could not be loaded (another change has not landed yet). */
  unavailable: {},
};
/** Printed rows: [benchmark, median, baseline, baseline median, ratio]. */
const rows = [];

/** Runs one sub-benchmark; a failure is recorded and printed, never thrown. */
async function run(name, fn) {
  if (!wanted(name)) return;
  try {
    await fn();
  } catch (e) {
    results.errors[name] = firstLine(e);
    log(`${name} bench failed: ${results.errors[name]}`);
  }
}

/**
 * Imports `exportName` from a bench module that another change may not have written yet, so a
 * missing or broken file costs its own figures only.
 */
async function optionalBench(name, file, exportName) {
  if (!wanted(name)) return null;
  let reason;
  const full = path.join(repoRoot, file);
  if (!existsSync(full)) {
    reason = `${file} does not exist`;
  } else {
    try {
      const fn = (await import(pathToFileURL(full).href))[exportName];
      if (typeof fn === 'function') return fn;
      reason = `${file} does not export ${exportName}()`;
    } catch (e) {
      reason = `${file} failed to load: ${firstLine(e)}`;
    }
  }
  results.unavailable[name] = reason;
  log(`${name} bench not available: ${reason}`);
  return null;
}

/** A sub-benchmark's own rows, fitted to the five printed columns. */
function addRows(name, list) {
  for (const r of list ?? []) {
    if (Array.isArray(r)) {
      const cells = r.map(String);
      rows.push([cells[0] ?? name, ...[1, 2, 3, 4].map((i) => cells[i] ?? '—')]);
    } else if (r && typeof r === 'object' && 'metric' in r) {
      rows.push([`${name}: ${r.metric}`, String(r.value ?? '—'), '—', '—', '—']);
    } else {
      rows.push([name, JSON.stringify(r), '—', '—', '—']);
    }
  }
}

const ms = (x) => (typeof x === 'number' ? `${x.toFixed(1)} ms` : '—');
const ratio = (x) => (typeof x === 'number' ? `${x.toFixed(2)}×` : '—');
const pct = (x) => (typeof x === 'number' ? `${Math.round(x * 100)} %` : '—');

const benchKit = await optionalBench('kit', 'bench/kit/run.mjs', 'benchKit');
if (benchKit) {
  await run('kit', async () => {
    log('kit: emergency kit size, and opening it with the passphrase and the recovery key…');
    const out = await benchKit();
    results.kit = out.results;
    addRows('kit', out.rows);
  });
}

// Node-only benchmarks first: they need neither the extension build nor a browser profile.
const benchScan = await optionalBench('scan', 'bench/scan/run.mjs', 'benchScan');
if (benchScan) {
  await run('scan', async () => {
    log(
      'scan: plain jsQR vs findQrCodes vs zxing-wasm on captured pages, DPR 1 to 3, 2 to 40 px per module…',
    );
    const { results: r, captures } = await benchScan();
    results.scan = {
      runtime: `Node ${process.version} (lib/core/scan bundled by rolldown; jsQR for both sides)`,
      corpus:
        'bench/corpus/scan: enrollment pages at DPR 1 and 2, and scale pages (one code from 2 to ' +
        '40 CSS px per module, both polarities, a zoomed page, a phone screenshot) at DPR 1, ' +
        '1.25, 1.5, 2 and 3, captured by headless Chromium',
      baseline: 'plain jsQR over the whole capture (inversionAttempts: attemptBoth)',
      ...r,
      captures,
    };
    for (const dpr of r.dprs) {
      const key = `dpr${dpr}`;
      rows.push([
        `scan: success rate, DPR ${dpr}`,
        pct(r.successRate.tessera[key]),
        'plain jsQR',
        pct(r.successRate.jsqr[key]),
        '—',
      ]);
      rows.push([
        `scan: median decode, DPR ${dpr}`,
        ms(r.medianMs.tessera[key]),
        'plain jsQR',
        ms(r.medianMs.jsqr[key]),
        `${ratio(r.speedupVsJsqr[key])} faster`,
      ]);
    }
    for (const [group, g] of Object.entries(r.byGroup)) {
      rows.push([
        `scan: success rate, ${group} (DPR ${g.dprs.join('/')})`,
        pct(g.tesseraSuccess),
        'plain jsQR',
        pct(g.jsqrSuccess),
        `${ratio(g.speedup)} faster`,
      ]);
    }
    rows.push([
      'scan: all captures, median per-capture speed-up',
      pct(r.successRate.tessera.overall),
      'plain jsQR',
      pct(r.successRate.jsqr.overall),
      `${ratio(r.speedupVsJsqr.overall)} faster`,
    ]);
    // The QR library trial: findQrCodes (kept) against zxing-wasm's readBarcodes, whole corpus.
    const q = r.qrTrial;
    const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
    rows.push([
      `scan trial: success, all ${q.captures} captures`,
      pct(q.tessera.success),
      'zxing-wasm readBarcodes',
      pct(q.zxingWasm.success),
      '—',
    ]);
    rows.push([
      'scan trial: median decode, all captures',
      ms(q.tessera.medianMs),
      'zxing-wasm readBarcodes',
      ms(q.zxingWasm.medianMs),
      ratio(q.tessera.medianMs / q.zxingWasm.medianMs),
    ]);
    rows.push([
      'scan trial: worst decode, all captures',
      ms(q.tessera.worstMs),
      'zxing-wasm readBarcodes',
      ms(q.zxingWasm.worstMs),
      ratio(q.tessera.worstMs / q.zxingWasm.worstMs),
    ]);
    rows.push([
      'scan trial: decoder bundle, min+gzip',
      kib(q.bundle.tessera.gzipBytes),
      'zxing-wasm js+wasm',
      kib(q.bundle.zxingWasm.gzipBytes),
      ratio(q.bundle.tessera.gzipBytes / q.bundle.zxingWasm.gzipBytes),
    ]);
  });
}

const benchBackup = await optionalBench('backup', 'bench/backup/run.mjs', 'benchBackup');
if (benchBackup) {
  await run('backup', async () => {
    log('backup: sync-storage capacity, writes per edit, back up and restore 500…');
    const out = await benchBackup();
    results.backup = out.results;
    addRows('backup', out.rows);
  });
}

await run('unlockHostile', async () => {
  log('unlock: a mistyped passphrase with a planted backup header (16 slots) vs without…');
  results.unlockHostile = await benchHostileUnlock();
});

const browserBenches = ['unlock', 'popup', 'restart'].filter(wanted);
const benchRestart = await optionalBench('restart', 'bench/restart.mjs', 'benchRestart');
let browserReady = browserBenches.length > 0;
const browserFailed = (reason) => {
  browserReady = false;
  for (const name of browserBenches) results.errors[name] = reason;
  log(`${browserBenches.join(' and ')} bench not run: ${reason}`);
};
if (browserReady && !chromePath) {
  try {
    requireChrome();
  } catch (e) {
    browserFailed(firstLine(e));
  }
}
if (browserReady && !skipBuild) {
  log('Building the e2e extension (wxt build --mode e2e)…');
  const r = spawnSync(
    path.join(repoRoot, 'node_modules', '.bin', 'wxt'),
    ['build', '--mode', 'e2e'],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (r.status !== 0) browserFailed(`wxt build --mode e2e exited with ${r.status}`);
}

if (browserReady) {
  const profileDir = makeProfileDir('tessera-bench-');
  let context = null;
  try {
    // The benchmark loads a copy of the e2e build with two extra pages (an empty baseline page
    // and a KDF page), so the real build stays exactly what the tests and the store see.
    const benchExtDir = path.join(repoRoot, '.cache', 'bench-extension');
    rmSync(benchExtDir, { recursive: true, force: true });
    mkdirSync(path.dirname(benchExtDir), { recursive: true });
    cpSync(E2E_EXTENSION_DIR, benchExtDir, { recursive: true });
    for (const [from, to] of [
      [path.join('bench', 'empty.html'), 'bench-empty.html'],
      [path.join('bench', 'kdf.html'), 'bench-kdf.html'],
      [
        path.join('node_modules', 'hash-wasm', 'dist', 'argon2.umd.min.js'),
        'hash-wasm-argon2.umd.min.js',
      ],
    ]) {
      copyFileSync(path.join(repoRoot, from), path.join(benchExtDir, to));
    }
    context = await launchChromium({ extensionDir: benchExtDir, profileDir });
    const extensionId = extensionIdOf(await waitForServiceWorker(context));

    await run('unlock', async () => {
      log('unlock: Argon2id (m=64 MiB, t=3, p=1) vs PBKDF2-SHA256 (600,000 iterations)…');
      results.unlock = await benchUnlock(context, extensionId);
    });

    await run('popup', async () => {
      log(
        'popup: time until the codes show, 50 / 500 / 2,000 accounts; search keystrokes; scrolling…',
      );
      const { uris, source } = benchAccountUris(repoRoot, Math.max(...SIZES));
      results.popup = {
        accountsFrom: source,
        bundle: popupBundleSize(E2E_EXTENSION_DIR),
        brandIcons: lazyChunkSize(E2E_EXTENSION_DIR, 'brandIconSet'),
        ...(await benchPopup(context, extensionId, { sizes: SIZES, uris, reps: REPS, log })),
      };
    });

    if (benchRestart) {
      // Its own browsers, one per restart: the shared one is closed first.
      await context.close();
      context = null;
      await run('restart', async () => {
        log('restart: the first popup after the browser starts, against an empty page…');
        const out = await benchRestart(benchExtDir);
        results.restart = out.results;
        addRows('restart', out.rows);
      });
    }
  } catch (e) {
    // No e2e build to copy, or the browser would not start: those benches only.
    browserFailed(`Chromium with the e2e build: ${firstLine(e)}`);
  } finally {
    await context?.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
}

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
if (results.unlockHostile) {
  const u = results.unlockHostile;
  rows.push([
    'unlock: mistyped passphrase with a hostile header',
    ms(u.hostile.medianMs),
    'unlock: mistyped passphrase',
    ms(u.normal.medianMs),
    ratio(u.ratio),
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
  for (const size of SIZES) {
    const cold = results.popup.coldWorker;
    if (cold?.timeToAllCodesMs[size] === undefined) continue;
    rows.push([
      `popup after its worker stopped, ${size} accounts`,
      ms(cold.timeToAllCodesMs[size]),
      'empty extension page',
      ms(results.popup.emptyPageMs[size]),
      ratio(cold.ratioToEmptyPage[size]),
    ]);
  }
  for (const size of SIZES) {
    const p = results.popup;
    if (p.errors[size]) continue;
    rows.push([
      `popup: all codes, ${size} accounts`,
      ms(p.timeToAllCodesMs[size]),
      'empty page, goto only',
      ms(p.emptyPageGotoOnlyMs[size]),
      ratio(p.ratioToEmptyPageGotoOnly[size]),
    ]);
  }
  for (const size of SIZES) {
    const popup = results.popup.inPage?.popup[size];
    const empty = results.popup.inPage?.emptyPage[size];
    if (!popup || !empty) continue;
    rows.push([
      `popup: codes painted, page's clock, ${size} accounts`,
      ms(popup.codesPaintedMs),
      "empty page's load event",
      ms(empty.loadMs),
      ratio(popup.codesPaintedMs / empty.loadMs),
    ]);
    rows.push([
      `popup: harness's first look, page's clock, ${size}`,
      ms(popup.harnessFirstLookMs),
      'same, empty page',
      ms(empty.harnessFirstLookMs),
      ratio(popup.harnessFirstLookMs / empty.harnessFirstLookMs),
    ]);
  }
  const b = results.popup.bundle;
  if (b) {
    rows.push([
      'popup: bundle, gzip (html, scripts, styles it loads)',
      `${(b.gzipBytes / 1024).toFixed(1)} KiB`,
      'uncompressed',
      `${(b.bytes / 1024).toFixed(1)} KiB`,
      ratio(b.gzipBytes / b.bytes),
    ]);
  }
  const icons = results.popup.brandIcons;
  if (icons) {
    rows.push([
      'popup: brand icons chunk, gzip (loaded after the list)',
      `${(icons.gzipBytes / 1024).toFixed(1)} KiB`,
      'uncompressed',
      `${(icons.bytes / 1024).toFixed(1)} KiB`,
      ratio(icons.gzipBytes / icons.bytes),
    ]);
  }
  const k = results.popup.keystroke;
  const small = Math.min(...SIZES);
  const large = Math.max(...SIZES);
  if (k?.medianMs[large] !== undefined) {
    rows.push([
      `popup: search keystroke, ${large} accounts`,
      ms(k.medianMs[large]),
      `same, ${small} accounts`,
      ms(k.medianMs[small]),
      ratio(k.medianMs[large] / k.medianMs[small]),
    ]);
  }
  const s = results.popup.scroll;
  if (typeof s?.p95FrameMs === 'number') {
    rows.push([
      `popup: scroll ${s.accounts} accounts, p95 frame`,
      ms(s.p95FrameMs),
      'empty page rAF loop',
      ms(s.emptyPageP95FrameMs),
      ratio(s.p95FrameMs / s.emptyPageP95FrameMs),
    ]);
    rows.push([
      `popup: scroll ${s.accounts} accounts, longest frame`,
      ms(s.maxFrameMs),
      'empty page rAF loop',
      ms(s.emptyPageMaxFrameMs),
      ratio(s.maxFrameMs / s.emptyPageMaxFrameMs),
    ]);
  }
}

// Last: it builds the production extension if needed and starts two browsers of its own.
const benchAutofill = await optionalBench('autofill', 'bench/autofill/run.mjs', 'benchAutofill');
if (benchAutofill) {
  await run('autofill', async () => {
    log('autofill: content-script cost on a large page, bundle size…');
    const out = await benchAutofill({ log, build: !skipBuild });
    results.autofill = out.results;
    addRows('autofill', out.rows);
  });
}

const header = ['benchmark', 'median', 'baseline', 'baseline median', 'ratio'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const fmt = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
log('');
log(`Runtime: Node ${process.version}; ${chromeVersion ?? 'no Chromium found'}`);
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
for (const [k, v] of Object.entries(results.unavailable)) log(`not available: ${k}: ${v}`);

const resultsPath = path.join(repoRoot, 'bench', 'results.json');
let written = results;
if (only !== null && existsSync(resultsPath)) {
  // A partial run (--only) updates its own sections and keeps the rest of the last full run.
  const previous = JSON.parse(readFileSync(resultsPath, 'utf8'));
  written = { ...previous, generatedAt: results.generatedAt, environment: results.environment };
  for (const name of only) {
    written[name] = results[name];
    for (const key of ['errors', 'unavailable']) {
      written[key] = { ...previous[key] };
      delete written[key][name];
      if (name in results[key]) written[key][name] = results[key][name];
    }
  }
}
writeFileSync(resultsPath, `${JSON.stringify(written, null, 2)}\n`);
log(`\nWrote bench/results.json in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
// Slow is not a failure, and neither is a sub-benchmark that could not measure: it is listed
// above and in results.json. Only a broken harness (an uncaught exception) exits non-zero.
