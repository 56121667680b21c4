import {
  normalizeRecoveryKey,
  unlockWithPassphrase,
  unlockWithRecoveryKey,
  type KeySlot,
} from '../crypto';
import { wipe, type Bytes } from '../crypto/bytes';
import { TesseraError, isTesseraError } from '../errors';
import { openAccount } from '../vault/records';
import { recoveryExtras } from '../vault/recoveryCodes';
import { accountExtras } from '../vault/tags';
import type { StoredRecord } from '../vault/types';
import { requireEntryCount } from './account';
import { field, isRecord, parseJson, type JsonRecord } from './text';
import type { ImportedAccount, ParsedAccounts } from './types';

/**
 * Tessera's own encrypted backup file:
 *
 *   { format: 'tessera-backup', version: 1, createdAt: <ISO 8601>, slots: KeySlot[],
 *     records: StoredRecord[] }
 *
 * It is the vault as it sits in IndexedDB: the header's key slots (passphrase and recovery key)
 * and the live records, sealed exactly as the vault seals them (records.ts). Nothing is
 * re-encrypted, so the file opens with the same passphrase or recovery key in any browser, and
 * it holds nothing readable beyond what the vault's own storage shows (ids and change times).
 *
 * Each record's readable fields are bound to its ciphertext, so a record cannot be altered
 * without failing to open; one that fails makes the whole file E_CORRUPT rather than a
 * per-entry problem, because a backup that was tampered with should not be half trusted.
 */

export const TESSERA_BACKUP_FORMAT = 'tessera-backup';
export const TESSERA_BACKUP_VERSION = 1;

/** A vault has two slots today; a handful more (new kinds) is plausible, hundreds is an attack. */
const MAX_SLOTS = 16;
const FILE_KEYS = ['format', 'version', 'createdAt', 'slots', 'records'] as const;
const RECORD_KEYS = ['id', 'updatedAt', 'deleted', 'iv', 'ct'] as const;
/** Generous for a sealed account (a few hundred bytes of JSON, base64'd); stops giant strings. */
const MAX_RECORD_CT_CHARS = 64 * 1024;

export interface TesseraBackupFile {
  format: typeof TESSERA_BACKUP_FORMAT;
  version: typeof TESSERA_BACKUP_VERSION;
  createdAt: string;
  slots: KeySlot[];
  records: StoredRecord[];
}

function corrupt(message: string): TesseraError {
  return new TesseraError('E_CORRUPT', message, { reason: 'damaged' });
}

/** Writes the file. Tombstones are left out: a backup carries accounts, not deletions. */
export function writeTesseraBackup(input: {
  slots: readonly KeySlot[];
  records: readonly StoredRecord[];
  createdAt: number;
}): string {
  if (input.slots.length === 0) {
    throw new TesseraError('E_INTERNAL', 'A backup without key slots could never be opened.');
  }
  const file: TesseraBackupFile = {
    format: TESSERA_BACKUP_FORMAT,
    version: TESSERA_BACKUP_VERSION,
    createdAt: new Date(input.createdAt).toISOString(),
    slots: input.slots.map((s) => structuredClone(s)),
    records: input.records
      .filter((r) => r.deleted === 0)
      .map((r) => ({ id: r.id, updatedAt: r.updatedAt, deleted: 0, iv: r.iv, ct: r.ct })),
  };
  return JSON.stringify(file, null, 2) + '\n';
}

/** Recognised by its `format` field alone, so a newer version still gets a precise error. */
export function isTesseraBackupShape(doc: unknown): doc is JsonRecord {
  return isRecord(doc) && field(doc, 'format') === TESSERA_BACKUP_FORMAT;
}

function hasOnlyKeys(obj: JsonRecord, keys: readonly string[]): boolean {
  return Object.keys(obj).every((k) => keys.includes(k));
}

function checkRecord(raw: unknown, n: number): StoredRecord {
  const bad = () => corrupt(`The backup is damaged: account ${n} is not a sealed record.`);
  if (!isRecord(raw) || !hasOnlyKeys(raw, RECORD_KEYS)) throw bad();
  const { id, updatedAt, deleted, iv, ct } = raw;
  if (
    typeof id !== 'string' ||
    id.length === 0 ||
    id.length > 64 ||
    typeof updatedAt !== 'number' ||
    !Number.isSafeInteger(updatedAt) ||
    (deleted !== 0 && deleted !== 1) ||
    typeof iv !== 'string' ||
    typeof ct !== 'string' ||
    ct.length > MAX_RECORD_CT_CHARS
  ) {
    throw bad();
  }
  return { id, updatedAt, deleted, iv, ct };
}

/**
 * Checks the file's structure and version without any key derivation, so an unusable file is
 * refused before the user is asked for a passphrase. Slots are checked in depth (shape, KDF
 * bounds) only when opened, by the crypto core.
 */
export function checkTesseraBackup(text: string): TesseraBackupFile {
  const doc = parseJson(text, 'The Tessera backup');
  if (!isTesseraBackupShape(doc)) {
    throw new TesseraError('E_IMPORT_FORMAT', 'This is not a Tessera backup.', {
      reason: 'notFormat',
      app: 'Tessera',
    });
  }
  const version = field(doc, 'version');
  if (typeof version === 'number' && Number.isSafeInteger(version) && version > 1) {
    throw new TesseraError(
      'E_UNSUPPORTED_VERSION',
      `This backup was made by a newer version of Tessera (format ${version}). Update Tessera to open it.`,
      { reason: 'newerTessera', version },
    );
  }
  if (version !== TESSERA_BACKUP_VERSION) throw corrupt('The backup has no valid version.');
  if (!hasOnlyKeys(doc, FILE_KEYS)) throw corrupt('The backup has fields Tessera did not write.');
  const createdAt = field(doc, 'createdAt');
  if (typeof createdAt !== 'string' || createdAt.length > 64) {
    throw corrupt('The backup has no valid creation date.');
  }
  const slots = field(doc, 'slots');
  if (!Array.isArray(slots) || slots.length === 0 || slots.length > MAX_SLOTS) {
    throw corrupt('The backup has no valid key slots.');
  }
  if (!slots.every(isRecord)) throw corrupt('A key slot of the backup is damaged.');
  const records = field(doc, 'records');
  if (!Array.isArray(records)) throw corrupt('The backup has no account list.');
  requireEntryCount(records.length);
  return {
    format: TESSERA_BACKUP_FORMAT,
    version: TESSERA_BACKUP_VERSION,
    createdAt,
    // The crypto core re-validates every field before use; these are passed on untouched.
    slots: slots as unknown as KeySlot[],
    records: records.map((r: unknown, i) => checkRecord(r, i + 1)),
  };
}

function looksLikeRecoveryKey(secret: string): boolean {
  try {
    wipe(normalizeRecoveryKey(secret));
    return true;
  } catch {
    return false;
  }
}

/**
 * The backup's master key from its passphrase or recovery key (the user types either into one
 * field). A recovery key has a strict form, so only input of that form is tried against the
 * recovery slots; a passphrase that happens to have that form is tried as a passphrase too.
 */
export async function openTesseraBackupKey(slots: unknown[], secret: string): Promise<Bytes> {
  const wrong = () =>
    new TesseraError('E_BAD_PASSPHRASE', 'Wrong passphrase or recovery key for this backup.', {
      reason: 'wrongPassphrase',
    });
  if (secret === '') throw wrong();
  if (looksLikeRecoveryKey(secret)) {
    try {
      return await unlockWithRecoveryKey(slots, secret);
    } catch (e) {
      if (!isTesseraError(e) || !['E_BAD_RECOVERY_KEY', 'E_NOT_FOUND'].includes(e.code)) throw e;
    }
  }
  try {
    return await unlockWithPassphrase(slots, secret);
  } catch (e) {
    if (isTesseraError(e) && ['E_BAD_PASSPHRASE', 'E_NOT_FOUND'].includes(e.code)) throw wrong();
    throw e;
  }
}

/**
 * Opens the live records with the backup's master key. Exported for tests (fuzzing the records
 * without a key derivation per input).
 */
export async function readTesseraRecords(
  masterKey: Uint8Array,
  records: readonly StoredRecord[],
): Promise<ParsedAccounts> {
  const accounts: ImportedAccount[] = [];
  for (const [i, record] of records.entries()) {
    if (record.deleted === 1) continue;
    let account;
    try {
      account = await openAccount(masterKey, record);
    } catch (e) {
      // A record that fails authentication, or decrypts to impossible settings, was not written
      // by Tessera with this key: the file is damaged or was edited.
      if (!isTesseraError(e)) throw e;
      throw new TesseraError(
        'E_CORRUPT',
        `The backup is damaged: account ${i + 1} cannot be read.`,
        { reason: 'damagedAccount', entry: i + 1 },
      );
    }
    const { issuer, label, otp, sites, tags, icon, recoveryCodes, notes } = account;
    accounts.push({
      issuer,
      label,
      otp,
      ...(sites.length > 0 ? { sites } : {}),
      ...accountExtras({ tags, icon }),
      ...recoveryExtras({ recoveryCodes, notes }),
    });
  }
  return { accounts, problems: [] };
}

/** Reads a Tessera backup: structure, then the key (passphrase or recovery key), then records. */
export async function parseTesseraBackup(text: string, secret: string): Promise<ParsedAccounts> {
  const file = checkTesseraBackup(text);
  const masterKey = await openTesseraBackupKey(file.slots, secret);
  try {
    return await readTesseraRecords(masterKey, file.records);
  } finally {
    wipe(masterKey);
  }
}
