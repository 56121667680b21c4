import type { RgbaImage } from './types';

const BLOCK = 8;
export const BLOCK_SIZE = BLOCK;
/**
 * Below this luminance range a neighbourhood is treated as flat: on a screenshot flat means
 * background, and thresholding it would invent edges out of gradients and dithering. Low enough
 * that a #777-on-#999 code (range 34) still counts as contrast.
 */
const MIN_RANGE = 20;

// Rec. 709 weights in 8.8 fixed point, as in luminance.ts.
const R = 54;
const G = 183;
const B = 19;

export const UNIFORM_LIGHT = 0;
export const UNIFORM_DARK = 1;
export const MIXED = 2;
/** A block whose own samples span less than this is one colour (anti-aliasing aside). */
const UNIFORM_RANGE = 8;

export interface Binarized {
  width: number;
  height: number;
  /** 1 = dark, 0 = light, one byte per work-image pixel. */
  bits: Uint8Array;
  /** Per 8×8 block: UNIFORM_LIGHT, UNIFORM_DARK or MIXED, so scans can skip whole blocks. */
  kind: Uint8Array;
  blocksPerRow: number;
}

/**
 * Samples every `step`-th pixel of every `step`-th row (nearest, centred in the cell) and
 * thresholds it at the midpoint of the min and max of the surrounding 3×3 blocks of 8×8. A
 * local threshold keeps dark-page, light-on-dark and low-contrast codes readable in one pass;
 * the midpoint (not the mean) keeps thin finder rings from being swallowed by a mostly-dark or
 * mostly-light neighbourhood. Sampling rather than averaging keeps module edges sharp, which
 * the finder search's run lengths rely on.
 *
 * Reading the capture is the costliest part of a scan, so block statistics come from every
 * other pixel of every other row (a module is at least 2×2 work pixels, so none is missed),
 * and only blocks with contrast of their own are read in full: a block that is one colour but
 * has contrast nearby (the quiet zone beside a code, the gap between lines of text) is
 * classified whole against its neighbourhood's threshold.
 */
export function binarizeImage(image: RgbaImage, step: number): Binarized {
  const width = Math.floor(image.width / step);
  const height = Math.floor(image.height / step);
  const bw = Math.ceil(width / BLOCK);
  const bh = Math.ceil(height / BLOCK);
  const bmin = new Uint8Array(bw * bh).fill(255);
  const bmax = new Uint8Array(bw * bh);
  const src = image.data;
  const offset = step >> 1;
  const rowBytes = image.width * 4 * step;
  const colBytes = step * 4;
  const origin = (offset * image.width + offset) * 4;
  for (let y = 0; y < height; y += 2) {
    const brow = (y >> 3) * bw;
    const rowBase = origin + y * rowBytes;
    for (let bx = 0; bx < bw; bx++) {
      const end = Math.min(width, (bx + 1) * BLOCK);
      let lo = bmin[brow + bx]!;
      let hi = bmax[brow + bx]!;
      for (let x = bx * BLOCK, i = rowBase + x * colBytes; x < end; x += 2, i += 2 * colBytes) {
        const v = (src[i]! * R + src[i + 1]! * G + src[i + 2]! * B) >> 8;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      bmin[brow + bx] = lo;
      bmax[brow + bx] = hi;
    }
  }

  const kind = new Uint8Array(bw * bh);
  const threshold = new Uint8Array(bw * bh);
  // Blocks whose neighbourhood has no contrast get their threshold from the nearest block that
  // has some (breadth-first over the block grid), so the inside of a large dark area (the 3×3
  // core of a finder drawn at 40 px per module, a dark header) stays dark instead of being
  // called background: a flat block is dark or light relative to the edges around it.
  const NONE = 0xffffffff;
  const source = new Uint32Array(bw * bh).fill(NONE);
  const queue = new Uint32Array(bw * bh);
  let tail = 0;
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let lo = 255;
      let hi = 0;
      for (let yy = Math.max(0, by - 1); yy <= Math.min(bh - 1, by + 1); yy++) {
        for (let xx = Math.max(0, bx - 1); xx <= Math.min(bw - 1, bx + 1); xx++) {
          const k = yy * bw + xx;
          if (bmin[k]! < lo) lo = bmin[k]!;
          if (bmax[k]! > hi) hi = bmax[k]!;
        }
      }
      if (hi - lo < MIN_RANGE) continue;
      const b = by * bw + bx;
      threshold[b] = (lo + hi) >> 1;
      source[b] = b;
      queue[tail++] = b;
    }
  }
  for (let head = 0; head < tail; head++) {
    const b = queue[head]!;
    const bx = b % bw;
    const t = threshold[b]!;
    const from = source[b]!;
    const visit = (n: number): void => {
      if (source[n] !== NONE) return;
      source[n] = from;
      threshold[n] = t;
      queue[tail++] = n;
    };
    if (bx > 0) visit(b - 1);
    if (bx < bw - 1) visit(b + 1);
    if (b >= bw) visit(b - bw);
    if (b + bw < bw * bh) visit(b + bw);
  }
  for (let b = 0; b < bw * bh; b++) {
    // No contrast anywhere in the image: nothing to find, all light.
    if (source[b] === NONE) kind[b] = UNIFORM_LIGHT;
    else if (source[b] === b && bmax[b]! - bmin[b]! >= UNIFORM_RANGE) kind[b] = MIXED;
    else kind[b] = (bmin[b]! + bmax[b]!) >> 1 <= threshold[b]! ? UNIFORM_DARK : UNIFORM_LIGHT;
  }

  // Only mixed blocks are read again; on a page that is a small minority.
  const bits = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const brow = (y >> 3) * bw;
    const rowBase = origin + y * rowBytes;
    const out = y * width;
    for (let bx = 0; bx < bw; bx++) {
      const k = kind[brow + bx];
      if (k === UNIFORM_LIGHT) continue;
      const start = bx * BLOCK;
      const end = Math.min(width, start + BLOCK);
      if (k === UNIFORM_DARK) {
        bits.fill(1, out + start, out + end);
        continue;
      }
      const t = threshold[brow + bx]!;
      for (let x = start, i = rowBase + x * colBytes; x < end; x++, i += colBytes) {
        bits[out + x] = (src[i]! * R + src[i + 1]! * G + src[i + 2]! * B) >> 8 <= t ? 1 : 0;
      }
    }
  }
  return { width, height, bits, kind, blocksPerRow: bw };
}
