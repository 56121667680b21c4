import { TesseraError } from '../errors';
import { copyBytes, decodeB64, encodeB64, isPlainObject, randomBytes, type Bytes } from './bytes';

/** AES-256-GCM as stored: both fields base64 so the object survives JSON and sync storage. */
export interface Sealed {
  iv: string;
  ct: string;
}

export const KEY_BYTES = 32;
/** 96-bit IVs are GCM's native size (NIST SP 800-38D §8.2); random per seal, never reused. */
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

// The raw key is imported per call rather than cached: import is microseconds, and a cache
// keyed by a Uint8Array would keep serving the old CryptoKey after the caller wiped the array.
function importKey(key: Uint8Array, usage: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES) {
    throw new TesseraError('E_INTERNAL', 'AES-256-GCM needs a 32-byte key.');
  }
  return globalThis.crypto.subtle.importKey('raw', copyBytes(key), 'AES-GCM', false, [usage]);
}

export async function seal(
  key: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
): Promise<Sealed> {
  const cryptoKey = await importKey(key, 'encrypt');
  const iv = randomBytes(IV_BYTES);
  const ct = await globalThis.crypto.subtle.encrypt(
    {
      name: 'AES-GCM',
      iv,
      additionalData: copyBytes(aad),
      tagLength: TAG_BYTES * 8,
    },
    cryptoKey,
    copyBytes(plaintext),
  );
  return { iv: encodeB64(iv), ct: encodeB64(new Uint8Array(ct)) };
}

/**
 * Decrypts and authenticates. A malformed `sealed` value and a failed tag check are both
 * E_CORRUPT: at this layer nothing can tell a wrong key from damaged data; callers that can
 * (key slots) translate the error themselves.
 */
export async function open(key: Uint8Array, sealed: unknown, aad: Uint8Array): Promise<Bytes> {
  const { iv, ct } = decodeSealed(sealed);
  const cryptoKey = await importKey(key, 'decrypt');
  try {
    const pt = await globalThis.crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv,
        additionalData: copyBytes(aad),
        tagLength: TAG_BYTES * 8,
      },
      cryptoKey,
      ct,
    );
    return new Uint8Array(pt);
  } catch {
    throw new TesseraError('E_CORRUPT', 'Encrypted data failed authentication.');
  }
}

/** Checks the shape of a stored `{ iv, ct }` and decodes it; E_CORRUPT on anything off. */
export function decodeSealed(sealed: unknown): { iv: Bytes; ct: Bytes } {
  if (!isPlainObject(sealed)) {
    throw new TesseraError('E_CORRUPT', 'Encrypted data is damaged (not an object).');
  }
  const iv = decodeB64(sealed.iv);
  const ct = decodeB64(sealed.ct);
  if (iv.length !== IV_BYTES || ct.length < TAG_BYTES) {
    throw new TesseraError('E_CORRUPT', 'Encrypted data is damaged (bad IV or ciphertext length).');
  }
  return { iv, ct };
}
