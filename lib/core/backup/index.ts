export {
  BackupEngine,
  type BackupEngineOptions,
  type BackupState,
  type BackupStatus,
  type RemovalChoice,
  type RestoreResult,
  type SyncOptions,
  type SyncOutcome,
  type VerifyResult,
} from './engine';
export { encodeBackup, planBackup, PayloadCache, type BackupPlan } from './encode';
export { accountDigest, toEntry } from './entries';
export { BACKUP_FORMAT_VERSION, type BackupHeader } from './format/header';
export { HEADER_KEY, isBackupKey } from './format/layout';
export { compareVersions, mergeRecords, type MergeResult } from './merge';
export { classifySyncError, retryDelay, type SyncFailure } from './quota';
export {
  decodeRemote,
  ShardCache,
  type RemoteShard,
  type RemoteSnapshot,
  type RemoteState,
} from './remote';
export { SYNC_LIMITS, itemBytes, type SyncArea, type SyncLimits } from './syncArea';
export type {
  BackupEntry,
  BackupRecord,
  RemoteProblem,
  RemoteProblemKind,
  Versioned,
} from './types';
export {
  BackupScheduler,
  defaultMemo,
  type BackupMemo,
  type BackupSchedulerOptions,
  type BackupVault,
  type BackupVerifyView,
  type BackupView,
  type RemoteBackupInfo,
} from './scheduler';
export type { BackupRemovalAnswer, BackupStatusView } from './protocol';
