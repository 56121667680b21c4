import type {
  BackupRosterView,
  BackupVerifyView,
  BackupView,
  RemoteBackupInfo,
  RosterDeviceView,
} from './scheduler';

export type { BackupRosterView, BackupVerifyView, RemoteBackupInfo, RosterDeviceView };

/** The popup's answer when another profile deleted several accounts at once. */
export type BackupRemovalAnswer = 'apply' | 'keep';

/**
 * The backup status as extension pages see it. Account names appear only for a pending
 * removal question (the popup lists the same names anyway); nothing secret.
 */
export interface BackupStatusView extends Omit<BackupView, 'removals'> {
  removals: { id: string; name: string }[] | null;
  /**
   * The organisation's policy (disableSyncBackup) keeps backup off: `enabled` is false, and
   * turning it on is refused with E_POLICY. The page says so instead of offering the switch.
   */
  policyDisabled: boolean;
}
