import {
  configure,
  ERR_INVALID_PASSWORD,
  Uint8ArrayReader,
  Uint8ArrayWriter,
  ZipReader,
  type Entry,
  type FileEntry,
} from '@zip.js/zip.js';
import { unzipSync } from 'fflate';
import { TesseraError } from '../errors';
import { IMPORT_LIMITS } from './limits';
import { DAMAGED } from './text';

/**
 * ZIP archives as the apps write them: Proton Pass exports a zip, WinAuth a password-protected
 * one (ZipCrypto or AES), and people zip their exports. zip.js lists the entries and opens
 * encrypted ones; fflate unpacks plain ones synchronously. The declared sizes are checked
 * before anything is inflated, so a zip bomb is refused without being unpacked.
 */

export const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04] as const;

/** Entries an archive may hold: Proton Pass adds a few files, nobody needs hundreds. */
export const MAX_ZIP_ENTRIES = 256;

// No workers: the service worker cannot start zip.js's worker script, and the entries are small.
configure({ useWebWorkers: false });

export interface ZipFileEntry {
  name: string;
  bytes: Uint8Array;
}

function corrupt(message: string): TesseraError {
  return new TesseraError('E_CORRUPT', message, DAMAGED);
}

/** Folders and the litter of archivers (macOS resource forks, Finder and Explorer metadata). */
function isLitter(name: string): boolean {
  const base = name.split('/').pop() ?? '';
  return (
    name.endsWith('/') ||
    name.startsWith('__MACOSX/') ||
    base === '.DS_Store' ||
    base === 'Thumbs.db' ||
    base === 'desktop.ini'
  );
}

async function listEntries(bytes: Uint8Array): Promise<Entry[]> {
  try {
    const reader = new ZipReader(new Uint8ArrayReader(bytes));
    return await reader.getEntries();
  } catch {
    throw corrupt('The ZIP archive is damaged or incomplete.');
  }
}

function checkSizes(entries: readonly Entry[]): void {
  if (entries.length > MAX_ZIP_ENTRIES) {
    throw new TesseraError(
      'E_IMPORT_TOO_LARGE',
      `The ZIP archive holds ${entries.length} files; at most ${MAX_ZIP_ENTRIES} are read.`,
      { reason: 'tooManyEntries', entries: entries.length, max: MAX_ZIP_ENTRIES },
    );
  }
  const total = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (total > IMPORT_LIMITS.maxBytes) {
    throw new TesseraError(
      'E_IMPORT_TOO_LARGE',
      `The ZIP archive unpacks to more than ${IMPORT_LIMITS.maxBytes / (1024 * 1024)} MB.`,
      { reason: 'fileTooLarge', bytes: total, max: IMPORT_LIMITS.maxBytes },
    );
  }
}

function unzipPlain(bytes: Uint8Array, wanted: ReadonlySet<string>): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes, { filter: (f) => wanted.has(f.name) });
  } catch {
    throw corrupt('A file in the ZIP archive is damaged.');
  }
}

async function openEncrypted(entry: FileEntry, password: string): Promise<Uint8Array> {
  try {
    // checkSignature compares the CRC: ZipCrypto's one-byte password check lets about one
    // wrong password in 256 through, and the CRC catches it.
    return await entry.getData(new Uint8ArrayWriter(), { password, checkSignature: true });
  } catch (e) {
    const message = e instanceof Error ? e.message : '';
    if (message === ERR_INVALID_PASSWORD || message.startsWith('Invalid signature')) {
      throw new TesseraError('E_BAD_PASSPHRASE', 'The password does not open this ZIP archive.', {
        reason: 'wrongPassword',
        app: 'ZIP',
      });
    }
    throw corrupt('A file in the ZIP archive is damaged.');
  }
}

/**
 * The files of an archive, in the archive's order. `password` opens encrypted entries (one
 * password for all, as every archiver writes them); without it an encrypted archive throws
 * E_IMPORT_FORMAT with detail.needsPassword.
 */
export async function readZip(bytes: Uint8Array, password?: string): Promise<ZipFileEntry[]> {
  const entries = (await listEntries(bytes)).filter(
    (e): e is FileEntry => !e.directory && !isLitter(e.filename),
  );
  checkSizes(entries);
  const encrypted = entries.filter((e) => e.encrypted);
  if (encrypted.length > 0 && password === undefined) {
    throw new TesseraError(
      'E_IMPORT_FORMAT',
      'This ZIP archive is encrypted; enter its password.',
      {
        reason: 'needsPassword',
        needsPassword: true,
        format: 'zip',
      },
    );
  }
  const plain = unzipPlain(
    bytes,
    new Set(entries.filter((e) => !e.encrypted).map((e) => e.filename)),
  );
  const out: ZipFileEntry[] = [];
  let total = 0;
  for (const e of entries) {
    const data = e.encrypted ? await openEncrypted(e, password ?? '') : plain[e.filename];
    if (data === undefined) throw corrupt('A file in the ZIP archive is missing.');
    total += data.length;
    // The declared sizes were checked; a file that inflates beyond them is lying.
    if (total > IMPORT_LIMITS.maxBytes || data.length !== e.uncompressedSize)
      throw corrupt('A file in the ZIP archive is damaged.');
    out.push({ name: e.filename, bytes: data });
  }
  return out;
}
