import { newPrfSalt, parseKeySlot, type PasskeySlot } from '../crypto';
import { TesseraError } from '../errors';
import type { StoredPasskey, VaultHeader } from './types';

/** Enough for a laptop's platform authenticator, a phone and two security keys. */
export const MAX_PASSKEYS = 8;
/** How long a proven passphrase lets the page finish adding a passkey (the OS dialog included). */
export const PASSKEY_GRANT_MS = 5 * 60_000;

/** What a page needs to ask the authenticator; nothing here is secret. */
export interface PasskeyInfo {
  id: string;
  /** Raw credential id, base64. */
  credential: string;
  prfSalt: string;
  addedAt: number;
}

/** What "Add a passkey" gets once the passphrase is proven. */
export interface PasskeyGrant {
  grant: string;
  prfSalt: string;
  /** WebAuthn user.id: the vault's public fingerprint, so one vault has one passkey account. */
  userId: string;
  exclude: string[];
}

/**
 * The passkey slots of this profile, each parsed (a damaged one is left out of unlocking, not
 * fatal). They live in the vault header beside the synced slots but are never published: see
 * README "Passkey unlock".
 */
export function passkeysOf(header: VaultHeader): { slot: PasskeySlot; addedAt: number }[] {
  const out: { slot: PasskeySlot; addedAt: number }[] = [];
  for (const entry of header.passkeys ?? []) {
    try {
      const slot = parseKeySlot(entry.slot);
      if (slot.kind !== 'passkey' || !Number.isSafeInteger(entry.addedAt)) continue;
      out.push({ slot, addedAt: entry.addedAt });
    } catch {
      // A damaged slot can only fail to open; the passphrase still works.
    }
  }
  return out.slice(0, MAX_PASSKEYS);
}

export function passkeyInfo(header: VaultHeader): PasskeyInfo[] {
  return passkeysOf(header).map(({ slot, addedAt }) => ({
    id: slot.id,
    credential: slot.kdf.credential,
    prfSalt: slot.kdf.prfSalt,
    addedAt,
  }));
}

/** One PRF salt per vault: the first passkey's, or a new one. */
export function vaultPrfSalt(header: VaultHeader): string {
  return passkeysOf(header)[0]?.slot.kdf.prfSalt ?? newPrfSalt();
}

export function withPasskey(header: VaultHeader, added: StoredPasskey): VaultHeader {
  const current = passkeysOf(header);
  if (current.length >= MAX_PASSKEYS) {
    throw new TesseraError(
      'E_FIELD_INVALID',
      `A vault can have at most ${MAX_PASSKEYS} passkeys.`,
      {
        reason: 'tooManyPasskeys',
        max: MAX_PASSKEYS,
      },
    );
  }
  if (current.some((p) => p.slot.kdf.credential === added.slot.kdf.credential)) {
    throw new TesseraError('E_DUPLICATE', 'This passkey already unlocks the vault.', {
      reason: 'passkeyDuplicate',
    });
  }
  return { ...header, passkeys: [...current, added] };
}

export function withoutPasskey(header: VaultHeader, id: string): VaultHeader {
  const current = passkeysOf(header);
  if (!current.some((p) => p.slot.id === id)) {
    throw new TesseraError('E_NOT_FOUND', 'This passkey was removed from the vault.', {
      reason: 'passkeyRemoved',
    });
  }
  return { ...header, passkeys: current.filter((p) => p.slot.id !== id) };
}
