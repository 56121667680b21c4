import type { WireError } from '../../lib/core/errors';
import type { RemoteBackupInfo } from '../../lib/core/backup/protocol';
import { sendMessage } from '../../lib/messaging';
import { request } from '../ui/request';
import type { VaultModel } from '../vault/vaultModel.svelte';

export type RestoreMethod = 'passphrase' | 'recoveryKey';

/** First run: restore the vault from browser sync storage. */
export class RestoreForm {
  method = $state<RestoreMethod>('passphrase');
  secret = $state('');
  busy = $state(false);
  error = $state<WireError | null>(null);
  problem = $state<string | null>(null);
  readonly #vault: VaultModel;

  constructor(vault: VaultModel) {
    this.#vault = vault;
  }

  switchTo(method: RestoreMethod): void {
    this.method = method;
    this.secret = '';
    this.error = null;
    this.problem = null;
  }

  async submit(): Promise<void> {
    if (this.busy) return;
    this.error = null;
    this.problem = null;
    if (this.secret.trim() === '') {
      this.problem =
        this.method === 'passphrase' ? 'Enter your passphrase.' : 'Enter your recovery key.';
      return;
    }
    this.busy = true;
    try {
      const input =
        this.method === 'passphrase' ? { passphrase: this.secret } : { recoveryKey: this.secret };
      const result = await request(() => sendMessage('backup.restore', input));
      // Cleared on failure too: a wrong passphrase must not linger in the page.
      this.secret = '';
      if (!result.ok) {
        this.error = result.error;
        return;
      }
      await this.#vault.refresh();
    } finally {
      this.busy = false;
    }
  }
}

/** Whether sync storage holds a backup; asked again whenever sync storage changes. */
export async function fetchRemoteInfo(): Promise<RemoteBackupInfo | null> {
  const result = await request(() => sendMessage('backup.remoteStatus'));
  return result.ok ? result.value : null;
}
