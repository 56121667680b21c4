import { TesseraError } from '../errors';
import { assertImage } from './validate';
import type { Rect, RgbaImage } from './types';

/**
 * The pixels of `rect` (clipped to the image), copied at full resolution: the "Select area"
 * path decodes exactly what the user framed, with no downsampling that could lose a small code.
 */
export function cropRegion(image: RgbaImage, rect: Rect): RgbaImage {
  assertImage(image);
  const values = [rect.x, rect.y, rect.width, rect.height];
  if (!values.every(Number.isFinite)) {
    throw new TesseraError('E_BAD_REQUEST', 'The selected area is not a rectangle.');
  }
  const x0 = Math.max(0, Math.floor(rect.x));
  const y0 = Math.max(0, Math.floor(rect.y));
  const x1 = Math.min(image.width, Math.ceil(rect.x + rect.width));
  const y1 = Math.min(image.height, Math.ceil(rect.y + rect.height));
  if (x1 <= x0 || y1 <= y0) {
    throw new TesseraError('E_BAD_REQUEST', 'The selected area is empty or outside the capture.');
  }
  const width = x1 - x0;
  const height = y1 - y0;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const from = ((y0 + y) * image.width + x0) * 4;
    data.set(image.data.subarray(from, from + width * 4), y * width * 4);
  }
  return { data, width, height };
}
