// Autofill content-script cost. The script runs on every page, so what matters is
// what it adds to a large page that has no code field:
//   - main-thread time the browser attributes to the script (trace events with its URL),
//   - the page's total main-thread time with and without the extension, same run, interleaved,
//   - the gzipped size of the production bundle.
// Targets: < 2 ms added, < 15 kB gzip. Standalone: `node bench/autofill/run.mjs [--build]`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  launchChromium,
  makeProfileDir,
  PRODUCTION_EXTENSION_DIR,
  repoRoot,
  waitForServiceWorker,
} from '../../scripts/lib/launch-extension.mjs';

const SCRIPT_PATH = 'content-scripts/autofill.js';
/** Loaded by the content script on demand (entrypoints/autofill.content/boot.ts). */
const FRAME_PATH = 'autofill-frame.js';
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'v8.execute',
  'disabled-by-default-devtools.timeline',
];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** A large, ordinary page: navigation, a long article, a big table, a checkout-style form, no code field. */
export function largePageHtml() {
  const links = Array.from(
    { length: 600 },
    (_, i) => `<li><a href="#a${i}">Section ${i}</a></li>`,
  ).join('');
  const paragraphs = Array.from(
    { length: 400 },
    (_, i) =>
      `<p id="a${i}">Paragraph ${i}: <strong>lorem</strong> ipsum <em>dolor</em> sit amet, <a href="#x">consectetur</a> adipiscing elit, sed do eiusmod tempor incididunt ut labore.</p>`,
  ).join('');
  const rows = Array.from(
    { length: 500 },
    (_, i) =>
      `<tr><td>${i}</td><td>Item ${i}</td><td>${(i * 7) % 100}</td><td><button>Buy</button></td><td><input type="checkbox" name="c${i}"></td></tr>`,
  ).join('');
  const fields = [
    ['First name', 'given-name'],
    ['Last name', 'family-name'],
    ['Email', 'email'],
    ['Phone', 'tel'],
    ['Street address', 'street-address'],
    ['City', 'address-level2'],
    ['Postal code', 'postal-code'],
    ['Country', 'country-name'],
    ['Promo code', 'off'],
    ['Card number', 'cc-number'],
    ['Expiry', 'cc-exp'],
    ['CVC', 'cc-csc'],
    ['Company', 'organization'],
    ['Order notes', 'off'],
  ]
    .map(([label, ac], i) => `<label>${label} <input name="f${i}" autocomplete="${ac}"></label>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Large page</title></head><body>
<header><form role="search"><input type="search" name="q" aria-label="Search"></form><nav><ul>${links}</ul></nav></header>
<main><article>${paragraphs}</article><table>${rows}</table><form>${fields}<textarea name="notes"></textarea><button>Pay</button></form></main>
<footer><form><label>Newsletter <input type="email" name="news"></label></form></footer></body></html>`;
}

async function startServer(html) {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://bench.test:${server.address().port}/`,
    close: () => new Promise((r) => server.close(r)),
  };
}

async function readStream(cdp, handle) {
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle });
  return text;
}

/**
 * Main-thread time of complete ('X') trace events attributed to the content script's URL,
 * counting nested events once (an event inside another counted event is skipped).
 */
function scriptTimeMs(trace, scriptUrlParts) {
  const events = (Array.isArray(trace) ? trace : (trace.traceEvents ?? []))
    .filter((e) => e.ph === 'X' && typeof e.dur === 'number')
    .filter((e) => {
      const d = e.args?.data ?? e.args?.beginData ?? {};
      const url = d.url ?? d.scriptName ?? d.stackTrace?.[0]?.url ?? '';
      return typeof url === 'string' && scriptUrlParts.some((part) => url.includes(part));
    })
    .sort((a, b) => a.tid - b.tid || a.ts - b.ts);
  let total = 0;
  let openTid = null;
  let openEnd = -Infinity;
  for (const e of events) {
    if (e.tid === openTid && e.ts < openEnd) continue;
    total += e.dur;
    openTid = e.tid;
    openEnd = e.ts + e.dur;
  }
  return total / 1000;
}

/** Loads the page once in a fresh tab; returns the page's main-thread task time and, if traced, the script's. */
async function loadOnce(context, url, { trace, settleMs }) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    let done = null;
    if (trace) {
      done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.start', {
        categories: TRACE_CATEGORIES.join(','),
        transferMode: 'ReturnAsStream',
      });
    }
    const before = Object.fromEntries(
      (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]),
    );
    await page.goto(url, { waitUntil: 'load' });
    // document_idle comes after load; leave room for the script's start-up and its first scan.
    await page.waitForTimeout(settleMs);
    const after = Object.fromEntries(
      (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]),
    );
    let scriptMs = null;
    if (trace) {
      await cdp.send('Tracing.end');
      const { stream } = await done;
      // The frame code too, should anything on the page make the script load it.
      scriptMs = scriptTimeMs(JSON.parse(await readStream(cdp, stream)), [SCRIPT_PATH, FRAME_PATH]);
    }
    return {
      taskMs: (after.TaskDuration - before.TaskDuration) * 1000,
      scriptMs,
    };
  } finally {
    await cdp.detach().catch(() => {});
    await page.close();
  }
}

/**
 * The floor: an extension whose content script only listens for messages, as any extension
 * that talks to its pages must. Creating the isolated world and the `chrome.runtime` bindings
 * is the browser's cost, paid before a line of Tessera runs.
 */
function referenceExtension() {
  const dir = makeProfileDir('tessera-bench-af-ref-');
  mkdirSync(path.join(dir, 'content-scripts'), { recursive: true });
  writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'reference',
      version: '1',
      content_scripts: [
        { matches: ['<all_urls>'], all_frames: true, run_at: 'document_idle', js: [SCRIPT_PATH] },
      ],
    }),
  );
  writeFileSync(
    path.join(dir, SCRIPT_PATH),
    '(function(){chrome.runtime.onMessage.addListener(function(){return false;});})();',
  );
  return dir;
}

function ensureBuild(extensionDir, build) {
  if (!build && existsSync(path.join(extensionDir, SCRIPT_PATH))) return;
  const r = spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'wxt'), ['build'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error('wxt build failed');
}

/**
 * @param {{ extensionDir?: string, reps?: number, build?: boolean, log?: (s: string) => void }} [options]
 */
export async function benchAutofill(options = {}) {
  const extensionDir = options.extensionDir ?? PRODUCTION_EXTENSION_DIR;
  const reps = options.reps ?? 15;
  const log = options.log ?? (() => {});
  ensureBuild(extensionDir, options.build === true);
  const bundle = readFileSync(path.join(extensionDir, SCRIPT_PATH));
  // The frame code the script loads on a page's first text field counts too: it is what any
  // sign-in page parses.
  const framePath = path.join(extensionDir, FRAME_PATH);
  const frame = existsSync(framePath) ? readFileSync(framePath) : Buffer.alloc(0);
  const bootGzipBytes = gzipSync(bundle, { level: 9 }).length;
  const frameGzipBytes = frame.length ? gzipSync(frame, { level: 9 }).length : 0;
  const gzipBytes = bootGzipBytes + frameGzipBytes;

  const server = await startServer(largePageHtml());
  const refDir = referenceExtension();
  const profiles = [1, 2, 3].map((i) => makeProfileDir(`tessera-bench-af-${i}-`));
  const withExt = await launchChromium({ extensionDir, profileDir: profiles[0] });
  const without = await launchChromium({ extensionDir: null, profileDir: profiles[1] });
  const reference = await launchChromium({ extensionDir: refDir, profileDir: profiles[2] });
  try {
    await waitForServiceWorker(withExt);
    // Warm-up: caches, the extension's first start, JIT of the browser's own code.
    for (const ctx of [withExt, without, reference]) {
      await loadOnce(ctx, server.url, { trace: false, settleMs: 500 });
    }
    const taskWith = [];
    const taskWithout = [];
    const script = [];
    const floor = [];
    for (let i = 0; i < reps; i++) {
      log(`  autofill: load ${i + 1}/${reps}`);
      // Interleaved so that machine noise hits every side alike.
      taskWithout.push(
        (await loadOnce(without, server.url, { trace: false, settleMs: 1500 })).taskMs,
      );
      taskWith.push((await loadOnce(withExt, server.url, { trace: false, settleMs: 1500 })).taskMs);
      script.push((await loadOnce(withExt, server.url, { trace: true, settleMs: 1500 })).scriptMs);
      floor.push((await loadOnce(reference, server.url, { trace: true, settleMs: 1500 })).scriptMs);
    }
    const baseline = median(taskWithout);
    const withExtension = median(taskWith);
    const contentScriptAddedMs = median(script);
    const results = {
      contentScriptAddedMs,
      /** What runs on every page plus the frame code it loads on demand. */
      contentScriptGzipBytes: gzipBytes,
      contentScriptBytes: bundle.length + frame.length,
      /** What every page load parses: the content script alone. */
      bootGzipBytes,
      frameGzipBytes,
      /** The same measure for a content script that only listens for messages. */
      referenceListenerOnlyMs: median(floor),
      pageMainThreadMs: { withoutExtension: baseline, withExtension },
      /** TaskDuration difference: includes the extension's own start-up noise; indicative only. */
      taskDurationDeltaMs: withExtension - baseline,
      ratioToPageWithoutExtension: (baseline + contentScriptAddedMs) / baseline,
      reps,
      page: 'generated: ~8,000 elements, 530 inputs (500 checkboxes), search and e-mail boxes, no code field',
    };
    const ms = (x) => `${x.toFixed(2)} ms`;
    const rows = [
      [
        'autofill: content script, large page (trace)',
        ms(contentScriptAddedMs),
        'page without extension',
        ms(baseline),
        `${results.ratioToPageWithoutExtension.toFixed(3)}×`,
      ],
      [
        'autofill: listener-only content script (floor)',
        ms(results.referenceListenerOnlyMs),
        'page without extension',
        ms(baseline),
        `${((baseline + results.referenceListenerOnlyMs) / baseline).toFixed(3)}×`,
      ],
      [
        'autofill: page main thread with extension',
        ms(withExtension),
        'page without extension',
        ms(baseline),
        `${(withExtension / baseline).toFixed(3)}×`,
      ],
      [
        'autofill: content script + frame code (gzip)',
        `${(gzipBytes / 1024).toFixed(1)} kB`,
        'target',
        '15.0 kB',
        `${(gzipBytes / 15360).toFixed(2)}×`,
      ],
    ];
    return { rows, results };
  } finally {
    await withExt.close();
    await without.close();
    await reference.close();
    await server.close();
    for (const p of [...profiles, refDir]) rmSync(p, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { rows, results } = await benchAutofill({
    build: process.argv.includes('--build'),
    log: (s) => console.log(s),
  });
  for (const r of rows) console.log(r.join('  |  '));
  console.log(JSON.stringify(results, null, 2));
}
