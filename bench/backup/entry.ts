// What the backup benchmark needs from lib/core, bundled into one module by run.mjs.
export { BackupEngine } from '../../lib/core/backup/engine';
export { MemorySyncArea } from '../../tests/support/memorySyncArea';
export { decodeRemote } from '../../lib/core/backup/remote';
export { rosterKey, sealRosterEntry } from '../../lib/core/backup/roster';
export { itemBytes, SYNC_LIMITS } from '../../lib/core/backup/syncArea';
export {
  createMasterKey,
  createPassphraseSlot,
  createRecoverySlot,
  generateRecoveryKey,
  DEFAULT_ARGON2ID,
} from '../../lib/core/crypto';
export { accountFromInput } from '../../lib/core/vault/fromInput';
export { sealAccount } from '../../lib/core/vault/records';
export { normalizeSites } from '../../lib/core/vault/sites';
export { capacityAccounts } from './capacityAccounts';
export { T0 } from './capacityAccounts';
