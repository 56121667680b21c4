import { decodeB64, encodeB64, open, randomBytes, seal, utf8Decode, utf8Encode } from '../crypto';
import { toHex } from '../crypto/bytes';
import { TesseraError } from '../errors';
import { decodeDense, encodeDense } from './format/denseText';
import { itemBytes } from './syncArea';
import type { Versioned } from './types';

/**
 * The roster: one small item per browser profile that holds the backup, `w:<profile id>`,
 * written only by that profile. It says who holds the backup (the device name the user sees),
 * when that profile last merged it, and which deletions it has settled, so tombstones can be
 * pruned safely (prune.ts).
 *
 *   value = dense( [version 1] [IV 12] [ciphertext + tag 16] )
 *   plaintext = JSON { n: name, m: merged at, a: accounts, k: ack, w: watermark, x: away, t: at }
 *   additional data = "tessera/backup/roster/v1" NUL key
 *
 * Sealed with the master key like the shards, so sync storage shows only that some profile
 * exists; the key is bound as additional data, so an entry copied under another profile's key
 * (or written with another vault's key) fails to open and is ignored.
 */
export const ROSTER_PREFIX = 'w:';
const ROSTER_VERSION = 1;
const AAD_LABEL = 'tessera/backup/roster/v1';
/** Device names are short labels; longer ones are cut, so an entry stays one small item. */
export const MAX_DEVICE_NAME = 64;

export interface RosterEntry {
  /** The profile id (the key's tail): 16 lowercase hex digits. */
  id: string;
  name: string;
  /** When this profile last completed a merge with the backup (its clock), or null. */
  mergedAt: number | null;
  /** Live accounts it had then. */
  accounts: number;
  /** ackOf() of the remote's tombstones it had settled locally ('' for none). */
  ack: string;
  /** The newest deletion time of any pruned tombstone this profile knows of (0: none). */
  watermark: number;
  /** True while it holds accounts that may have been deleted and pruned while it was away. */
  away: boolean;
  /** When the entry was written (the writer's clock). */
  at: number;
}

export function rosterKey(profileId: string): string {
  return ROSTER_PREFIX + profileId;
}

export function isRosterKey(key: string): boolean {
  return key.startsWith(ROSTER_PREFIX) && isProfileId(key.slice(ROSTER_PREFIX.length));
}

export function isProfileId(id: string): boolean {
  return /^[0-9a-f]{16}$/.test(id);
}

/** A new random profile id (64 bits: profiles of one person never collide). */
export function newProfileId(): string {
  return toHex(randomBytes(8));
}

export function cleanDeviceName(name: string): string {
  const trimmed = name.replace(/\s+/g, ' ').trim();
  return [...trimmed].slice(0, MAX_DEVICE_NAME).join('');
}

/**
 * "Chrome on Linux", "Firefox on Windows", … from the user agent, as a default the user can
 * edit. The brand names are proper nouns, the same in every language.
 */
export function defaultDeviceName(userAgent: string): string {
  const ua = userAgent;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /OPR\//.test(ua)
      ? 'Opera'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Chrome\/|Chromium\//.test(ua)
          ? /Chromium\//.test(ua)
            ? 'Chromium'
            : 'Chrome'
          : 'Browser';
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /CrOS/.test(ua)
      ? 'ChromeOS'
      : /Android/.test(ua)
        ? 'Android'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return os ? `${browser} on ${os}` : browser;
}

function aad(key: string): Uint8Array {
  return utf8Encode(`${AAD_LABEL}\u0000${key}`);
}

export async function sealRosterEntry(masterKey: Uint8Array, entry: RosterEntry): Promise<string> {
  const key = rosterKey(entry.id);
  const body = JSON.stringify({
    n: cleanDeviceName(entry.name),
    m: entry.mergedAt,
    a: entry.accounts,
    k: entry.ack,
    w: entry.watermark,
    x: entry.away ? 1 : 0,
    t: entry.at,
  });
  const sealed = await seal(masterKey, utf8Encode(body), aad(key));
  const iv = decodeB64(sealed.iv);
  const ct = decodeB64(sealed.ct);
  const bytes = new Uint8Array(1 + iv.length + ct.length);
  bytes[0] = ROSTER_VERSION;
  bytes.set(iv, 1);
  bytes.set(ct, 1 + iv.length);
  return encodeDense(bytes);
}

function bad(key: string, reason: string): TesseraError {
  return new TesseraError('E_CORRUPT', 'A roster entry in the backup is damaged.', {
    key,
    reason,
  });
}

const isTime = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Opens one entry; throws E_CORRUPT (with `detail.reason`) for anything but a valid entry. */
export async function openRosterEntry(
  masterKey: Uint8Array,
  key: string,
  value: unknown,
): Promise<RosterEntry> {
  if (!isRosterKey(key)) throw bad(key, 'key');
  if (typeof value !== 'string') throw bad(key, 'not text');
  let bytes: Uint8Array;
  try {
    bytes = decodeDense(value);
  } catch {
    throw bad(key, 'not dense text');
  }
  if (bytes.length < 1 + 12 + 16) throw bad(key, 'truncated');
  if (bytes[0] !== ROSTER_VERSION) throw bad(key, 'version');
  const iv = bytes.subarray(1, 13);
  const ct = bytes.subarray(13);
  let plain: Uint8Array;
  try {
    plain = await open(masterKey, { iv: encodeB64(iv), ct: encodeB64(ct) }, aad(key));
  } catch {
    throw bad(key, 'tampered');
  }
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(utf8Decode(plain)) as Record<string, unknown>;
  } catch {
    throw bad(key, 'json');
  }
  if (
    typeof o !== 'object' ||
    o === null ||
    typeof o.n !== 'string' ||
    !(o.m === null || isTime(o.m)) ||
    !isTime(o.a) ||
    typeof o.k !== 'string' ||
    !/^([0-9a-f]{16})?$/.test(o.k) ||
    !isTime(o.w) ||
    (o.x !== 0 && o.x !== 1) ||
    !isTime(o.t)
  ) {
    throw bad(key, 'fields');
  }
  return {
    id: key.slice(ROSTER_PREFIX.length),
    name: cleanDeviceName(o.n),
    mergedAt: o.m,
    accounts: o.a,
    ack: o.k,
    watermark: o.w,
    away: o.x === 1,
    at: o.t,
  };
}

export interface Roster {
  /** Valid entries, this profile's included. */
  entries: RosterEntry[];
  /** This profile's entry as sync storage holds it, or null (not registered, or forgotten). */
  self: RosterEntry | null;
  /** Roster items that did not open (damaged, or another vault's): ignored. */
  ignored: string[];
  /** The pruning watermark: the largest any entry carries. */
  watermark: number;
  /** Bytes and items of all roster items (valid or not). */
  bytes: number;
  items: number;
}

/** Reads the roster from everything sync storage holds. Never throws for stored data. */
export async function decodeRoster(
  items: Record<string, unknown>,
  masterKey: Uint8Array,
  selfId: string | null,
): Promise<Roster> {
  const entries: RosterEntry[] = [];
  const ignored: string[] = [];
  let bytes = 0;
  let count = 0;
  for (const [key, value] of Object.entries(items)) {
    if (!key.startsWith(ROSTER_PREFIX)) continue;
    bytes += itemBytes(key, value);
    count++;
    try {
      entries.push(await openRosterEntry(masterKey, key, value));
    } catch {
      ignored.push(key);
    }
  }
  entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    entries,
    self: entries.find((e) => e.id === selfId) ?? null,
    ignored,
    watermark: entries.reduce((w, e) => Math.max(w, e.watermark), 0),
    bytes,
    items: count,
  };
}

/**
 * A 64-bit digest of a set of tombstones (id and deletion time). Two profiles with the same
 * ack settled exactly the same deletions.
 */
export async function ackOf(tombstones: readonly Versioned[]): Promise<string> {
  if (tombstones.length === 0) return '';
  const text = tombstones
    .map((t) => `${t.id}:${t.updatedAt}`)
    .sort()
    .join(',');
  const digest = await globalThis.crypto.subtle.digest('SHA-256', utf8Encode(text));
  return Array.from(new Uint8Array(digest).subarray(0, 8), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}
