import { decodeB64, open, parseKeySlot, seal, utf8Encode, type KeySlot } from '../../crypto';
import { isTesseraError } from '../../errors';
import { problemError } from '../problems';

/**
 * The header item `h`: plain JSON, because a new profile must read the key slots before it has
 * any key.
 *
 *   { v: 1, vault: <16 hex>, gen: <int>, slotsAt: <ms>, slots: [KeySlot…], auth: { iv, ct } }
 *
 * - `v`: backup format version. A newer one is left alone (E_UNSUPPORTED_VERSION).
 * - `vault`: a public fingerprint of the master key (HMAC), so a profile can tell "this is my
 *   vault's backup" from "another vault's" without a passphrase, and never overwrite the latter.
 * - `gen`: the backup's generation, bound into every shard. It changes only when a profile
 *   replaces the whole backup (another vault took over, or the user started over); shards of
 *   another generation are stale and ignored.
 * - `slots`: passphrase and recovery slots only. A new slot kind that must travel needs a new
 *   `v`, so that older readers leave the header alone (unsupported-version) instead of taking
 *   the unknown kind for damage and repairing it away.
 * - `slotsAt`: when the slots last changed. A passphrase change in one profile re-wraps the key
 *   there; other profiles see newer slots and never overwrite them with older ones.
 * - `auth`: AES-GCM with the master key over nothing, with all the fields above as additional
 *   data: profiles holding the key detect any change to the header. (Slots are also
 *   authenticated on their own, by their KDF.)
 */
export const BACKUP_FORMAT_VERSION = 1;
const HEADER_FIELDS = ['v', 'vault', 'gen', 'slotsAt', 'slots', 'auth'] as const;
const MAX_SLOTS = 16;

export interface BackupHeader {
  v: typeof BACKUP_FORMAT_VERSION;
  vault: string;
  gen: number;
  slotsAt: number;
  slots: KeySlot[];
  auth: { iv: string; ct: string };
}

export async function vaultIdOf(masterKey: Uint8Array): Promise<string> {
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    new Uint8Array(masterKey),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await globalThis.crypto.subtle.sign(
    'HMAC',
    key,
    utf8Encode('tessera/backup/vault-id/v1'),
  );
  return Array.from(new Uint8Array(mac).subarray(0, 8), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

/** JSON with object keys sorted, so the same header always gives the same additional data. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function headerAad(h: Omit<BackupHeader, 'auth'>): Uint8Array {
  return utf8Encode(
    canonicalJson(['tessera/backup/format/header', h.v, h.vault, h.gen, h.slotsAt, h.slots]),
  );
}

export async function buildHeader(
  masterKey: Uint8Array,
  fields: { gen: number; slotsAt: number; slots: readonly KeySlot[] },
): Promise<BackupHeader> {
  const body = {
    v: BACKUP_FORMAT_VERSION,
    vault: await vaultIdOf(masterKey),
    gen: fields.gen,
    slotsAt: fields.slotsAt,
    slots: fields.slots.map((s) => parseKeySlot(s)),
  } as const;
  const auth = await seal(masterKey, new Uint8Array(0), headerAad(body));
  return { ...body, auth };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/**
 * Checks a header's shape (no key needed). Throws the problem as a TesseraError:
 * 'unsupported-version' (E_UNSUPPORTED_VERSION) first, whatever else the object holds, since a
 * newer format may look different; then 'malformed'; 'kdf-params' (E_KDF_PARAMS) when a key
 * slot's KDF settings are out of bounds (checked before any KDF could run).
 */
export function parseHeader(raw: unknown): BackupHeader {
  const malformed = (reason: string) =>
    problemError('malformed', 'The backup header is damaged.', { key: 'h', reason });
  if (!isPlainObject(raw)) throw malformed('not an object');
  if (typeof raw.v === 'number' && raw.v > BACKUP_FORMAT_VERSION) {
    throw problemError(
      'unsupported-version',
      'The backup in this browser account was written by a newer version of Tessera. Update Tessera to use it; it was left as it is.',
      { key: 'h', version: raw.v },
    );
  }
  if (raw.v !== BACKUP_FORMAT_VERSION) throw malformed('version');
  const keys = Object.keys(raw);
  if (keys.length !== HEADER_FIELDS.length || !HEADER_FIELDS.every((k) => Object.hasOwn(raw, k))) {
    throw malformed('fields');
  }
  if (typeof raw.vault !== 'string' || !/^[0-9a-f]{16}$/.test(raw.vault)) throw malformed('vault');
  if (!isCount(raw.gen)) throw malformed('generation');
  if (!isCount(raw.slotsAt)) throw malformed('slotsAt');
  if (!Array.isArray(raw.slots) || raw.slots.length === 0 || raw.slots.length > MAX_SLOTS) {
    throw malformed('slots');
  }
  const slots = raw.slots.map((s: unknown) => {
    let slot: KeySlot;
    try {
      slot = parseKeySlot(s);
    } catch (e) {
      if (isTesseraError(e) && e.code === 'E_KDF_PARAMS') {
        throw problemError(
          'kdf-params',
          'A key slot in the backup has unsafe key derivation settings.',
          {
            key: 'h',
            ...(e.detail ?? {}),
          },
        );
      }
      if (isTesseraError(e) && e.code === 'E_UNSUPPORTED_VERSION') {
        throw problemError(
          'unsupported-version',
          'A key slot in the backup was written by a newer version of Tessera.',
          { key: 'h' },
        );
      }
      throw malformed('slot');
    }
    // Passkey slots stay in the profile that made them (README, "Passkey unlock"); one in a
    // backup was not written by Tessera, and adopting it would publish it on.
    if (slot.kind === 'passkey') throw malformed('slot');
    return slot;
  });
  const auth = raw.auth;
  if (
    !isPlainObject(auth) ||
    Object.keys(auth).length !== 2 ||
    typeof auth.iv !== 'string' ||
    typeof auth.ct !== 'string'
  ) {
    throw malformed('auth');
  }
  try {
    if (decodeB64(auth.iv).length !== 12 || decodeB64(auth.ct).length !== 16)
      throw malformed('auth');
  } catch {
    throw malformed('auth');
  }
  return {
    v: BACKUP_FORMAT_VERSION,
    vault: raw.vault,
    gen: raw.gen,
    slotsAt: raw.slotsAt,
    slots,
    auth: { iv: auth.iv, ct: auth.ct },
  };
}

/** 'foreign' when the header belongs to another master key; 'tampered' when it was altered. */
export async function verifyHeader(masterKey: Uint8Array, header: BackupHeader): Promise<void> {
  if (header.vault !== (await vaultIdOf(masterKey))) {
    throw problemError(
      'foreign',
      'Browser sync storage holds the backup of another Tessera vault.',
      { key: 'h' },
    );
  }
  try {
    await open(masterKey, header.auth, headerAad(header));
  } catch {
    throw problemError('tampered', 'The backup header was altered.', { key: 'h' });
  }
}
