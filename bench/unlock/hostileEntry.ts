// What the hostile-header unlock benchmark needs from lib/core, bundled by bench/unlock.mjs.
export {
  DEFAULT_ARGON2ID,
  createMasterKey,
  createPassphraseSlot,
  encodeB64,
} from '../../lib/core/crypto';
export { VaultService } from '../../lib/core/vault/service';
export type { BackupHeader } from '../../lib/core/backup/format/header';
export type { KeyCache, StoredRecord, VaultHeader, VaultStore } from '../../lib/core/vault/types';
