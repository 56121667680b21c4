import { decodeModules } from './decodeModules';
import { luminanceAt } from './luminance';
import type { DecodedQr, RgbaImage } from './types';

/** Three finder centres of one candidate code, in full-resolution pixels. */
export interface FinderTriple {
  topLeft: { x: number; y: number };
  topRight: { x: number; y: number };
  bottomLeft: { x: number; y: number };
  /** Rough module size (finder run lengths overestimate it on blurred codes). */
  module: number;
  dark: boolean;
}

/**
 * Reads a screen-captured code by its own timing patterns instead of trusting a decoder's
 * estimate of the grid. Browsers draw enrollment codes axis-aligned, often resampled to a
 * fractional module size (a 105-module batch code drawn 264 CSS px wide, quiet zone included,
 * is 2.3 px per module); jsQR derives the module pitch from finder sizes there and drifts by
 * half a module across a dense code. Here the timing row and column give every module
 * boundary, a least-squares fit gives the exact pitch, and each module is read at its centre.
 * The module matrix then goes straight to ZXing's QR decoder (decodeModules): no decoder has
 * to search a page or re-sample the grid again.
 */
export function decodeByGrid(image: RgbaImage, t: FinderTriple): DecodedQr | null {
  const u = axisUnit(t.topRight.x - t.topLeft.x, t.topRight.y - t.topLeft.y);
  const v = axisUnit(t.bottomLeft.x - t.topLeft.x, t.bottomLeft.y - t.topLeft.y);
  if (!u || !v || u.x * v.x + u.y * v.y !== 0) return null;
  const o = t.topLeft;
  const lenU = (t.topRight.x - o.x) * u.x + (t.topRight.y - o.y) * u.y;
  const lenV = (t.bottomLeft.x - o.x) * v.x + (t.bottomLeft.y - o.y) * v.y;

  // Row 6 (the timing row) is the finder's bottom ring; column 6 is its right ring.
  const row6 = ringOffset(image, o, v, t.module, t.dark);
  const col6 = ringOffset(image, o, u, t.module, t.dark);
  if (row6 === null || col6 === null) return null;
  const along = timingFit(image, o, u, v, row6, lenU, t.module, t.dark);
  const down = timingFit(image, o, v, u, col6, lenV, t.module, t.dark);
  if (!along || !down || along.dimension !== down.dimension) return null;
  const dim = along.dimension;

  const values = new Float32Array(dim * dim);
  for (let r = 0; r < dim; r++) {
    const sv = down.offset + (r + 0.5) * down.pitch;
    for (let c = 0; c < dim; c++) {
      const su = along.offset + (c + 0.5) * along.pitch;
      values[r * dim + c] = luminanceAt(
        image,
        o.x + u.x * su + v.x * sv,
        o.y + u.y * su + v.y * sv,
      );
    }
  }
  const threshold = twoClassThreshold(values);
  const modules = new Uint8Array(dim * dim);
  for (let i = 0; i < modules.length; i++) {
    const lum = values[i]!;
    modules[i] = (t.dark ? lum <= threshold : lum > threshold) ? 1 : 0;
  }
  const payload = decodeModules(modules, dim);
  if (!payload) return null;

  const corners = [
    [along.offset, down.offset],
    [along.offset + dim * along.pitch, down.offset],
    [along.offset, down.offset + dim * down.pitch],
    [along.offset + dim * along.pitch, down.offset + dim * down.pitch],
  ].map(([su, sv]) => ({ x: o.x + u.x * su! + v.x * sv!, y: o.y + u.y * su! + v.y * sv! }));
  const xs = corners.map((p) => p.x);
  const ys = corners.map((p) => p.y);
  const x = Math.max(0, Math.round(Math.min(...xs)));
  const y = Math.max(0, Math.round(Math.min(...ys)));
  return {
    text: payload.text,
    ...(payload.bytes ? { bytes: payload.bytes } : {}),
    location: {
      x,
      y,
      width: Math.min(image.width, Math.round(Math.max(...xs))) - x,
      height: Math.min(image.height, Math.round(Math.max(...ys))) - y,
    },
  };
}

/** The axis a direction runs along, as a unit vector; null when it is visibly skewed. */
function axisUnit(dx: number, dy: number): { x: number; y: number } | null {
  const len = Math.hypot(dx, dy);
  if (len === 0) return null;
  if (Math.abs(dy) <= len * 0.02) return { x: Math.sign(dx), y: 0 };
  if (Math.abs(dx) <= len * 0.02) return { x: 0, y: Math.sign(dy) };
  return null;
}

/**
 * Distance from the finder centre, along `dir`, to the middle of its outer ring: centre block,
 * light ring, then the dark ring we want (rows 2–4, 5, 6 of the finder).
 */
function ringOffset(
  image: RgbaImage,
  o: { x: number; y: number },
  dir: { x: number; y: number },
  module: number,
  dark: boolean,
): number | null {
  const span = module * 5;
  const samples = sampleLine(image, o, dir, 0, span);
  const runs = toRuns(samples, dark);
  // Expect: dark (centre), light, dark (ring), then light (separator) or the end of the span.
  if (runs.length < 3 || !runs[0]!.dark || runs[1]!.dark || !runs[2]!.dark) return null;
  return (runs[2]!.start + runs[2]!.end) / 2;
}

interface Sampled {
  /** Positions along the line, in pixels from the line's origin. */
  at: Float64Array;
  lum: Float64Array;
}

const SAMPLE_STEP = 0.5;

function sampleLine(
  image: RgbaImage,
  o: { x: number; y: number },
  dir: { x: number; y: number },
  from: number,
  to: number,
  perp: { x: number; y: number } = { x: 0, y: 0 },
  perpOffset = 0,
): Sampled {
  const n = Math.max(2, Math.floor((to - from) / SAMPLE_STEP) + 1);
  const at = new Float64Array(n);
  const lum = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = from + i * SAMPLE_STEP;
    at[i] = s;
    lum[i] = luminanceAt(
      image,
      o.x + dir.x * s + perp.x * perpOffset,
      o.y + dir.y * s + perp.y * perpOffset,
    );
  }
  return { at, lum };
}

interface Run {
  dark: boolean;
  start: number;
  end: number;
}

/**
 * Splits a sampled line at the midpoint between its darkest and lightest sample, placing each
 * boundary by linear interpolation between the two samples that straddle it (sub-pixel, which
 * the pitch fit needs). `dark` false flips the meaning for light-on-dark codes.
 */
function toRuns(s: Sampled, dark: boolean): Run[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of s.lum) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (hi - lo < 16) return [];
  const mid = (lo + hi) / 2;
  const isDark = (v: number) => (dark ? v <= mid : v > mid);
  const runs: Run[] = [];
  let current = isDark(s.lum[0]!);
  let start = s.at[0]!;
  for (let i = 1; i < s.lum.length; i++) {
    const d = isDark(s.lum[i]!);
    if (d === current) continue;
    const a = s.lum[i - 1]!;
    const b = s.lum[i]!;
    const edge = s.at[i - 1]! + ((s.at[i]! - s.at[i - 1]!) * (a - mid)) / (a - b);
    runs.push({ dark: current, start, end: edge });
    current = d;
    start = edge;
  }
  runs.push({ dark: current, start, end: s.at[s.at.length - 1]! });
  return runs;
}

/**
 * Walks the timing pattern between two finders (from one centre to the other, `offset` across
 * from the centres) and fits every module boundary: boundary k sits at offset + k·pitch.
 */
function timingFit(
  image: RgbaImage,
  o: { x: number; y: number },
  dir: { x: number; y: number },
  perp: { x: number; y: number },
  across: number,
  length: number,
  module: number,
  dark: boolean,
): { dimension: number; offset: number; pitch: number } | null {
  const runs = toRuns(sampleLine(image, o, dir, 0, length, perp, across), dark);
  // First and last runs are the two finders' rings (dark); between them columns 7..dim-8
  // alternate light/dark, one module each, starting and ending light.
  if (runs.length < 5 || !runs[0]!.dark || !runs[runs.length - 1]!.dark) return null;
  const inner = runs.slice(1, -1);
  const dimension = inner.length + 14;
  if ((dimension - 17) % 4 !== 0 || dimension > 177) return null;
  const boundaries = [inner[0]!.start, ...inner.map((r) => r.end)];
  const span = boundaries[boundaries.length - 1]! - boundaries[0]!;
  const mean = span / inner.length;
  if (mean < 1 || mean > module * 2) return null;
  for (const r of inner) {
    const w = r.end - r.start;
    if (w < mean * 0.4 || w > mean * 1.6) return null;
  }
  // Least squares over boundary index k = 7 … dim-7: position = offset + k·pitch.
  const n = boundaries.length;
  let sk = 0;
  let sp = 0;
  let skk = 0;
  let skp = 0;
  for (let i = 0; i < n; i++) {
    const k = 7 + i;
    const p = boundaries[i]!;
    sk += k;
    sp += p;
    skk += k * k;
    skp += k * p;
  }
  const pitch = (n * skp - sk * sp) / (n * skk - sk * sk);
  const offset = (sp - pitch * sk) / n;
  return { dimension, offset, pitch };
}

/** Two-means threshold: the module values of a screenshot form two tight clusters. */
function twoClassThreshold(values: Float32Array): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  let t = (lo + hi) / 2;
  for (let iter = 0; iter < 4; iter++) {
    let s0 = 0;
    let n0 = 0;
    let s1 = 0;
    let n1 = 0;
    for (const v of values) {
      if (v <= t) {
        s0 += v;
        n0++;
      } else {
        s1 += v;
        n1++;
      }
    }
    if (n0 === 0 || n1 === 0) break;
    t = (s0 / n0 + s1 / n1) / 2;
  }
  return t;
}
