import type { OtpAlgorithm, OtpType, OtpWarning } from '../../lib/core/otp/types';
import type { AccountInput } from '../../lib/messaging';
import { FormAction } from '../ui/formAction.svelte';
import type { AccountsModel } from './accountsModel.svelte';

export type AddMode = 'uri' | 'fields';

export interface AddedAccount {
  id: string;
  warnings: OtpWarning[];
}

/** Both ways of adding an account; only the chosen one is sent. */
export class AddAccountForm extends FormAction {
  mode = $state<AddMode>('uri');
  uri = $state('');
  issuer = $state('');
  label = $state('');
  secret = $state('');
  type = $state<OtpType>('totp');
  algorithm = $state<OtpAlgorithm>('SHA1');
  digits = $state(6);
  period = $state(30);
  counter = $state(0);

  /** Steam fixes its own parameters; the form shows them but does not let them be changed. */
  isSteam = $derived(this.type === 'steam');

  readonly #accounts: AccountsModel;

  constructor(accounts: AccountsModel) {
    super();
    this.#accounts = accounts;
  }

  setMode(mode: AddMode): void {
    this.mode = mode;
    this.error = null;
  }

  input(): AccountInput {
    if (this.mode === 'uri') return { kind: 'uri', uri: this.uri.trim() };
    const steam = this.isSteam;
    return {
      kind: 'fields',
      issuer: this.issuer.trim(),
      label: this.label.trim(),
      secret: this.secret.trim(),
      type: this.type,
      algorithm: steam ? 'SHA1' : this.algorithm,
      digits: steam ? 5 : this.digits,
      period: steam ? 30 : this.period,
      counter: this.type === 'hotp' ? this.counter : 0,
    };
  }

  async submit(): Promise<AddedAccount | null> {
    let added: AddedAccount | null = null;
    await this.run(async () => {
      const result = await this.#accounts.add(this.input());
      if (!result.ok) return result.error;
      added = result.value;
      return null;
    });
    return added;
  }
}
