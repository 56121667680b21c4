import { TesseraError, isTesseraError } from '../errors';
import { problemOf } from './account';
import { parseSdaEncrypted, sdaEntries, type SdaEntry } from './steamGuardEncrypted';
import { decodeUtf8 } from './text';
import type { ImportFormat, ImportProblem, ImportResult } from './types';
import { readZip, type ZipFileEntry } from './zipArchive';

/**
 * A zip read as one import: every file inside that is an export Tessera reads adds its
 * accounts to the one preview. Files that are no export (a read-me, attachments) are listed as
 * problems; a whole-file failure of an export inside (wrong password, damage, unsafe key
 * derivation) fails the whole import, as it would for the file on its own.
 */

/** Errors that mean "this file is not an export", not "this export is broken". */
const NOT_AN_EXPORT = new Set([
  'unknownFormat',
  'emptyFile',
  'imageFile',
  'pdfFile',
  'appDatabase',
]);

function isProtonPassPgp(name: string, bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 40));
  return name.toLowerCase().endsWith('.pgp') || head.startsWith('-----BEGIN PGP MESSAGE-----');
}

function baseName(path: string): string {
  return path.split('/').pop() ?? path;
}

/** Steam Desktop Authenticator's manifest, when the zip is its encrypted maFiles folder. */
function sdaManifest(
  files: readonly ZipFileEntry[],
): { manifest: ZipFileEntry; entries: Map<string, SdaEntry> } | null {
  for (const file of files) {
    if (baseName(file.name) !== 'manifest.json') continue;
    const entries = sdaEntries(decodeUtf8(file.bytes) ?? '');
    if (entries) return { manifest: file, entries: new Map(entries.map((e) => [e.filename, e])) };
  }
  return null;
}

export async function importZip(
  bytes: Uint8Array,
  password: string | undefined,
  importOne: (file: Uint8Array) => Promise<ImportResult>,
): Promise<ImportResult> {
  const files = await readZip(bytes, password);
  const sda = sdaManifest(files);
  const accounts: ImportResult['accounts'] = [];
  const problems: ImportProblem[] = [];
  const formats = new Set<ImportFormat>();
  for (const [i, file] of files.entries()) {
    // A crafted archive can hold a file with no name; the problem list still needs one.
    const name = file.name.trim() === '' ? `file ${i + 1}` : file.name;
    if (isProtonPassPgp(name, file.bytes)) {
      throw new TesseraError(
        'E_IMPORT_FORMAT',
        'PGP-encrypted Proton Pass exports cannot be read yet; export without encryption.',
        { reason: 'encryptedUnsupported', app: 'Proton Pass' },
      );
    }
    if (sda && sda.manifest === file) continue;
    const encrypted = sda?.entries.get(baseName(name));
    if (encrypted) {
      if (password === undefined) {
        throw new TesseraError(
          'E_IMPORT_FORMAT',
          'These Steam Guard files are encrypted; enter the passkey.',
          {
            reason: 'needsPassword',
            needsPassword: true,
            format: 'steam-guard',
          },
        );
      }
      const r = await parseSdaEncrypted(decodeUtf8(file.bytes) ?? '', encrypted, password);
      formats.add('steam-guard');
      accounts.push(...r.accounts);
      continue;
    }
    try {
      const r = await importOne(file.bytes);
      formats.add(r.format);
      accounts.push(...r.accounts);
      problems.push(...r.problems.map((p) => ({ ...p, entry: `${name}: ${p.entry}` })));
    } catch (e) {
      const reason = isTesseraError(e) ? e.detail?.reason : undefined;
      if (!isTesseraError(e) || e.code !== 'E_IMPORT_FORMAT' || !NOT_AN_EXPORT.has(String(reason)))
        throw e;
      problems.push(problemOf(name, e));
    }
  }
  if (formats.size === 0) {
    throw new TesseraError('E_IMPORT_FORMAT', 'The ZIP archive holds no export Tessera can read.', {
      reason: 'zipNoExport',
    });
  }
  const [only] = formats;
  return { format: formats.size === 1 && only !== undefined ? only : 'zip', accounts, problems };
}
