import { BLOCK_SIZE, MIXED, type Binarized } from './binarize';

/** A QR finder pattern (the 7×7 "eye" in three corners), in work-image pixels. */
export interface FinderPattern {
  x: number;
  y: number;
  /** Estimated module size in work-image pixels. */
  module: number;
  /** true for the usual dark-on-light code, false for a light-on-dark one. */
  dark: boolean;
  /** How many scan lines confirmed it; one-off hits are usually text or data modules. */
  hits: number;
}

export interface FinderSearchLimits {
  /** Stop collecting distinct candidates past this, so a noisy image stays bounded. */
  maxCandidates: number;
}

/**
 * Module size if the five runs read 1:1:3:1:1 (the finder's cross-section), else 0. Looser than
 * ZXing's tolerance because browser-scaled codes at ~2 px per module blur by a pixel either way;
 * the vertical and horizontal cross-checks keep that from admitting text.
 */
function finderRatio(a: number, b: number, c: number, d: number, e: number): number {
  const total = a + b + c + d + e;
  if (total < 7) return 0;
  const m = total / 7;
  const tol = m * 0.5 + 0.5;
  if (Math.abs(a - m) > tol || Math.abs(b - m) > tol) return 0;
  if (Math.abs(d - m) > tol || Math.abs(e - m) > tol) return 0;
  if (Math.abs(c - 3 * m) > 1.5 * m) return 0;
  return m;
}

/**
 * Walks the five runs through `start` along one axis (pixel t is bin[base + t·stride], t in
 * [0, length)). Returns the centre coordinate on that axis and the pattern's total length, or
 * null when the runs are not a finder.
 */
function crossCheck(
  bin: Uint8Array,
  base: number,
  stride: number,
  length: number,
  start: number,
  colour: number,
  maxRun: number,
): { centre: number; total: number; module: number } | null {
  let t = start;
  let c2 = 0;
  while (t >= 0 && bin[base + t * stride] === colour) {
    c2++;
    t--;
  }
  let c1 = 0;
  while (t >= 0 && bin[base + t * stride] !== colour && c1 <= maxRun) {
    c1++;
    t--;
  }
  if (t < 0 || c1 > maxRun) return null;
  let c0 = 0;
  while (t >= 0 && bin[base + t * stride] === colour && c0 <= maxRun) {
    c0++;
    t--;
  }
  if (c0 > maxRun) return null;
  t = start + 1;
  while (t < length && bin[base + t * stride] === colour) {
    c2++;
    t++;
  }
  let c3 = 0;
  while (t < length && bin[base + t * stride] !== colour && c3 <= maxRun) {
    c3++;
    t++;
  }
  if (t >= length || c3 > maxRun) return null;
  let c4 = 0;
  while (t < length && bin[base + t * stride] === colour && c4 <= maxRun) {
    c4++;
    t++;
  }
  if (c4 > maxRun) return null;
  const module = finderRatio(c0, c1, c2, c3, c4);
  if (module === 0) return null;
  return { centre: t - c4 - c3 - c2 / 2, total: c0 + c1 + c2 + c3 + c4, module };
}

/**
 * ZXing-style finder search: every row is run-length scanned for 1:1:3:1:1 in either polarity,
 * each hit is confirmed by a vertical and a second horizontal cross-check through its centre,
 * and confirmations of the same pattern on neighbouring rows are merged.
 */
export function findFinderPatterns(image: Binarized, limits: FinderSearchLimits): FinderPattern[] {
  const { width, height } = image;
  const bin = image.bits;
  const { kind, blocksPerRow } = image;
  const found: FinderPattern[] = [];
  let full = false;
  for (let y = 0; y < height && !full; y++) {
    if (found.length >= limits.maxCandidates * 0.75) pruneStale(found, y);
    const row = y * width;
    const kindRow = (y >> 3) * blocksPerRow;
    let colour = bin[row]!;
    let len = 0;
    let r0 = 0;
    let r1 = 0;
    let r2 = 0;
    let r3 = 0;
    let completed = 0;
    for (let bx = 0; bx < blocksPerRow; bx++) {
      const start = bx * BLOCK_SIZE;
      const end = Math.min(width, start + BLOCK_SIZE);
      // A one-colour block of the current run's colour just extends it: no per-pixel work.
      const k = kind[kindRow + bx]!;
      if (k !== MIXED && k === colour) {
        len += end - start;
        continue;
      }
      for (let x = start; x < end; x++) {
        const v = bin[row + x]!;
        if (v === colour) {
          len++;
          continue;
        }
        // The run [x - len, x) has ended; with r0..r3 it makes a window of five alternating runs.
        completed++;
        if (completed >= 5) {
          const m = finderRatio(r0, r1, r2, r3, len);
          if (m > 0) {
            const total = r0 + r1 + r2 + r3 + len;
            const hit = confirm(bin, width, height, x - len - r3 - r2 / 2, y, colour, r2, total);
            if (hit) full = !addHit(found, hit, limits.maxCandidates);
          }
        }
        r0 = r1;
        r1 = r2;
        r2 = r3;
        r3 = len;
        colour = v;
        len = 1;
      }
    }
    // The row's last run ends at the image edge: a finder touching the edge still counts.
    if (completed >= 4) {
      const m = finderRatio(r0, r1, r2, r3, len);
      if (m > 0) {
        const total = r0 + r1 + r2 + r3 + len;
        const hit = confirm(bin, width, height, width - len - r3 - r2 / 2, y, colour, r2, total);
        if (hit) full = !addHit(found, hit, limits.maxCandidates);
      }
    }
  }
  return found;
}

function confirm(
  bin: Uint8Array,
  width: number,
  height: number,
  centreX: number,
  y: number,
  colour: number,
  centreRun: number,
  horizontalTotal: number,
): Omit<FinderPattern, 'hits'> | null {
  const cx = Math.floor(centreX);
  const vertical = crossCheck(bin, cx, width, height, y, colour, centreRun);
  if (!vertical) return null;
  // Screen modules are square: a pattern much taller than wide is a glyph, not a finder.
  if (Math.abs(vertical.total - horizontalTotal) > horizontalTotal * 0.5) return null;
  const cy = Math.floor(vertical.centre);
  const horizontal = crossCheck(bin, cy * width, 1, width, cx, colour, centreRun * 2);
  if (!horizontal) return null;
  if (Math.abs(vertical.total - horizontal.total) > horizontal.total * 0.4) return null;
  return {
    x: horizontal.centre,
    y: vertical.centre,
    module: (vertical.module + horizontal.module) / 2,
    dark: colour === 1,
  };
}

/**
 * Drops one-line hits the scan has moved past (a finder keeps confirming for 3 modules of rows,
 * a glyph does not), so a text-heavy top of a page cannot fill the list before the scan
 * reaches a code further down.
 */
function pruneStale(found: FinderPattern[], y: number): void {
  let kept = 0;
  for (const f of found) {
    if (f.hits < 2 && f.y + 4 * f.module < y) continue;
    found[kept++] = f;
  }
  found.length = kept;
}

/** Merges the hit into a known pattern or records a new one; false once the list is full. */
function addHit(found: FinderPattern[], hit: Omit<FinderPattern, 'hits'>, max: number): boolean {
  for (const f of found) {
    if (f.dark !== hit.dark) continue;
    const near = Math.max(f.module, 1.5);
    if (Math.abs(f.x - hit.x) > near || Math.abs(f.y - hit.y) > near) continue;
    if (Math.abs(f.module - hit.module) > Math.max(1, f.module * 0.5)) continue;
    const n = f.hits + 1;
    f.x = (f.x * f.hits + hit.x) / n;
    f.y = (f.y * f.hits + hit.y) / n;
    f.module = (f.module * f.hits + hit.module) / n;
    f.hits = n;
    return true;
  }
  if (found.length >= max) return false;
  found.push({ ...hit, hits: 1 });
  return true;
}
