// Scan benchmark: plain jsQR over the whole capture versus Tessera's findQrCodes pipeline, on
// the same captures in the same run (interleaved, so machine load hits both alike). zxing-wasm
// (ZXing C++ in WebAssembly, `readBarcodes` with several codes per image and inverted codes) is
// the library trial: the row that decided to keep findQrCodes (see README, scan section).
//
//   node bench/scan/run.mjs            prints the table (generates the corpus if needed)
//   import { benchScan } from './bench/scan/run.mjs'   for scripts/bench.mjs
//
// Success, per capture: jsQR must return the authenticator code the page shows (it returns
// one code, so a decoy it prefers is a miss); Tessera must return every authenticator code and
// nothing else. On pages without an authenticator code (the app-store page, the short links of
// the 21-module and version-2 scale pages) both must report the other code: that is what lets
// the UI explain instead of doing nothing.
//
// Rows: per device pixel ratio (1, 1.25, 1.5, 2, 3 and the phone's 2.5), per group of pages
// (the enrollment pages, then each module size of the scale pages over all its ratios), and
// all captures together.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { CORPUS_DIR, CORPUS_VERSION, MANIFEST_PATH, generateCorpus } from './generate-corpus.mjs';
import { scanBundleSizes } from './bundleSize.mjs';
import { loadScanCore } from './load-core.mjs';
import { loadZxingWasm } from './zxingWasm.mjs';

const REPEATS = Number(process.env.SCAN_BENCH_REPEATS ?? 5);

/** @param {number[]} xs */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function ensureCorpus() {
  if (existsSync(MANIFEST_PATH)) {
    const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8'));
    if (manifest.version === CORPUS_VERSION) return manifest;
  }
  return generateCorpus({ quiet: true });
}

/** @param {string} file */
function readRgba(file) {
  const png = PNG.sync.read(readFileSync(path.join(CORPUS_DIR, file)));
  return {
    data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
    width: png.width,
    height: png.height,
  };
}

/** @param {string[]} a @param {string[]} b */
function sameSet(a, b) {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/**
 * @typedef {{ n: number; jsqrSuccess: number; jsqrMs: number; tesseraSuccess: number; tesseraMs: number; zxingWasmSuccess: number; zxingWasmMs: number; speedup: number; cpuSpeedup: number }} Summary
 * @returns {Promise<{
 *   rows: Record<string, string | number>[];
 *   captures: Record<string, string | number | boolean>[];
 *   results: {
 *     speedupVsJsqr: Record<string, number>;
 *     cpuSpeedupVsJsqr: Record<string, number>;
 *     successRate: { jsqr: Record<string, number>; tessera: Record<string, number> };
 *     medianMs: { jsqr: Record<string, number>; tessera: Record<string, number> };
 *     dprs: number[];
 *     byGroup: Record<string, Summary & { dprs: number[] }>;
 *   };
 * }>}
 */
export async function benchScan() {
  const manifest = await ensureCorpus();
  const core = await loadScanCore();

  // Plain jsQR as the product card ships it. The documented default is 'attemptBoth'; it is
  // passed explicitly because jsQR 1.4 stores any caller's options in its shared defaults.
  /** @param {{ data: Uint8ClampedArray; width: number; height: number }} img */
  const plain = (img) => {
    const r = jsQR(img.data, img.width, img.height, { inversionAttempts: 'attemptBoth' });
    return r ? [r.data] : [];
  };
  /** @param {{ data: Uint8ClampedArray; width: number; height: number }} img @param {number} dpr */
  const tessera = (img, dpr) => core.findQrCodes(img, { pixelRatio: dpr }).map((c) => c.text);
  const zxingWasm = await loadZxingWasm();

  // Warm both up to steady state (V8 tiers hot loops up over the first calls) so the first
  // captures measured are not charged for compilation.
  for (const entry of manifest.images.filter((e) => e.page === manifest.images[0].page)) {
    const img = readRgba(entry.file);
    for (let i = 0; i < 3; i++) {
      plain(img);
      tessera(img, entry.dpr);
      await zxingWasm(img);
    }
  }

  const captures = [];
  for (const entry of manifest.images) {
    const img = readRgba(entry.file);
    /** @param {string[]} texts */
    const judge = (texts) => {
      const pick = core.pickAuthenticatorCodes(
        texts.map((text) => ({ text, location: { x: 0, y: 0, width: 0, height: 0 } })),
      );
      const auth = pick.codes.map((c) => c.text);
      if (entry.expectedAuth.length > 0) return sameSet(auth, entry.expectedAuth);
      return pick.onlyOther && pick.others.some((c) => entry.expectedOther.includes(c.text));
    };
    // One untimed call each warms the JIT and yields the answer judged below.
    const jsqrOk = judge(plain(img));
    const tesseraOk = judge(tessera(img, entry.dpr));
    const zxingWasmOk = judge(await zxingWasm(img));
    // Each decoder runs its repetitions as a block (after a collection when --expose-gc is on),
    // so neither pays for the other's garbage: jsQR allocates tens of MB per call on a 2× page.
    // Which block goes first alternates per capture. Wall time is the headline; CPU time of
    // the process is kept too, because on a busy machine it is the steadier of the two.
    /** @param {() => unknown} fn */
    const timeBlock = async (fn) => {
      /** @type {{ gc?: () => void }} */ (globalThis).gc?.();
      const wall = [];
      const cpu = [];
      for (let i = 0; i < reps; i++) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        await fn();
        wall.push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
      }
      return { wall: median(wall), cpu: median(cpu) };
    };
    // Fewer repetitions on the largest captures (a 3× screen is 9–11 MP): jsQR takes a second
    // or more there, and three runs already give a steady median.
    const reps = img.width * img.height > 6_000_000 ? Math.min(REPEATS, 3) : REPEATS;
    const runJsqr = () => timeBlock(() => plain(img));
    const runTessera = () => timeBlock(() => tessera(img, entry.dpr));
    const runZxingWasm = () => timeBlock(() => zxingWasm(img));
    let j;
    let t;
    let z;
    if (captures.length % 2 === 0) {
      j = await runJsqr();
      t = await runTessera();
      z = await runZxingWasm();
    } else {
      z = await runZxingWasm();
      t = await runTessera();
      j = await runJsqr();
    }
    captures.push({
      capture: entry.page,
      group: entry.group,
      dpr: entry.dpr,
      size: `${img.width}×${img.height}`,
      jsqrOk,
      jsqrMs: round(j.wall),
      tesseraOk,
      tesseraMs: round(t.wall),
      zxingWasmOk,
      zxingWasmMs: round(z.wall),
      speedup: round(j.wall / t.wall),
      cpuSpeedup: round(j.cpu / Math.max(t.cpu, 0.001)),
    });
  }

  /** @param {typeof captures} set @returns {Summary} */
  const summarise = (set) => ({
    n: set.length,
    jsqrSuccess: set.filter((c) => c.jsqrOk).length / set.length,
    jsqrMs: median(set.map((c) => c.jsqrMs)),
    tesseraSuccess: set.filter((c) => c.tesseraOk).length / set.length,
    tesseraMs: median(set.map((c) => c.tesseraMs)),
    zxingWasmSuccess: set.filter((c) => c.zxingWasmOk).length / set.length,
    zxingWasmMs: median(set.map((c) => c.zxingWasmMs)),
    speedup: median(set.map((c) => c.speedup)),
    cpuSpeedup: median(set.map((c) => c.cpuSpeedup)),
  });
  const dprs = [...new Set(captures.map((c) => c.dpr))].sort((a, b) => a - b);
  /** Result keys per ratio: dpr1, dpr1.25, …, as results.json has always named DPR 1 and 2. */
  const key = (/** @type {number} */ dpr) => `dpr${dpr}`;
  const byDpr = Object.fromEntries(
    dprs.map((dpr) => [key(dpr), summarise(captures.filter((c) => c.dpr === dpr))]),
  );
  const groups = [...new Set(captures.map((c) => c.group))];
  const byGroup = Object.fromEntries(
    groups.map((g) => {
      const set = captures.filter((c) => c.group === g);
      return [
        g,
        { ...summarise(set), dprs: [...new Set(set.map((c) => c.dpr))].sort((a, b) => a - b) },
      ];
    }),
  );
  const overall = summarise(captures);
  /** @param {Summary} s @param {string} label */
  const row = (s, label) => ({
    captures: `${label} (${s.n})`,
    'jsQR success': pct(s.jsqrSuccess),
    'jsQR median ms': round(s.jsqrMs),
    'Tessera success': pct(s.tesseraSuccess),
    'Tessera median ms': round(s.tesseraMs),
    'zxing-wasm success': pct(s.zxingWasmSuccess),
    'zxing-wasm median ms': round(s.zxingWasmMs),
    'speed-up (median per capture)': `${round(s.speedup)}×`,
    'CPU-time speed-up': `${round(s.cpuSpeedup)}×`,
  });
  const rows = [
    ...dprs.map((dpr) => row(byDpr[key(dpr)], `DPR ${dpr}`)),
    ...groups.map((g) => row(byGroup[g], g)),
    row(overall, 'all captures'),
  ];
  /** @param {(s: Summary) => number} pick */
  const perDpr = (pick) =>
    Object.fromEntries(Object.entries(byDpr).map(([k, s]) => [k, round(pick(s))]));
  return {
    rows,
    captures,
    results: {
      qrTrial: {
        captures: captures.length,
        tessera: trialSide(captures, 'tesseraOk', 'tesseraMs'),
        zxingWasm: trialSide(captures, 'zxingWasmOk', 'zxingWasmMs'),
        bundle: await scanBundleSizes(),
      },
      speedupVsJsqr: { ...perDpr((s) => s.speedup), overall: round(overall.speedup) },
      cpuSpeedupVsJsqr: { ...perDpr((s) => s.cpuSpeedup), overall: round(overall.cpuSpeedup) },
      successRate: {
        jsqr: { ...perDpr((s) => s.jsqrSuccess), overall: round(overall.jsqrSuccess) },
        tessera: { ...perDpr((s) => s.tesseraSuccess), overall: round(overall.tesseraSuccess) },
      },
      medianMs: {
        jsqr: perDpr((s) => s.jsqrMs),
        tessera: perDpr((s) => s.tesseraMs),
      },
      dprs,
      byGroup: Object.fromEntries(
        Object.entries(byGroup).map(([g, s]) => [
          g,
          {
            ...s,
            jsqrSuccess: round(s.jsqrSuccess),
            tesseraSuccess: round(s.tesseraSuccess),
            zxingWasmSuccess: round(s.zxingWasmSuccess),
            speedup: round(s.speedup),
            cpuSpeedup: round(s.cpuSpeedup),
          },
        ]),
      ),
    },
  };
}

/**
 * One side of the QR library trial over every capture: success rate, median and worst time.
 * @param {Record<string, string | number | boolean>[]} captures
 * @param {string} ok
 * @param {string} msKey
 */
function trialSide(captures, ok, msKey) {
  const times = captures.map((c) => Number(c[msKey]));
  const worstAt = captures[times.indexOf(Math.max(...times))];
  return {
    success: round(captures.filter((c) => c[ok]).length / captures.length),
    failed: captures.filter((c) => !c[ok]).map((c) => `${c.capture}@${c.dpr}x`),
    medianMs: round(median(times)),
    worstMs: round(Math.max(...times)),
    worstCapture: worstAt ? `${worstAt.capture}@${worstAt.dpr}x` : null,
  };
}

/** @param {number} x */
function round(x) {
  return Math.round(x * 100) / 100;
}

/** @param {number} x */
function pct(x) {
  return `${Math.round(x * 100)} %`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { rows, captures, results } = await benchScan();
  console.table(captures);
  console.table(rows);
  console.log(JSON.stringify(results, null, 2));
}
