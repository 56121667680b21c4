import type { WireError } from '../../lib/core/errors';
import type { VaultModel } from './vaultModel.svelte';

export type UnlockMethod = 'passphrase' | 'recoveryKey';

export class UnlockForm {
  method = $state<UnlockMethod>('passphrase');
  secret = $state('');
  busy = $state(false);
  error = $state<WireError | null>(null);
  /** A client-side problem (nothing typed) that never reaches the background. */
  problem = $state<string | null>(null);
  readonly #vault: VaultModel;

  constructor(vault: VaultModel) {
    this.#vault = vault;
  }

  switchTo(method: UnlockMethod): void {
    this.method = method;
    this.secret = '';
    this.error = null;
    this.problem = null;
  }

  async submit(): Promise<void> {
    if (this.busy) return;
    this.error = null;
    this.problem = null;
    if (this.secret.trim().length === 0) {
      this.problem =
        this.method === 'passphrase' ? 'Enter your passphrase.' : 'Enter your recovery key.';
      return;
    }
    this.busy = true;
    try {
      const input =
        this.method === 'passphrase' ? { passphrase: this.secret } : { recoveryKey: this.secret };
      this.error = await this.#vault.unlock(input);
      // Clear on failure too: a wrong passphrase must not linger in the page.
      this.secret = '';
    } finally {
      this.busy = false;
    }
  }
}
