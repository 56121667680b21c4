import { TesseraError } from '../errors';

const TAG_BYTES = 16;

/**
 * AES-GCM decryption of another app's data. Returns null when authentication fails, so the
 * caller can say *why* in its own terms: a wrong password when the key came straight from the
 * password, damage when the key itself was already proven right.
 */
export async function openAesGcm(
  key: Uint8Array,
  iv: Uint8Array,
  ciphertextWithTag: Uint8Array,
): Promise<Uint8Array | null> {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) {
    throw new TesseraError('E_CORRUPT', 'The encryption key in the file has the wrong size.', {
      reason: 'damaged',
    });
  }
  if (iv.length === 0 || iv.length > 64) {
    throw new TesseraError('E_CORRUPT', 'The nonce in the file has the wrong size.', {
      reason: 'damaged',
    });
  }
  if (ciphertextWithTag.length < TAG_BYTES) {
    throw new TesseraError('E_CORRUPT', 'The encrypted data in the file is truncated.', {
      reason: 'damaged',
    });
  }
  const subtle = globalThis.crypto.subtle;
  // Copies: WebCrypto wants ArrayBuffer-backed views, and callers may hand us subarrays.
  const cryptoKey = await subtle.importKey('raw', new Uint8Array(key), 'AES-GCM', false, [
    'decrypt',
  ]);
  try {
    const plain = await subtle.decrypt(
      { name: 'AES-GCM', iv: new Uint8Array(iv), tagLength: TAG_BYTES * 8 },
      cryptoKey,
      new Uint8Array(ciphertextWithTag),
    );
    return new Uint8Array(plain);
  } catch {
    return null;
  }
}

export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
