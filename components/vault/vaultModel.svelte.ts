import type { WireError } from '../../lib/core/errors';
import {
  sendMessage,
  type AutoLock,
  type UnlockInput,
  type VaultStatus,
} from '../../lib/messaging';
import { request } from '../ui/request';
import { takeOpeningStatus } from './vaultOpening';

export type VaultScreen = 'loading' | 'unreachable' | 'none' | 'recovery' | 'locked' | 'unlocked';

/** What the popup knows about the vault, and the calls that change it. */
export class VaultModel {
  status = $state<VaultStatus | null>(null);
  /** Held only between `vault.create` and the user confirming they saved it. */
  recoveryKey = $state<string | null>(null);
  loadError = $state<WireError | null>(null);

  screen: VaultScreen = $derived.by(() => {
    if (this.recoveryKey !== null) return 'recovery';
    if (this.status) return this.status.state;
    return this.loadError ? 'unreachable' : 'loading';
  });

  async refresh(): Promise<void> {
    const opening = await takeOpeningStatus();
    if (opening) {
      this.status = opening;
      this.loadError = null;
      return;
    }
    const result = await request(() => sendMessage('vault.status'));
    if (result.ok) {
      this.status = result.value;
      this.loadError = null;
    } else {
      this.status = null;
      this.loadError = result.error;
    }
  }

  async create(passphrase: string, confirm: string): Promise<WireError | null> {
    const result = await request(() => sendMessage('vault.create', { passphrase, confirm }));
    if (!result.ok) return result.error;
    this.recoveryKey = result.value.recoveryKey;
    return null;
  }

  /** The user has confirmed the key is saved; forget it and show whatever the vault is now. */
  async finishRecovery(): Promise<void> {
    await this.refresh();
    this.recoveryKey = null;
  }

  async unlock(input: UnlockInput): Promise<WireError | null> {
    const result = await request(() => sendMessage('vault.unlock', input));
    if (!result.ok) return result.error;
    this.status = result.value;
    return null;
  }

  async lock(): Promise<WireError | null> {
    const result = await request(() => sendMessage('vault.lock'));
    if (!result.ok) return result.error;
    this.status = result.value;
    return null;
  }

  /** The vault cannot be opened: set it aside and go back to the first run. */
  async startOver(): Promise<WireError | null> {
    const result = await request(() => sendMessage('vault.startOver'));
    if (!result.ok) return result.error;
    this.status = result.value;
    return null;
  }

  async setAutoLock(autoLock: AutoLock): Promise<WireError | null> {
    const result = await request(() => sendMessage('vault.setAutoLock', autoLock));
    if (!result.ok) return result.error;
    this.status = result.value;
    return null;
  }

  /**
   * Any call may find the vault locked behind our back (auto-lock fired while the popup was
   * open); re-reading the status then moves the popup to the unlock screen.
   */
  async noticeError(error: WireError): Promise<void> {
    if (error.code === 'E_LOCKED' || error.code === 'E_NO_VAULT') await this.refresh();
  }
}
