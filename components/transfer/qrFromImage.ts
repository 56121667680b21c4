import jsQR from 'jsqr';

/**
 * Google Authenticator's transfer codes often reach a computer as screenshots or photos. An
 * image file is read here, in the page, and only the text of its QR code goes on to the
 * background, which parses it like pasted text.
 */

/** Large photos are scaled down first: a QR code stays readable, and decoding stays quick. */
const MAX_SIDE = 1600;

export function isImageFile(file: File): boolean {
  return file.type.startsWith('image/') || /\.(png|jpe?g|gif|webp|bmp)$/i.test(file.name);
}

/** The text of the QR code in an image, or null when there is none (or it cannot be drawn). */
export async function readQrFromImage(file: Blob): Promise<string | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return null;
  }
  try {
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    ctx.drawImage(bitmap, 0, 0, width, height);
    const { data } = ctx.getImageData(0, 0, width, height);
    // Dark-mode screenshots show light-on-dark codes; try both.
    return jsQR(data, width, height, { inversionAttempts: 'attemptBoth' })?.data ?? null;
  } finally {
    bitmap.close();
  }
}
