const DAY_MS = 24 * 60 * 60_000;

/** This profile's backup has not completed for this long: say what to do. */
export const NOT_COMPLETED_MS = 7 * DAY_MS;
/** No other browser has merged the backup for this long: the accounts live in one place. */
export const ALONE_MS = 30 * DAY_MS;

/**
 * - 'off': backup is switched off (by the user; a policy is said elsewhere);
 * - 'not-completed': no backup completed for 7 days (or since backup started, if never);
 * - 'alone': for 30 days no other browser has merged the backup: only this one has the accounts.
 */
export type BackupHealthWarning = 'off' | 'not-completed' | 'alone';

export interface BackupHealthInput {
  enabled: boolean;
  now: number;
  /** The last completed backup here, or null. */
  lastSuccessAt: number | null;
  /** When this profile started backing up (its first attempt), or null before any. */
  since: number | null;
  /** The latest merge by any other browser of the roster, or null when none is listed. */
  othersMergedAt: number | null;
}

export interface BackupHealth {
  /** Most urgent first; empty when all is well. */
  warnings: BackupHealthWarning[];
  /** Whole days since the last completed backup (for "not completed for N days"). */
  daysSinceBackup: number | null;
}

/**
 * What the user should do about the backup, decided from counts and times only. A profile
 * that just started is given the full period before it is warned: a new install is not alone
 * until it has been for 30 days.
 */
export function backupHealth(input: BackupHealthInput): BackupHealth {
  if (!input.enabled) return { warnings: ['off'], daysSinceBackup: null };
  const warnings: BackupHealthWarning[] = [];
  const reference = input.lastSuccessAt ?? input.since;
  const daysSinceBackup =
    input.lastSuccessAt === null ? null : Math.floor((input.now - input.lastSuccessAt) / DAY_MS);
  if (reference !== null && input.now - reference >= NOT_COMPLETED_MS) {
    warnings.push('not-completed');
  }
  const aloneSince =
    input.othersMergedAt === null
      ? input.since
      : input.since === null
        ? input.othersMergedAt
        : Math.max(input.othersMergedAt, input.since);
  if (aloneSince !== null && input.now - aloneSince >= ALONE_MS) warnings.push('alone');
  return { warnings, daysSinceBackup };
}
