import type { RgbaImage } from './types';

/** A single-channel 8-bit image. */
export interface GrayImage {
  data: Uint8Array;
  width: number;
  height: number;
}

// Rec. 709 weights in 8.8 fixed point, the same weighting jsQR applies, so a gray crop we hand
// it binarizes exactly as the colour original would.
const R = 54;
const G = 183;
const B = 19;

/**
 * Luminance of the source rectangle [x0, x0+sw) × [y0, y0+sh) resampled to tw×th by box
 * averaging (each target pixel is the mean of the source pixels under it), so downscaled module
 * edges stay where they were instead of aliasing.
 */
export function resampleLuminance(
  image: RgbaImage,
  x0: number,
  y0: number,
  sw: number,
  sh: number,
  tw: number,
  th: number,
): GrayImage {
  const out = new Uint8Array(tw * th);
  const src = image.data;
  const rowStride = image.width * 4;
  const xStart = new Int32Array(tw + 1);
  for (let tx = 0; tx <= tw; tx++) xStart[tx] = x0 + Math.floor((tx * sw) / tw);
  const lineSum = new Float64Array(tw);
  for (let ty = 0; ty < th; ty++) {
    const ya = y0 + Math.floor((ty * sh) / th);
    const yb = Math.max(ya + 1, y0 + Math.floor(((ty + 1) * sh) / th));
    lineSum.fill(0);
    for (let y = ya; y < yb; y++) {
      const row = y * rowStride;
      for (let tx = 0; tx < tw; tx++) {
        const xa = xStart[tx]!;
        const xb = Math.max(xa + 1, xStart[tx + 1]!);
        let s = 0;
        for (let x = xa, i = row + xa * 4; x < xb; x++, i += 4) {
          s += src[i]! * R + src[i + 1]! * G + src[i + 2]! * B;
        }
        lineSum[tx] = lineSum[tx]! + s / (xb - xa);
      }
    }
    const rows = yb - ya;
    for (let tx = 0; tx < tw; tx++) out[ty * tw + tx] = lineSum[tx]! / rows / 256;
  }
  return { data: out, width: tw, height: th };
}

/** Bilinear luminance at a sub-pixel position (pixel centres at integer + 0.5). */
export function luminanceAt(image: RgbaImage, x: number, y: number): number {
  const fx = Math.min(Math.max(x - 0.5, 0), image.width - 1);
  const fy = Math.min(Math.max(y - 0.5, 0), image.height - 1);
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(x0 + 1, image.width - 1);
  const y1 = Math.min(y0 + 1, image.height - 1);
  const ax = fx - x0;
  const ay = fy - y0;
  const top = lum(image, x0, y0) * (1 - ax) + lum(image, x1, y0) * ax;
  const bottom = lum(image, x0, y1) * (1 - ax) + lum(image, x1, y1) * ax;
  return top * (1 - ay) + bottom * ay;
}

function lum(image: RgbaImage, x: number, y: number): number {
  const i = (y * image.width + x) * 4;
  const d = image.data;
  return 0.2126 * d[i]! + 0.7152 * d[i + 1]! + 0.0722 * d[i + 2]!;
}
