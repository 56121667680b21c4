import { i18n } from '#i18n';
import { sendMessage } from '../../lib/messaging';
import { FormAction } from '../ui/formAction.svelte';
import { request } from '../ui/request';

/** Change the passphrase (re-wraps the key; the recovery key keeps working). */
export class ChangePassphraseForm extends FormAction {
  current = $state('');
  next = $state('');
  confirm = $state('');
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
    await this.run(async () => {
      const result = await request(() =>
        sendMessage('vault.changePassphrase', {
          current: this.current,
          next: this.next,
          confirm: this.confirm,
        }),
      );
      // Never keep passphrases in the page longer than the request.
      this.current = '';
      if (!result.ok) return result.error;
      this.next = '';
      this.confirm = '';
      this.done = true;
    });
  }
}

/** A new recovery key, shown once; the old one stops working. */
export class RecoveryKeyForm extends FormAction {
  passphrase = $state('');
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
    await this.run(async () => {
      const result = await request(() =>
        sendMessage('vault.regenerateRecoveryKey', { passphrase: this.passphrase }),
      );
      this.passphrase = '';
      if (!result.ok) return result.error;
      this.recoveryKey = result.value.recoveryKey;
    });
  }

  forget(): void {
    this.recoveryKey = null;
  }
}
