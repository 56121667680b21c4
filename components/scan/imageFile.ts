import { i18n } from '#i18n';
import { formatMegabytes } from '../ui/locale';

/** Formats the scan dialog takes: what screenshots and saved QR codes come as. */
export const SCAN_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

/** The same limit the background enforces: larger files are not QR code screenshots. */
export const MAX_SCAN_IMAGE_BYTES = 20 * 1024 * 1024;

/** Why a file cannot be scanned, or null when it can. Checked before any byte is read. */
export function imageFileProblem(file: {
  name: string;
  type: string;
  size: number;
}): string | null {
  const byName = /\.(png|jpe?g|webp)$/i.test(file.name);
  const byType = (SCAN_IMAGE_TYPES as readonly string[]).includes(file.type.toLowerCase());
  if (!byType && !(file.type === '' && byName)) {
    return i18n.t('scan.image.wrongType');
  }
  if (file.size > MAX_SCAN_IMAGE_BYTES) {
    return i18n.t('scan.image.tooLarge', [formatMegabytes(MAX_SCAN_IMAGE_BYTES / (1024 * 1024))]);
  }
  if (file.size === 0) return i18n.t('scan.image.empty');
  return null;
}

/** The first image among dropped or pasted items (a paste may also carry text or HTML). */
export function firstImage(files: ArrayLike<File> | null | undefined): File | null {
  if (!files) return null;
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    if (f && (f.type.startsWith('image/') || /\.(png|jpe?g|webp)$/i.test(f.name))) return f;
  }
  return files.length > 0 ? (files[0] ?? null) : null;
}

/** Bytes as base64, the form `scan.image` takes (runtime messages carry JSON, not binary). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunks keep String.fromCharCode's argument list far below engine limits.
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}
