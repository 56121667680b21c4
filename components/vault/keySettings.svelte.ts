import { i18n } from '#i18n';
import type { WireError } from '../../lib/core/errors';
import { sendMessage } from '../../lib/messaging';
import { request } from '../ui/request';

/** Change the passphrase (re-wraps the key; the recovery key keeps working). */
export class ChangePassphraseForm {
  current = $state('');
  next = $state('');
  confirm = $state('');
  busy = $state(false);
  error = $state<WireError | null>(null);
  problem = $state<string | null>(null);
  done = $state(false);

  async submit(): Promise<void> {
    if (this.busy) return;
    this.error = null;
    this.problem = null;
    this.done = false;
    if (this.current === '' || this.next === '') {
      this.problem = i18n.t('backup.keys.enterBoth');
      return;
    }
    if (this.next !== this.confirm) {
      this.problem = i18n.t('backup.keys.mismatch');
      return;
    }
    this.busy = true;
    try {
      const result = await request(() =>
        sendMessage('vault.changePassphrase', {
          current: this.current,
          next: this.next,
          confirm: this.confirm,
        }),
      );
      if (result.ok) this.done = true;
      else this.error = result.error;
      // Never keep passphrases in the page longer than the request.
      this.current = '';
      if (result.ok) {
        this.next = '';
        this.confirm = '';
      }
    } finally {
      this.busy = false;
    }
  }
}

/** A new recovery key, shown once; the old one stops working. */
export class RecoveryKeyForm {
  passphrase = $state('');
  busy = $state(false);
  error = $state<WireError | null>(null);
  problem = $state<string | null>(null);
  recoveryKey = $state<string | null>(null);

  async submit(): Promise<void> {
    if (this.busy) return;
    this.error = null;
    this.problem = null;
    if (this.passphrase === '') {
      this.problem = i18n.t('backup.keys.enterPassphrase');
      return;
    }
    this.busy = true;
    try {
      const result = await request(() =>
        sendMessage('vault.regenerateRecoveryKey', { passphrase: this.passphrase }),
      );
      this.passphrase = '';
      if (result.ok) this.recoveryKey = result.value.recoveryKey;
      else this.error = result.error;
    } finally {
      this.busy = false;
    }
  }

  forget(): void {
    this.recoveryKey = null;
  }
}
