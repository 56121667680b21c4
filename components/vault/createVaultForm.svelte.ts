import { i18n } from '#i18n';
import type { VaultModel } from './vaultModel.svelte';
import { FormAction } from '../ui/formAction.svelte';

/**
 * Only a hint: the background owns the strength rule and answers E_WEAK_PASSPHRASE. The hint
 * saves a slow Argon2id round trip for the obvious case.
 */
export const PASSPHRASE_HINT_LENGTH = 8;

export class CreateVaultForm extends FormAction {
  passphrase = $state('');
  confirm = $state('');
  /** Set on a submit attempt so that hints do not shout while the user is still typing. */
  submitted = $state(false);

  tooShort = $derived(
    this.passphrase.length > 0 && this.passphrase.length < PASSPHRASE_HINT_LENGTH,
  );
  mismatch = $derived(this.confirm.length > 0 && this.confirm !== this.passphrase);

  /** A sentence for the client-side problem that blocks submitting, if any. */
  problem = $derived.by(() => {
    if (!this.submitted) return null;
    if (this.passphrase.length === 0) return i18n.t('vault.enterNewPassphrase');
    // Checked here for a quick answer; the background checks again (E_PASSPHRASE_MISMATCH).
    if (this.confirm !== this.passphrase) return i18n.t('errors.passphraseMismatch');
    return null;
  });

  readonly #vault: VaultModel;

  constructor(vault: VaultModel) {
    super();
    this.#vault = vault;
  }

  async submit(): Promise<void> {
    this.submitted = true;
    this.error = null;
    if (this.problem !== null) return;
    const created = await this.run(() => this.#vault.create(this.passphrase, this.confirm));
    if (created) {
      this.passphrase = '';
      this.confirm = '';
    }
  }
}
