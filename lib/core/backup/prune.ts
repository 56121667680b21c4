import { compareVersions } from './merge';
import type { RosterEntry } from './roster';
import type { BackupEntry, Versioned } from './types';

const DAY_MS = 24 * 60 * 60_000;

/**
 * A roster entry not written for this long no longer blocks pruning: the browser behind it is
 * taken as gone. If it comes back, it merges in "away" mode (awayHeld below).
 */
export const PRUNE_HORIZON_MS = 180 * DAY_MS;

/** A profile rewrites its roster entry at least this often while it runs ("last synced"). */
export const ROSTER_REFRESH_MS = 12 * 60 * 60_000;

/**
 * Whether this profile has settled every one of the remote's tombstones: its own record of each
 * id is absent (it never had the account), or at least as new as the tombstone (it applied the
 * deletion, or holds a newer edit that beats it). A settled profile can never push a deleted
 * account back.
 */
export function settles(local: readonly Versioned[], tombstones: readonly Versioned[]): boolean {
  const mine = new Map(local.map((e) => [e.id, e]));
  return tombstones.every((t) => {
    const m = mine.get(t.id);
    return !m || compareVersions(m, t) >= 0;
  });
}

/**
 * The remote's tombstones may go when every browser that counts has settled exactly them: this
 * profile (checked by the caller with `settles`) and every other roster entry written within
 * the horizon, whose `ack` must equal the ack of these very tombstones.
 */
export function mayPrune(options: {
  ack: string;
  selfId: string;
  entries: readonly RosterEntry[];
  now: number;
  horizonMs?: number;
}): boolean {
  if (options.ack === '') return false;
  const horizon = options.horizonMs ?? PRUNE_HORIZON_MS;
  return options.entries
    .filter((e) => e.id !== options.selfId && options.now - e.at <= horizon)
    .every((e) => e.ack === options.ack);
}

/**
 * Whether this profile merges in "away" mode: it has merged before (lastMergeAt) and either that
 * was longer ago than the horizon, or its roster entry is gone (forgotten, or never written),
 * or it still holds accounts from an earlier away merge. Other browsers may then have pruned
 * deletions it never saw.
 */
export function isAway(options: {
  lastMergeAt: number | null;
  self: RosterEntry | null;
  now: number;
  horizonMs?: number;
}): boolean {
  const { lastMergeAt, self, now } = options;
  if (lastMergeAt === null) return false;
  return (
    self === null ||
    self.mergedAt === null ||
    self.away ||
    now - lastMergeAt > (options.horizonMs ?? PRUNE_HORIZON_MS)
  );
}

/**
 * In away mode: the live local accounts that may have been deleted elsewhere. Each was here at
 * this profile's last merge (so the backup held it then), or is older than the watermark of a
 * pruning that did not wait for this browser, and is missing from the backup now:
 * its deletion may have been merged and pruned while this browser was away. These are never
 * pushed back silently; the user confirms (delete here too, or keep). The pruning watermark is
 * not required here on purpose: other browsers may see pruned shards before the roster entry
 * that carries the new watermark.
 */
export function awayHeld(options: {
  local: readonly BackupEntry[];
  remoteIds: ReadonlySet<string>;
  lastMergeAt: number;
  /**
   * For a browser the roster did not list (or listed before its first merge): also anything
   * not newer than the pruning watermark, since a deletion that new may have been pruned
   * without waiting for it.
   */
  watermark: number;
}): BackupEntry[] {
  return options.local.filter(
    (e) =>
      e.deleted === 0 &&
      !options.remoteIds.has(e.id) &&
      (e.updatedAt <= options.lastMergeAt || e.updatedAt <= options.watermark),
  );
}

/**
 * Local tombstones the backup no longer needs: the remote lacks the id and the deletion is not
 * newer than the watermark, so it was pruned (or the account never reached the backup). Pushing
 * them again would only undo the pruning.
 */
export function isPrunedTombstone(
  e: Versioned,
  remoteIds: ReadonlySet<string>,
  watermark: number,
): boolean {
  return e.deleted === 1 && !remoteIds.has(e.id) && e.updatedAt <= watermark;
}
