/**
 * Passkey key slots: the master key wrapped under HKDF-SHA256 of a WebAuthn PRF output. The
 * authenticator (Windows Hello, Touch ID, a security key) computes the PRF only after it has
 * verified the user, from a secret that never leaves it, so the slot's bytes alone open
 * nothing. The page that talks to the authenticator hands the 32-byte output to the
 * background, which uses it once here and forgets it.
 *
 * Same rules as the other slots (slots.ts): parameters checked before use, `check` for damage,
 * AES-256-GCM with the slot's header as additional data, so the credential id and both salts
 * cannot be swapped without GCM refusing.
 */
import { TesseraError } from '../errors';
import { hkdfSha256 } from './hkdf';
import { decodeB64, encodeB64, randomBytes, utf8Encode, wipe, type Bytes } from './bytes';
import {
  CREDENTIAL_ID_MAX_BYTES,
  CREDENTIAL_ID_MIN_BYTES,
  PASSKEY_HKDF_SALT_BYTES,
  PASSKEY_KDF_ALG,
  PRF_SALT_BYTES,
} from './passkeyKdf';
import {
  SLOT_VERSION,
  newSlotId,
  parseKeySlot,
  unwrapMasterKey,
  verifySlotCheck,
  wrapMasterKey,
  type PasskeySlot,
} from './slots';

/** The PRF extension returns 32 bytes (HMAC-SHA-256 inside the authenticator). */
export const PRF_OUTPUT_BYTES = 32;

const HKDF_INFO = utf8Encode('tessera/keyslot/passkey/v1');

export interface PasskeyUnlockOutput {
  /** The credential's raw id, base64. */
  credential: string;
  /** The PRF output for the slot's prfSalt, base64. */
  output: string;
}

/** A new salt for the PRF: one per vault, so every passkey of the vault is asked the same. */
export function newPrfSalt(): string {
  return encodeB64(randomBytes(PRF_SALT_BYTES));
}

export async function createPasskeySlot(
  masterKey: Uint8Array,
  passkey: { credential: string; prfSalt: string; output: string },
): Promise<PasskeySlot> {
  const credential = decodeB64(passkey.credential);
  if (credential.length < CREDENTIAL_ID_MIN_BYTES || credential.length > CREDENTIAL_ID_MAX_BYTES) {
    throw badRequest('The passkey has an unusual credential id.');
  }
  if (decodeB64(passkey.prfSalt).length !== PRF_SALT_BYTES) {
    throw badRequest('The PRF salt must be 32 bytes.');
  }
  const output = prfOutput(passkey.output);
  const header = {
    v: SLOT_VERSION,
    id: newSlotId(),
    kind: 'passkey',
    kdf: {
      alg: PASSKEY_KDF_ALG,
      credential: passkey.credential,
      prfSalt: passkey.prfSalt,
      salt: encodeB64(randomBytes(PASSKEY_HKDF_SALT_BYTES)),
    },
  } as const;
  const wrappingKey = await derivePasskeyWrappingKey(output, decodeB64(header.kdf.salt));
  try {
    return { ...header, ...(await wrapMasterKey(header, wrappingKey, masterKey)) };
  } finally {
    wipe(wrappingKey, output);
  }
}

/** Opens one passkey slot with the authenticator's PRF output (E_BAD_PASSKEY when it is not). */
export async function openPasskeySlot(slot: unknown, output: string): Promise<Bytes> {
  const parsed = parseKeySlot(slot);
  if (parsed.kind !== 'passkey') {
    throw badRequest('This key slot is not a passkey slot.');
  }
  await verifySlotCheck(parsed);
  const bytes = prfOutput(output);
  const wrappingKey = await derivePasskeyWrappingKey(bytes, decodeB64(parsed.kdf.salt));
  try {
    return await unwrapMasterKey(
      parsed,
      wrappingKey,
      'E_BAD_PASSKEY',
      'This passkey does not open this vault.',
    );
  } finally {
    wipe(wrappingKey, bytes);
  }
}

/** Opens the slot of the credential the authenticator used; E_NOT_FOUND when none is its. */
export async function unlockWithPasskey(
  slots: readonly unknown[],
  answer: PasskeyUnlockOutput,
): Promise<Bytes> {
  const slot = slots.find((s) => {
    try {
      const parsed = parseKeySlot(s);
      return parsed.kind === 'passkey' && parsed.kdf.credential === answer.credential;
    } catch {
      return false;
    }
  });
  if (!slot) {
    throw new TesseraError('E_NOT_FOUND', 'This passkey was removed from the vault.', {
      reason: 'passkeyRemoved',
    });
  }
  return openPasskeySlot(slot, answer.output);
}

function prfOutput(value: string): Bytes {
  let bytes: Bytes;
  try {
    bytes = decodeB64(value);
  } catch {
    throw badRequest('The passkey answer is not base64.');
  }
  if (bytes.length !== PRF_OUTPUT_BYTES) throw badRequest('The passkey answer must be 32 bytes.');
  return bytes;
}

function derivePasskeyWrappingKey(output: Uint8Array, salt: Uint8Array): Promise<Bytes> {
  return hkdfSha256(output, salt, HKDF_INFO);
}

function badRequest(message: string): TesseraError {
  return new TesseraError('E_BAD_REQUEST', message);
}
