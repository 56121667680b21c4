import { vaultIdOf } from '../backup/format/header';
import { createPasskeySlot, unlockWithPasskey, type PasskeyUnlockOutput } from '../crypto';
import { TesseraError } from '../errors';
import {
  PASSKEY_GRANT_MS,
  passkeyInfo,
  passkeysOf,
  vaultPrfSalt,
  withPasskey,
  withoutPasskey,
  type PasskeyGrant,
  type PasskeyInfo,
} from './passkeys';
import type { VaultSession } from './session';
import type { VaultState } from './state';

/**
 * Passkey unlock (WebAuthn PRF), the session's third kind of slot. The page talks to the
 * authenticator; only the PRF output comes here, is used once to open a slot and is not kept.
 */
export class PasskeySession {
  private grant: { grant: string; prfSalt: string; until: number } | null = null;

  constructor(
    private readonly v: VaultState,
    private readonly session: VaultSession,
  ) {}

  /** A lock ends any "Add a passkey" in progress. */
  forget(): void {
    this.grant = null;
  }

  /** The passkeys that can open this vault; public data, so it is answered while locked. */
  async passkeys(): Promise<PasskeyInfo[]> {
    const header = await this.v.store.getHeader();
    return header ? passkeyInfo(header) : [];
  }

  unlockWithPasskey(answer: PasskeyUnlockOutput): Promise<void> {
    return this.v.serial(async () => {
      const header = await this.v.requireHeader();
      const slots = passkeysOf(header).map((p) => p.slot);
      const key = await unlockWithPasskey(slots, answer);
      // A slot left from a vault this profile no longer holds (the key changed) opens a key
      // that is not this vault's: refuse it rather than show an empty vault.
      if (header.vaultId !== undefined && header.vaultId !== (await vaultIdOf(key))) {
        throw new TesseraError('E_BAD_PASSKEY', 'This passkey belongs to another vault.');
      }
      await this.v.load(key);
    });
  }

  /** Step one of "Add a passkey": the passphrase again, then what the page asks the authenticator. */
  preparePasskey(passphrase: string): Promise<PasskeyGrant> {
    return this.v.serial(async () => {
      const key = this.v.requireKey();
      const header = await this.session.provePassphrase(passphrase);
      const grant = { grant: crypto.randomUUID(), prfSalt: vaultPrfSalt(header) };
      this.grant = { ...grant, until: this.v.now() + PASSKEY_GRANT_MS };
      return {
        ...grant,
        userId: await vaultIdOf(key),
        exclude: passkeyInfo(header).map((p) => p.credential),
      };
    });
  }

  /** Step two: the new credential and its PRF output, within the grant's time, once. */
  addPasskey(grant: string, passkey: { credential: string; output: string }): Promise<PasskeyInfo> {
    return this.v.serial(async () => {
      const key = this.v.requireKey();
      const held = this.grant;
      this.grant = null;
      if (!held || held.grant !== grant || this.v.now() > held.until) {
        throw new TesseraError('E_FORBIDDEN', 'Enter your passphrase again to add a passkey.', {
          reason: 'passkeyGrant',
        });
      }
      const header = await this.v.requireHeader();
      const slot = await createPasskeySlot(key, { ...passkey, prfSalt: held.prfSalt });
      const addedAt = this.v.now();
      await this.v.store.putHeader(withPasskey(header, { slot, addedAt }));
      return { id: slot.id, credential: slot.kdf.credential, prfSalt: slot.kdf.prfSalt, addedAt };
    });
  }

  removePasskey(id: string): Promise<void> {
    return this.v.serial(async () => {
      this.v.requireKey();
      const header = await this.v.requireHeader();
      await this.v.store.putHeader(withoutPasskey(header, id));
    });
  }
}
