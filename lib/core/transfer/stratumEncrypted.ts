import { TesseraError } from '../errors';
import { openAesCbc, openAesGcm } from './aead';
import { deriveArgon2id, derivePbkdf2 } from './kdf';
import { parseStratum } from './stratum';
import { decodeUtf8, DAMAGED } from './text';
import type { ParsedAccounts } from './types';

/**
 * Encrypted Stratum (Authenticator Pro) backups, as its BACKUP_FORMAT.md and decrypt tool
 * describe them. The plaintext is the app's plain JSON backup.
 * - Current: "AUTHENTICATORPRO" | salt 16 | IV 12 | AES-256-GCM ciphertext + tag, key
 *   Argon2id(password, salt, 3 passes, 64 MiB, 4 lanes). The settings are fixed by the app.
 * - Legacy: "AuthenticatorPro" | salt 20 | IV 16 | AES-256-CBC (PKCS#7), key
 *   PBKDF2-HMAC-SHA1(password, salt, 64,000). There is no MAC: a wrong password shows only as
 *   bad padding or text that is not the backup.
 */

export const STRATUM_HEADER = 'AUTHENTICATORPRO';
export const STRATUM_LEGACY_HEADER = 'AuthenticatorPro';
const HEADER_BYTES = 16;
const STRONG = { salt: 16, iv: 12, memoryKiB: 65536, iterations: 3, parallelism: 4 };
const LEGACY = { salt: 20, iv: 16, iterations: 64_000 };

function header(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes.subarray(0, HEADER_BYTES));
}

export function isStratumEncrypted(bytes: Uint8Array): boolean {
  const h = header(bytes);
  return h === STRATUM_HEADER || h === STRATUM_LEGACY_HEADER;
}

interface Parts {
  legacy: boolean;
  salt: Uint8Array;
  iv: Uint8Array;
  payload: Uint8Array;
}

function split(bytes: Uint8Array): Parts {
  const legacy = header(bytes) === STRATUM_LEGACY_HEADER;
  if (!legacy && header(bytes) !== STRATUM_HEADER) {
    throw new TesseraError('E_IMPORT_FORMAT', 'This is not an encrypted Stratum backup.', {
      reason: 'notFormat',
      app: 'Stratum',
    });
  }
  const { salt, iv } = legacy ? LEGACY : STRONG;
  const start = HEADER_BYTES + salt + iv;
  // GCM needs at least its tag; CBC at least one block.
  if (bytes.length < start + 16 || (legacy && (bytes.length - start) % 16 !== 0)) {
    throw new TesseraError('E_CORRUPT', 'The Stratum backup is truncated.', DAMAGED);
  }
  return {
    legacy,
    salt: bytes.subarray(HEADER_BYTES, HEADER_BYTES + salt),
    iv: bytes.subarray(HEADER_BYTES + salt, start),
    payload: bytes.subarray(start),
  };
}

/** Checks the file's structure without a password. */
export function checkStratumEncrypted(bytes: Uint8Array): void {
  split(bytes);
}

function wrongPassword(): TesseraError {
  return new TesseraError('E_BAD_PASSPHRASE', 'The password does not open this Stratum backup.', {
    reason: 'wrongPassword',
    app: 'Stratum',
  });
}

export async function parseStratumEncrypted(
  bytes: Uint8Array,
  password: string,
): Promise<ParsedAccounts> {
  const p = split(bytes);
  let plain: Uint8Array | null;
  if (p.legacy) {
    const key = await derivePbkdf2(password, p.salt, LEGACY.iterations, 'SHA1');
    plain = await openAesCbc(key, p.iv, p.payload);
  } else {
    const key = await deriveArgon2id(password, { ...STRONG, salt: p.salt });
    plain = await openAesGcm(key, p.iv, p.payload);
  }
  if (!plain) throw wrongPassword();
  const text = decodeUtf8(plain);
  // Without a MAC (legacy), a wrong key can still pass the padding check: what comes out is
  // then noise, not JSON. With GCM the key is proven, so bad content is damage.
  if (text === null || !text.trimStart().startsWith('{')) {
    if (p.legacy) throw wrongPassword();
    throw new TesseraError('E_CORRUPT', 'The decrypted Stratum backup is not JSON.', DAMAGED);
  }
  return parseStratum(text);
}
