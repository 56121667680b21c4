import { TesseraError } from '../errors';
import { isJavaSerialization } from './javaSerialization';
import { isKeePassMagic } from './keepass';
import { isStratumEncrypted } from './stratumEncrypted';
import { KDF_LIMITS } from './limits';
import { decodeUtf8 } from './text';
import { ZIP_MAGIC } from './zipArchive';
import type { ImportFormat } from './types';

/**
 * Binary files recognised by their first bytes or their shape, before any guess: each is either
 * a format we read or a file we can name, with the reason the UI words (what it is, and what to
 * do instead). A reader for a format listed here as unreadable replaces its `refuse` entry.
 */

function refuse(message: string, reason: string): never {
  throw new TesseraError('E_IMPORT_FORMAT', message, { reason });
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((b, i) => bytes[i] === b);
}

const SQLITE = [...'SQLite format 3\0'].map((c) => c.charCodeAt(0));

/**
 * SQLCipher encrypts a SQLite database page by page from the first byte, so it has no
 * signature. Its size is a whole number of pages (512 B to 64 KiB, SQLCipher's default is
 * 4 KiB or 1 KiB), and it never reads as an andOTP header: andOTP's first four bytes are its
 * PBKDF2 iteration count, which random bytes put inside the accepted range only 0.2 % of the
 * time.
 */
function looksLikeSqlCipher(bytes: Uint8Array): boolean {
  if (bytes.length < 1024 || bytes.length % 1024 !== 0) return false;
  // Text that happens to fill whole kilobytes is text (random pages are never valid UTF-8).
  if (decodeUtf8(bytes) !== null) return false;
  const iterations = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, false);
  return iterations > KDF_LIMITS.pbkdf2.maxIterations;
}

export function detectByMagic(bytes: Uint8Array): ImportFormat | null {
  // Containers first: a small stored zip can happen to be valid UTF-8.
  if (startsWith(bytes, ZIP_MAGIC)) return 'zip';
  if (isKeePassMagic(bytes)) return 'keepass';
  if (isJavaSerialization(bytes)) return 'freeotp2';
  if (isStratumEncrypted(bytes)) return 'stratum-encrypted';
  if (startsWith(bytes, SQLITE)) {
    refuse("App databases (SQLite) cannot be read; use the app's export.", 'appDatabase');
  }
  if (looksLikeSqlCipher(bytes)) {
    refuse(
      "This looks like an encrypted app database (SQLCipher); use the app's export.",
      'encryptedDatabase',
    );
  }
  return null;
}
