import { TesseraError } from '../errors';
import { decodeB64, hasExactKeys, isPlainObject } from './bytes';

/**
 * How a passkey slot's wrapping key is made: the WebAuthn PRF extension's output for `prfSalt`
 * (the authenticator's hmac-secret, evaluated only after user verification), then HKDF-SHA256
 * with `salt`. `credential` is the credential's raw id, so unlocking can ask the authenticator
 * for exactly that credential. None of these is secret; all are bound as additional data.
 */
export interface PasskeyKdf {
  alg: 'webauthn-prf-hkdf-sha256';
  credential: string;
  prfSalt: string;
  salt: string;
}

export const PASSKEY_KDF_ALG = 'webauthn-prf-hkdf-sha256' as const;
export const PRF_SALT_BYTES = 32;
export const PASSKEY_HKDF_SALT_BYTES = 32;
/** WebAuthn caps credential ids at 1023 bytes; real ones are 16 to a few hundred. */
export const CREDENTIAL_ID_MIN_BYTES = 16;
export const CREDENTIAL_ID_MAX_BYTES = 1023;

const KEYS = ['alg', 'credential', 'prfSalt', 'salt'] as const;

/**
 * Checks a stored passkey slot's derivation settings before anything runs. HKDF has no cost to
 * downgrade, so anything unexpected is damage (E_CORRUPT), never a policy matter.
 */
export function checkPasskeyKdf(kdf: unknown): PasskeyKdf {
  if (!isPlainObject(kdf) || !hasExactKeys(kdf, KEYS) || kdf.alg !== PASSKEY_KDF_ALG) {
    throw damaged('bad passkey key derivation settings');
  }
  const credential = decodeB64(kdf.credential);
  if (credential.length < CREDENTIAL_ID_MIN_BYTES || credential.length > CREDENTIAL_ID_MAX_BYTES) {
    throw damaged('bad credential id length');
  }
  if (decodeB64(kdf.prfSalt).length !== PRF_SALT_BYTES) throw damaged('bad PRF salt length');
  if (decodeB64(kdf.salt).length !== PASSKEY_HKDF_SALT_BYTES) throw damaged('bad salt length');
  return {
    alg: PASSKEY_KDF_ALG,
    credential: kdf.credential as string,
    prfSalt: kdf.prfSalt as string,
    salt: kdf.salt as string,
  };
}

function damaged(reason: string): TesseraError {
  return new TesseraError('E_CORRUPT', 'A key slot is damaged.', { reason });
}
