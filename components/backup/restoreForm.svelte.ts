import type { WireError } from '../../lib/core/errors';
import type { RemoteBackupInfo } from '../../lib/core/backup/protocol';
import { sendMessage, type UnlockInput } from '../../lib/messaging';
import { request } from '../ui/request';
import type { VaultModel } from '../vault/vaultModel.svelte';

/** First run: restore the vault from browser sync storage, then show what it became. */
export async function restoreFromSync(
  vault: VaultModel,
  input: UnlockInput,
): Promise<WireError | null> {
  const result = await request(() => sendMessage('backup.restore', input));
  if (!result.ok) return result.error;
  await vault.refresh();
  return null;
}

/** Whether sync storage holds a backup; asked again whenever sync storage changes. */
export async function fetchRemoteInfo(): Promise<RemoteBackupInfo | null> {
  const result = await request(() => sendMessage('backup.remoteStatus'));
  return result.ok ? result.value : null;
}
