import { open, seal, utf8Decode, utf8Encode } from '../crypto';
import type { Account, StoredRecord } from './types';

/**
 * The vault version: an authenticated list of every record's id, change time and deletion
 * flag, plus the highest HOTP counter each account has reached, sealed with the master key and
 * kept in the vault header.
 *
 *   header.version = { v: 1, iv, ct }   plaintext: JSON [[id, updatedAt, deleted, counter|null]…]
 *
 * Each record already binds its own id and time (records.ts), so it cannot be altered; what it
 * cannot show alone is that it is the *latest* copy. At unlock a record older than its entry
 * here, or missing, was rolled back. Records are written first and the version second, so a stop
 * in between leaves records newer than the version, which is accepted (and the version caught
 * up): old state or new state, never a false alarm.
 */
export const VERSION_FORMAT = 1;
const AAD = utf8Encode('tessera/vault/version/v1');

export interface VersionEntry {
  updatedAt: number;
  deleted: 0 | 1;
  /** HOTP only: the next counter to use, as high as it ever was. */
  counter: number | null;
}

export type VaultVersion = Map<string, VersionEntry>;

export interface SealedVersion {
  v: typeof VERSION_FORMAT;
  iv: string;
  ct: string;
}

export async function sealVersion(key: Uint8Array, version: VaultVersion): Promise<SealedVersion> {
  const rows = [...version.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, e]) => [id, e.updatedAt, e.deleted, e.counter]);
  const { iv, ct } = await seal(key, utf8Encode(JSON.stringify(rows)), AAD);
  return { v: VERSION_FORMAT, iv, ct };
}

/** null when the version cannot be read (damaged, altered, or of another key). */
export async function openVersion(key: Uint8Array, sealed: unknown): Promise<VaultVersion | null> {
  try {
    if (typeof sealed !== 'object' || sealed === null) return null;
    if ((sealed as { v?: unknown }).v !== VERSION_FORMAT) return null;
    const rows: unknown = JSON.parse(utf8Decode(await open(key, sealed, AAD)));
    if (!Array.isArray(rows)) return null;
    const version: VaultVersion = new Map();
    for (const row of rows) {
      if (!Array.isArray(row) || row.length !== 4) return null;
      const [id, updatedAt, deleted, counter] = row as unknown[];
      if (typeof id !== 'string' || typeof updatedAt !== 'number') return null;
      if (deleted !== 0 && deleted !== 1) return null;
      if (counter !== null && typeof counter !== 'number') return null;
      version.set(id, { updatedAt, deleted, counter });
    }
    return version;
  } catch {
    return null;
  }
}

function hotpCounter(account: Account | undefined): number | null {
  return account && account.otp.type === 'hotp' ? account.otp.counter : null;
}

function maxCounter(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

/**
 * The version after `records` were written: each entry follows its record; an HOTP counter
 * only ever goes up (a tombstone keeps the counter its account had).
 */
export function advanceVersion(
  version: VaultVersion,
  records: readonly StoredRecord[],
  accountOf: (id: string) => Account | undefined,
): VaultVersion {
  const next = new Map(version);
  for (const r of records) {
    const before = version.get(r.id);
    next.set(r.id, {
      updatedAt: r.updatedAt,
      deleted: r.deleted,
      counter: maxCounter(before?.counter ?? null, hotpCounter(accountOf(r.id))),
    });
  }
  return next;
}

export interface VersionCheck {
  /** Accounts whose stored record is older than the version says, or is missing. */
  rolledBack: string[];
  /** The version to keep: never older than the one read, caught up with newer records. */
  version: VaultVersion;
  /** True when it differs from what is stored (first use, or a write that stopped halfway). */
  changed: boolean;
}

/**
 * Compares the records as stored with the version. `version` null means none could be read:
 * the records are taken as they are (a vault written before versions existed).
 */
export function checkVersion(
  version: VaultVersion | null,
  records: readonly StoredRecord[],
  accountOf: (id: string) => Account | undefined,
): VersionCheck {
  const next: VaultVersion = new Map(version ?? []);
  const rolledBack: string[] = [];
  let changed = version === null;
  const seen = new Set<string>();
  for (const r of records) {
    seen.add(r.id);
    const entry = version?.get(r.id);
    const counter = hotpCounter(accountOf(r.id));
    if (entry && r.updatedAt < entry.updatedAt) {
      rolledBack.push(r.id);
      continue;
    }
    const fresh: VersionEntry = {
      updatedAt: r.updatedAt,
      deleted: r.deleted,
      counter: maxCounter(entry?.counter ?? null, counter),
    };
    if (
      !entry ||
      entry.updatedAt !== fresh.updatedAt ||
      entry.deleted !== fresh.deleted ||
      entry.counter !== fresh.counter
    ) {
      changed = true;
    }
    next.set(r.id, fresh);
  }
  for (const id of version?.keys() ?? []) if (!seen.has(id)) rolledBack.push(id);
  return { rolledBack, version: next, changed };
}

/** The lowest counter an HOTP account may use: what the version remembers, if higher. */
export function counterFloor(version: VaultVersion, id: string): number | null {
  return version.get(id)?.counter ?? null;
}
