import { i18n } from '#i18n';
import { isTesseraError, toWireError, type WireError } from '../../lib/core/errors';
import type { PasskeyInfo } from '../../lib/core/vault/passkeys';
import { sendMessage } from '../../lib/messaging';
import {
  assertPasskey,
  createPasskey,
  passkeySupport,
  type PasskeySupport,
} from '../../lib/platform/passkey';
import { uiLanguage } from '../ui/locale';
import { request } from '../ui/request';
import { FormAction } from '../ui/formAction.svelte';
import type { VaultModel } from './vaultModel.svelte';

/**
 * "Unlock with a passkey" as the pages see it. The WebAuthn ceremonies run here, in the page;
 * the background only ever receives a credential id and its PRF output.
 */
/**
 * One list per page, shared by every PasskeyModel in it: adding a passkey in Security updates
 * the auto-lock hint in General at once.
 */
const shared = $state<{ support: PasskeySupport | null; passkeys: PasskeyInfo[] }>({
  support: null,
  passkeys: [],
});

export class PasskeyModel extends FormAction {
  /** What just succeeded, for the status line. */
  done = $state<'added' | 'removed' | null>(null);

  get support(): PasskeySupport | null {
    return shared.support;
  }

  get passkeys(): PasskeyInfo[] {
    return shared.passkeys;
  }

  private set passkeys(list: PasskeyInfo[]) {
    shared.passkeys = list;
  }

  /** Offer passkey unlock only where it can work and the vault has one. */
  get canUnlock(): boolean {
    return shared.support?.ok === true && shared.passkeys.length > 0;
  }

  async load(): Promise<void> {
    const support = await passkeySupport();
    shared.support = support;
    if (!support.ok) return;
    const answer = await request(() => sendMessage('vault.passkeys'));
    if (answer.ok) this.passkeys = answer.value;
  }

  async unlock(vault: VaultModel): Promise<void> {
    await this.#attempt(async () => {
      const answer = await assertPasskey(this.passkeys);
      const result = await request(() => sendMessage('vault.unlockPasskey', answer));
      if (!result.ok) return result.error;
      vault.status = result.value;
      return null;
    });
  }

  async add(passphrase: string): Promise<boolean> {
    const ok = await this.#attempt(async () => {
      const prepared = await request(() => sendMessage('vault.preparePasskey', { passphrase }));
      if (!prepared.ok) return prepared.error;
      const grant = prepared.value;
      const created = await createPasskey(grant, {
        user: `Tessera ${grant.userId.slice(0, 8)}`,
        display: 'Tessera',
      });
      const added = await request(() =>
        sendMessage('vault.addPasskey', { grant: grant.grant, ...created }),
      );
      if (!added.ok) return added.error;
      this.passkeys = [...this.passkeys, added.value];
      return null;
    });
    if (ok) this.done = 'added';
    return ok;
  }

  async remove(id: string): Promise<void> {
    const ok = await this.#attempt(async () => {
      const result = await request(() => sendMessage('vault.removePasskey', { id }));
      if (!result.ok) return result.error;
      this.passkeys = this.passkeys.filter((p) => p.id !== id);
      return null;
    });
    if (ok) this.done = 'removed';
  }

  #attempt(task: () => Promise<WireError | null>): Promise<boolean> {
    this.done = null;
    return this.run(async () => {
      try {
        return await task();
      } catch (e) {
        // The WebAuthn helpers throw TesseraErrors with a reason; anything else is ours.
        return isTesseraError(e) ? toWireError(e) : toWireError(null);
      }
    });
  }
}

export function passkeyDate(at: number): string {
  return new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium' }).format(at);
}

/** Why passkey unlock is not offered here, in the user's language. */
export function unsupportedText(support: PasskeySupport): string | null {
  if (support.ok) return null;
  switch (support.reason) {
    case 'firefox':
      return i18n.t('vault.passkey.firefox');
    case 'noWebAuthn':
      return i18n.t('vault.passkey.noWebAuthn');
    case 'noPrf':
      return i18n.t('vault.passkey.noPrf');
  }
}
