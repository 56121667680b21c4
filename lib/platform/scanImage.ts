import { TesseraError } from '../core/errors';
import type { RgbaImage } from '../core/scan';

/** Beyond this, an image file is scaled down before decoding: QR modules stay several px wide. */
export const MAX_IMAGE_SIDE = 4096;
/** An image that decodes to more pixels than this is refused (a tiny PNG can claim 60k × 60k). */
const MAX_DECODED_PIXELS = 80_000_000;

/**
 * Decodes an image (PNG, JPEG, WebP, …) to RGBA pixels with the browser's own codecs, in the
 * background: createImageBitmap and OffscreenCanvas work in a service worker, so neither a tab
 * capture nor a dropped image ever needs a page, and nothing is uploaded anywhere.
 */
export async function blobToRgba(blob: Blob, maxSide = Infinity): Promise<RgbaImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new TesseraError('E_IMPORT_FORMAT', 'That file is not an image Tessera can read.');
  }
  try {
    if (bitmap.width * bitmap.height > MAX_DECODED_PIXELS) {
      throw new TesseraError('E_IMPORT_TOO_LARGE', 'That image is too large to scan.');
    }
    const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new TesseraError('E_INTERNAL', 'The image could not be drawn.');
    // Transparent screenshots (a QR on nothing) must read as dark on white, not dark on black.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, width, height);
    const { data } = ctx.getImageData(0, 0, width, height);
    return { data, width, height };
  } finally {
    bitmap.close();
  }
}

/** A `data:` URL (what captureVisibleTab returns) as a Blob, without fetch(). */
export function dataUrlToBlob(dataUrl: string): Blob {
  const comma = dataUrl.indexOf(',');
  const header = dataUrl.slice(0, comma);
  const match = /^data:([^;,]+)?(;base64)?$/i.exec(header);
  if (comma < 0 || !match || !match[2]) {
    throw new TesseraError('E_INTERNAL', 'The browser returned a capture Tessera cannot read.');
  }
  return base64ToBlob(dataUrl.slice(comma + 1), match[1] ?? 'image/png');
}

export function base64ToBlob(base64: string, type = ''): Blob {
  let binary: string;
  try {
    binary = atob(base64);
  } catch {
    throw new TesseraError('E_BAD_REQUEST', 'The image data is not valid Base64.');
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], type ? { type } : {});
}
