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
  additionalData?: Uint8Array,
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
      {
        name: 'AES-GCM',
        iv: new Uint8Array(iv),
        tagLength: TAG_BYTES * 8,
        ...(additionalData ? { additionalData: new Uint8Array(additionalData) } : {}),
      },
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

/**
 * AES-CBC with PKCS#7 padding, for the older formats that use it (each checks integrity its own
 * way, or not at all). Returns null when the padding is wrong, which for a format without a MAC
 * is the only sign of a wrong key.
 */
export async function openAesCbc(
  key: Uint8Array,
  iv: Uint8Array,
  ciphertext: Uint8Array,
): Promise<Uint8Array | null> {
  if (key.length !== 32 || iv.length !== 16 || ciphertext.length === 0 || ciphertext.length % 16) {
    throw new TesseraError('E_CORRUPT', 'The encrypted data in the file is damaged.', {
      reason: 'damaged',
    });
  }
  const subtle = globalThis.crypto.subtle;
  const cryptoKey = await subtle.importKey('raw', new Uint8Array(key), 'AES-CBC', false, [
    'decrypt',
  ]);
  try {
    const plain = await subtle.decrypt(
      { name: 'AES-CBC', iv: new Uint8Array(iv) },
      cryptoKey,
      new Uint8Array(ciphertext),
    );
    return new Uint8Array(plain);
  } catch {
    return null;
  }
}

/** HMAC-SHA256 verified in WebCrypto (constant time there). */
export async function verifyHmacSha256(
  key: Uint8Array,
  data: Uint8Array,
  mac: Uint8Array,
): Promise<boolean> {
  const subtle = globalThis.crypto.subtle;
  const k = await subtle.importKey(
    'raw',
    new Uint8Array(key),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  return subtle.verify('HMAC', k, new Uint8Array(mac), new Uint8Array(data));
}

export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new Uint8Array(data)));
}
