import { KdfBudget, unlockWithPassphrase, unlockWithRecoveryKey } from '../crypto';
import { TesseraError } from '../errors';
import type { StoredRecord } from '../vault/types';
import { BackupEngine } from './engine';
import { parseHeader, vaultIdOf, verifyHeader, type BackupHeader } from './format/header';
import { HEADER_KEY } from './format/layout';
import { problemError } from './problems';
import { decodeRemote } from './remote';
import type { SyncArea } from './syncArea';
import type { BackupEntry, RemoteProblem } from './types';

/** Another vault's backup, opened with its passphrase or recovery key. */
export interface OpenedBackup {
  masterKey: Uint8Array;
  header: BackupHeader;
  /** Every account and tombstone the backup holds (newest version per id). */
  entries: BackupEntry[];
  problems: RemoteProblem[];
}

/**
 * Whether sync storage holds the backup of a vault other than `ownVaultId` (readable without a
 * key: the header's public fingerprint). Damaged or newer-format headers are not offered.
 */
export async function foreignBackupPresent(area: SyncArea, ownVaultId: string): Promise<boolean> {
  const raw = (await area.get([HEADER_KEY]))[HEADER_KEY];
  if (raw === undefined) return false;
  try {
    return parseHeader(raw).vault !== ownVaultId;
  } catch {
    return false;
  }
}

/**
 * Opens the backup in sync storage with a secret. Cheap checks first (a header, its shape and
 * KDF bounds, another vault than ours), then one budgeted key derivation, then the header's
 * authentication. Throws E_NOT_FOUND, E_VAULT_EXISTS (reason 'sameVault'), E_CORRUPT,
 * E_UNSUPPORTED_VERSION, E_KDF_PARAMS, E_KDF_BUDGET, E_BAD_PASSPHRASE, E_BAD_RECOVERY_KEY.
 */
export async function openForeignBackup(
  area: SyncArea,
  secret: { passphrase: string } | { recoveryKey: string },
  ownVaultId: string | null,
  budget: KdfBudget = new KdfBudget(),
): Promise<OpenedBackup> {
  const items = await area.get(null);
  const raw = items[HEADER_KEY];
  if (raw === undefined) {
    throw new TesseraError('E_NOT_FOUND', 'There is no Tessera backup in this browser account.');
  }
  const header = parseHeader(raw);
  if (ownVaultId !== null && header.vault === ownVaultId) {
    throw new TesseraError(
      'E_VAULT_EXISTS',
      'The backup in sync storage is already this vault’s; it merges on its own.',
      { reason: 'sameVault' },
    );
  }
  const masterKey =
    'passphrase' in secret
      ? await unlockWithPassphrase(header.slots, secret.passphrase, budget)
      : await unlockWithRecoveryKey(header.slots, secret.recoveryKey);
  await verifyHeader(masterKey, header);
  if ((await vaultIdOf(masterKey)) !== header.vault) {
    throw problemError('tampered', 'The backup header does not match its key.', {
      key: HEADER_KEY,
    });
  }
  const snap = await decodeRemote(items, masterKey);
  return { masterKey, header, entries: snap.entries, problems: snap.problems };
}

/**
 * Writes records into the backup of the vault whose key is `masterKey` (merging with what is
 * there, never deleting), then reads the backup back and checks that it holds every one of
 * them. Throws the engine's error (E_BACKUP_TOO_LARGE, a rate limit as E_INTERNAL with
 * `retryAfterMs`, …) when the backup could not be completed: nothing local depends on it yet.
 */
export async function writeVerified(
  area: SyncArea,
  opened: { masterKey: Uint8Array; header: BackupHeader },
  records: readonly StoredRecord[],
  now: () => number,
): Promise<void> {
  const engine = new BackupEngine({
    area,
    masterKey: opened.masterKey,
    keySlots: opened.header.slots,
    keySlotsAt: opened.header.slotsAt,
    now,
  });
  // 'keep': nothing of the joined set may be deleted by this write (it holds the remote already).
  const pushed = await engine.push(records, { removals: 'keep' });
  if (!pushed.ok) {
    throw (
      pushed.error ??
      new TesseraError('E_INTERNAL', 'The backup could not be written now. Try again later.', {
        retryAfterMs: pushed.retryAfterMs ?? 0,
        state: pushed.status.state,
      })
    );
  }
  const check = await engine.verify(records);
  if (!check.ok) {
    throw new TesseraError('E_INTERNAL', 'The backup did not read back complete. Try again.', {
      missing: check.missing.length,
      behind: check.behind.length,
    });
  }
}
