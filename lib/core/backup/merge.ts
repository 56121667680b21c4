import type { Versioned } from './types';

/**
 * Per-account merge of two replicas: for each id, the greater version wins, where versions
 * are ordered by
 *   1. updatedAt (the later change wins),
 *   2. deleted (at the same millisecond a deletion beats an edit: nothing resurrects by a tie),
 *   3. digest (two different edits at the same millisecond: an arbitrary but fixed winner that
 *      every profile picks the same way, since the digest hashes the content).
 * Taking the maximum under a total order is commutative, associative and idempotent, so any
 * number of profiles merging in any order and any number of times end in the same state
 * (tests/core/backup/merge.test.ts checks this by property).
 *
 * Absence is not deletion: an id only one side has is simply kept. Only a tombstone deletes,
 * and only when it is newer than the live record. This is what makes an empty, partial or
 * damaged remote harmless.
 */
export function compareVersions(a: Versioned, b: Versioned): number {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt ? -1 : 1;
  if (a.deleted !== b.deleted) return a.deleted < b.deleted ? -1 : 1;
  if (a.digest !== b.digest) return a.digest < b.digest ? -1 : 1;
  return 0;
}

export function sameVersion(a: Versioned, b: Versioned): boolean {
  return compareVersions(a, b) === 0;
}

export interface MergeResult<T extends Versioned> {
  /** Every id of either side at its winning version, sorted by id. */
  merged: T[];
  /** What the local side lacks or has older. */
  toWriteLocal: T[];
  /** What the remote side lacks or has older. */
  toWriteRemote: T[];
  /** Ids live locally that the merge deletes (a newer tombstone came from the remote). */
  removals: string[];
}

/** The newest version per id (a replica listing an id twice is reduced first). */
export function newestById<T extends Versioned>(records: readonly T[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const r of records) {
    const have = out.get(r.id);
    if (!have || compareVersions(r, have) > 0) out.set(r.id, r);
  }
  return out;
}

export function mergeRecords<T extends Versioned>(
  local: readonly T[],
  remote: readonly T[],
): MergeResult<T> {
  const l = newestById(local);
  const r = newestById(remote);
  const ids = [...new Set([...l.keys(), ...r.keys()])].sort();
  const merged: T[] = [];
  const toWriteLocal: T[] = [];
  const toWriteRemote: T[] = [];
  const removals: string[] = [];
  for (const id of ids) {
    const a = l.get(id);
    const b = r.get(id);
    const win = !a ? (b as T) : !b ? a : compareVersions(a, b) >= 0 ? a : b;
    merged.push(win);
    if (!a || !sameVersion(a, win)) toWriteLocal.push(win);
    if (!b || !sameVersion(b, win)) toWriteRemote.push(win);
    if (a && a.deleted === 0 && win.deleted === 1) removals.push(id);
  }
  return { merged, toWriteLocal, toWriteRemote, removals };
}
