import { TesseraError } from '../errors';
import type { RgbaImage } from './types';

/** 8K × 5K: far above any screen capture, low enough that a bogus size cannot exhaust memory. */
const MAX_PIXELS = 40_000_000;

/** Rejects buffers whose size does not match their dimensions before any pixel loop trusts them. */
export function assertImage(image: RgbaImage): void {
  const { width, height, data } = image;
  const ok =
    Number.isInteger(width) &&
    Number.isInteger(height) &&
    width > 0 &&
    height > 0 &&
    width * height <= MAX_PIXELS &&
    // Not `instanceof`: buffers that crossed a worker or frame boundary come from another realm.
    ArrayBuffer.isView(data) &&
    data.length === width * height * 4;
  if (!ok) {
    throw new TesseraError('E_BAD_REQUEST', 'The image to scan is not a valid RGBA buffer.', {
      width: Number.isFinite(width) ? width : -1,
      height: Number.isFinite(height) ? height : -1,
    });
  }
}
