import type { RosterEntry, Roster } from './roster';
import type { BackupEntry } from './types';

/** What one merge learnt from the roster before merging. */
export interface RosterRun {
  roster: Roster;
  /** This profile's entry after registration (null when it could not be written yet). */
  self: RosterEntry | null;
  /** Ids the remote holds (live or deleted). */
  remoteIds: Set<string>;
  /** Away mode: live local accounts that look deleted and pruned elsewhere (prune.ts). */
  held: BackupEntry[];
  /** The same, while the backup is incomplete: neither pushed nor asked about yet. */
  waiting: string[];
  now: number;
  /** What sync storage holds under this profile's key (valid or not), for quota planning. */
  stored: unknown;
  /** The header changed after the read, so registration was not written: read again. */
  raced: boolean;
}

/** The roster as the status shows it: how many browsers hold the backup, and the others' news. */
export interface RosterSummary {
  /** Browsers listed (this one included once it is registered). */
  browsers: number;
  /** The latest merge by any other browser, or null when no other browser is listed. */
  othersMergedAt: number | null;
}

export function rosterSummary(entries: readonly RosterEntry[], selfId: string): RosterSummary {
  const others = entries.filter((e) => e.id !== selfId);
  const merges = others.map((e) => e.mergedAt).filter((m): m is number => m !== null);
  return {
    browsers: entries.length,
    othersMergedAt: merges.length > 0 ? Math.max(...merges) : null,
  };
}

/** This profile's next entry; `changed` says whether it must be written now. */
export function nextRosterEntry(
  previous: RosterEntry | null,
  fields: Omit<RosterEntry, 'mergedAt' | 'at'>,
  now: number,
  refreshMs: number,
): { entry: RosterEntry; changed: boolean } {
  const changed =
    previous === null ||
    previous.name !== fields.name ||
    previous.ack !== fields.ack ||
    previous.watermark !== fields.watermark ||
    previous.away !== fields.away ||
    previous.accounts !== fields.accounts ||
    previous.mergedAt === null ||
    now - previous.at >= refreshMs;
  return {
    entry: changed
      ? { ...fields, mergedAt: now, at: now }
      : { ...previous, ...fields, mergedAt: previous.mergedAt, at: previous.at },
    changed,
  };
}
