import { i18n } from '#i18n';
import type { WireError } from '../../lib/core/errors';
import type { UnlockInput } from '../../lib/messaging';
import { FormAction } from '../ui/formAction.svelte';

export type SecretMethod = 'passphrase' | 'recoveryKey';

/** What the typed secret opens; resolves to the background's error, or null when it worked. */
export type SecretAction = (input: UnlockInput) => Promise<WireError | null>;

export interface SubmitLabels {
  idle: string;
  /** Shown while the action runs; the idle label stays when omitted. */
  busy?: string;
}

/** "Passphrase, or switch to the recovery key" state, shared by unlock and restore-from-sync. */
export class SecretEntryForm extends FormAction {
  method = $state<SecretMethod>('passphrase');
  secret = $state('');
  /** A client-side problem (nothing typed) that never reaches the background. */
  problem = $state<string | null>(null);
  submitLabel: string = $derived.by(() =>
    this.busy ? (this.#labels.busy ?? this.#labels.idle) : this.#labels.idle,
  );
  readonly #action: SecretAction;
  readonly #labels: SubmitLabels;

  constructor(action: SecretAction, labels: SubmitLabels) {
    super();
    this.#action = action;
    this.#labels = labels;
  }

  switchTo(method: SecretMethod): void {
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
        this.method === 'passphrase'
          ? i18n.t('vault.enterPassphrase')
          : i18n.t('vault.enterRecoveryKey');
      return;
    }
    const input =
      this.method === 'passphrase' ? { passphrase: this.secret } : { recoveryKey: this.secret };
    await this.run(async () => {
      try {
        return await this.#action(input);
      } finally {
        // Cleared on failure too: a wrong passphrase must not linger in the page.
        this.secret = '';
      }
    });
  }
}
