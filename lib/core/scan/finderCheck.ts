import type { FinderTriple } from './gridDecode';
import { luminanceAt } from './luminance';
import type { RgbaImage } from './types';

/** Share of a finder's 7×7 modules that must read as expected (blur costs a few at the edges). */
const MIN_AGREEMENT = 0.85;

/**
 * Whether all three corners of a candidate show the full 7×7 finder (dark ring, light ring,
 * dark 3×3 centre), sampled module by module along the candidate's own axes. Line scans only
 * prove a 1:1:3:1:1 cross-section, which photos and noise produce by the hundred; the whole
 * square almost never happens by chance. It gates the slow jsQR crop path: fakes must not
 * cost a decode each.
 */
export function looksLikeFinders(image: RgbaImage, t: FinderTriple): boolean {
  const legU = Math.hypot(t.topRight.x - t.topLeft.x, t.topRight.y - t.topLeft.y);
  const legV = Math.hypot(t.bottomLeft.x - t.topLeft.x, t.bottomLeft.y - t.topLeft.y);
  if (legU === 0 || legV === 0) return false;
  const u = { x: (t.topRight.x - t.topLeft.x) / legU, y: (t.topRight.y - t.topLeft.y) / legU };
  const v = { x: (t.bottomLeft.x - t.topLeft.x) / legV, y: (t.bottomLeft.y - t.topLeft.y) / legV };
  // Run-length module estimates come out a little large on smoothed codes; aim slightly inside.
  const m = t.module * 0.95;
  return [t.topLeft, t.topRight, t.bottomLeft].every((c) => finderAt(image, c, u, v, m, t.dark));
}

/** Whether one axis-aligned 7×7 finder square sits at `centre` (full-resolution pixels). */
export function looksLikeFinder(
  image: RgbaImage,
  centre: { x: number; y: number },
  module: number,
  dark: boolean,
): boolean {
  return finderAt(image, centre, { x: 1, y: 0 }, { x: 0, y: 1 }, module * 0.95, dark);
}

function finderAt(
  image: RgbaImage,
  centre: { x: number; y: number },
  u: { x: number; y: number },
  v: { x: number; y: number },
  m: number,
  dark: boolean,
): boolean {
  const values = new Float64Array(49);
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < 7; r++) {
    for (let c = 0; c < 7; c++) {
      const du = (c - 3) * m;
      const dv = (r - 3) * m;
      const lum = luminanceAt(
        image,
        centre.x + u.x * du + v.x * dv,
        centre.y + u.y * du + v.y * dv,
      );
      values[r * 7 + c] = lum;
      if (lum < lo) lo = lum;
      if (lum > hi) hi = lum;
    }
  }
  if (hi - lo < 16) return false;
  const mid = (lo + hi) / 2;
  let agree = 0;
  for (let r = 0; r < 7; r++) {
    for (let c = 0; c < 7; c++) {
      const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
      // Rings from the centre: 0–1 dark (the 3×3), 2 light, 3 dark.
      const expectDark = ring !== 2;
      const isDark = dark ? values[r * 7 + c]! <= mid : values[r * 7 + c]! > mid;
      if (isDark === expectDark) agree++;
    }
  }
  return agree >= MIN_AGREEMENT * 49;
}
