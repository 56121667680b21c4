import jsQR from 'jsqr';
import { resampleLuminance } from './luminance';
import type { DecodedQr, RgbaImage } from './types';

/** Where a code is believed to be, in full-resolution pixels. */
export interface CodeRegion {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Module size in full-resolution pixels. */
  module: number;
  /** true: dark modules on light; false: light on dark. */
  dark: boolean;
}

/** The light border we keep around the code; QR asks for 4 modules of quiet zone. */
const QUIET_MODULES = 4;
/**
 * Pixels farther than this from the estimated code edge are painted white: the finder-centre
 * estimate is good to about half a module, and anything beyond (a neighbouring code, text) only
 * distracts the decoder.
 */
const KEEP_MODULES = 1.5;

/**
 * Decodes the one code expected in `region`: crop it with a quiet zone, resample so a module is
 * about `targetModule` pixels (never enlarging past 1:1 unless a module is under 2 px), stretch
 * its contrast to the full range, make it dark-on-light, and hand only that to jsQR. Small,
 * clean inputs are what make jsQR fast and lets low-contrast and inverted codes through.
 */
export function decodeRegion(
  image: RgbaImage,
  region: CodeRegion,
  targetModule: number,
): DecodedQr | null {
  const { module } = region;
  let scale = Math.min(1, targetModule / module);
  if (module * scale < 2) scale = 2 / module;
  const margin = QUIET_MODULES * module;
  const sx0 = clamp(Math.floor(region.x0 - margin), 0, image.width);
  const sy0 = clamp(Math.floor(region.y0 - margin), 0, image.height);
  const sx1 = clamp(Math.ceil(region.x1 + margin), 0, image.width);
  const sy1 = clamp(Math.ceil(region.y1 + margin), 0, image.height);
  const sw = sx1 - sx0;
  const sh = sy1 - sy0;
  if (sw < 21 || sh < 21) return null;
  const tw = Math.max(1, Math.round(sw * scale));
  const th = Math.max(1, Math.round(sh * scale));
  const gray = resampleLuminance(image, sx0, sy0, sw, sh, tw, th);
  const kx = tw / sw;
  const ky = th / sh;
  const keep = KEEP_MODULES * module;
  const kx0 = Math.max(0, Math.floor((region.x0 - keep - sx0) * kx));
  const ky0 = Math.max(0, Math.floor((region.y0 - keep - sy0) * ky));
  const kx1 = Math.min(tw, Math.ceil((region.x1 + keep - sx0) * kx));
  const ky1 = Math.min(th, Math.ceil((region.y1 + keep - sy0) * ky));

  let lo = 255;
  let hi = 0;
  for (let y = ky0; y < ky1; y++) {
    for (let x = kx0, i = y * tw + kx0; x < kx1; x++, i++) {
      const v = gray.data[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (hi - lo < 8) return null;

  // jsQR's binarizer works in 8×8 blocks and misreads a ragged last block, so pad to a multiple.
  const w = Math.ceil(tw / 8) * 8;
  const h = Math.ceil(th / 8) * 8;
  const rgba = new Uint8ClampedArray(w * h * 4).fill(255);
  const gain = 255 / (hi - lo);
  for (let y = ky0; y < ky1; y++) {
    let o = (y * w + kx0) * 4;
    for (let x = kx0, i = y * tw + kx0; x < kx1; x++, i++, o += 4) {
      const stretched = (gray.data[i]! - lo) * gain;
      const v = region.dark ? stretched : 255 - stretched;
      rgba[o] = v;
      rgba[o + 1] = v;
      rgba[o + 2] = v;
    }
  }
  // Always pass inversionAttempts: jsQR 1.4 writes provided options into its shared defaults,
  // so omitting it would inherit whatever the previous caller asked for.
  const found = jsQR(rgba, w, h, { inversionAttempts: 'dontInvert' });
  if (!found) return null;
  const l = found.location;
  const px = [l.topLeftCorner.x, l.topRightCorner.x, l.bottomLeftCorner.x, l.bottomRightCorner.x];
  const py = [l.topLeftCorner.y, l.topRightCorner.y, l.bottomLeftCorner.y, l.bottomRightCorner.y];
  const left = sx0 + Math.min(...px) / kx;
  const top = sy0 + Math.min(...py) / ky;
  const right = sx0 + Math.max(...px) / kx;
  const bottom = sy0 + Math.max(...py) / ky;
  const x = clamp(Math.round(left), 0, image.width);
  const y = clamp(Math.round(top), 0, image.height);
  return {
    text: found.data,
    bytes: Uint8Array.from(found.binaryData),
    location: {
      x,
      y,
      width: clamp(Math.round(right), 0, image.width) - x,
      height: clamp(Math.round(bottom), 0, image.height) - y,
    },
  };
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
