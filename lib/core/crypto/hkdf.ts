import { copyBytes, type Bytes } from './bytes';

/**
 * HKDF-SHA256 (RFC 5869), extract and expand, to a 256-bit key. For inputs that are already
 * high-entropy secrets (a recovery key, a passkey's PRF output): a slow KDF would add nothing.
 */
export async function hkdfSha256(
  ikm: Uint8Array,
  salt: Uint8Array,
  info: Uint8Array,
): Promise<Bytes> {
  const key = await globalThis.crypto.subtle.importKey('raw', copyBytes(ikm), 'HKDF', false, [
    'deriveBits',
  ]);
  const bits = await globalThis.crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: copyBytes(salt), info: copyBytes(info) },
    key,
    256,
  );
  return new Uint8Array(bits);
}
