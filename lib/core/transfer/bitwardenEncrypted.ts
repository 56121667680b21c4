import { TesseraError } from '../errors';
import { decodeBase64 } from '../otp';
import { openAesCbc, sha256, verifyHmacSha256 } from './aead';
import { parseBitwardenJson } from './bitwarden';
import { checkArgon2idParams, checkPbkdf2Params, deriveArgon2id, derivePbkdf2 } from './kdf';
import { field, isRecord, parseJson, decodeUtf8, type JsonRecord, DAMAGED } from './text';
import type { ParsedAccounts } from './types';

/**
 * Bitwarden's password-protected JSON export: { encrypted: true, passwordProtected: true, salt,
 * kdfType, kdfIterations, kdfMemory, kdfParallelism, encKeyValidation_DO_NOT_EDIT, data }.
 * - kdfType 0: PBKDF2-HMAC-SHA256(password, UTF-8 of the salt string, kdfIterations).
 *   kdfType 1: Argon2id(password, SHA-256 of the salt string, kdfIterations passes,
 *   kdfMemory MiB, kdfParallelism lanes).
 * - The 32-byte result is stretched with HKDF-Expand (SHA-256, no extract step) into an
 *   encryption key (info "enc") and a MAC key (info "mac").
 * - `data` and the validation value are EncStrings of type 2: "2.<iv>|<ciphertext>|<mac>"
 *   (Base64), AES-256-CBC with HMAC-SHA256 over iv ‖ ciphertext, checked before decrypting.
 * The validation value opening proves the password; `data` is then the unencrypted JSON export.
 */

const APP = 'Bitwarden';

function damaged(message: string): TesseraError {
  return new TesseraError('E_CORRUPT', message, DAMAGED);
}

export function isBitwardenPasswordProtected(v: unknown): v is JsonRecord {
  return (
    isRecord(v) &&
    field(v, 'encrypted') === true &&
    field(v, 'passwordProtected') === true &&
    typeof field(v, 'data') === 'string'
  );
}

interface EncString {
  iv: Uint8Array;
  ciphertext: Uint8Array;
  mac: Uint8Array;
}

function encString(value: unknown, what: string): EncString {
  const m = typeof value === 'string' ? /^2\.([^|]+)\|([^|]+)\|([^|]+)$/.exec(value) : null;
  if (!m) {
    if (typeof value === 'string' && /^\d+\./.test(value) && !value.startsWith('2.')) {
      throw new TesseraError(
        'E_UNSUPPORTED_VERSION',
        `Bitwarden encryption type ${value.split('.')[0]} is not supported.`,
        { reason: 'unsupportedVersion', app: APP, version: value.split('.')[0]!.slice(0, 5) },
      );
    }
    throw damaged(`The ${what} of the Bitwarden export is damaged.`);
  }
  try {
    const [iv, ciphertext, mac] = [m[1]!, m[2]!, m[3]!].map((s) => decodeBase64(s)) as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ];
    if (iv.length !== 16 || mac.length !== 32 || ciphertext.length % 16 !== 0) throw new Error();
    if (ciphertext.length === 0) throw new Error();
    return { iv, ciphertext, mac };
  } catch {
    throw damaged(`The ${what} of the Bitwarden export is damaged.`);
  }
}

type Kdf =
  | { type: 'pbkdf2'; iterations: number; salt: Uint8Array }
  | { type: 'argon2id'; iterations: number; memoryKiB: number; parallelism: number; salt: string };

function kdfOf(doc: JsonRecord): Kdf {
  const saltText = field(doc, 'salt');
  if (typeof saltText !== 'string' || saltText === '') throw damaged('The export has no salt.');
  const kdfType = field(doc, 'kdfType') ?? 0;
  const iterations = field(doc, 'kdfIterations');
  if (kdfType === 0) {
    const salt = new TextEncoder().encode(saltText);
    checkPbkdf2Params(iterations as number, salt);
    return { type: 'pbkdf2', iterations: iterations as number, salt };
  }
  if (kdfType === 1) {
    const memoryMiB = field(doc, 'kdfMemory');
    const parallelism = field(doc, 'kdfParallelism');
    const memoryKiB = typeof memoryMiB === 'number' ? memoryMiB * 1024 : Number.NaN;
    // The salt is hashed before Argon2id runs, but its 32-byte hash always passes the salt
    // check: check the costs here, before anything else, with a stand-in salt.
    checkArgon2idParams({
      memoryKiB,
      iterations: iterations as number,
      parallelism: parallelism as number,
      salt: new Uint8Array(32),
    });
    return {
      type: 'argon2id',
      iterations: iterations as number,
      memoryKiB,
      parallelism: parallelism as number,
      salt: saltText,
    };
  }
  throw new TesseraError(
    'E_KDF_PARAMS',
    `Bitwarden key derivation ${String(kdfType)} is unknown.`,
    {
      reason: 'kdfUnsafe',
      field: 'kdfType',
    },
  );
}

interface Parsed {
  kdf: Kdf;
  validation: EncString;
  data: EncString;
}

function readExport(text: string): Parsed {
  const doc = parseJson(text, 'The Bitwarden export');
  if (!isBitwardenPasswordProtected(doc)) {
    throw new TesseraError(
      'E_IMPORT_FORMAT',
      'This is not a password-protected Bitwarden export.',
      {
        reason: 'notFormat',
        app: APP,
      },
    );
  }
  return {
    kdf: kdfOf(doc),
    validation: encString(field(doc, 'encKeyValidation_DO_NOT_EDIT'), 'check value'),
    data: encString(field(doc, 'data'), 'content'),
  };
}

/** Checks the file's structure and key-derivation settings without a password. */
export function checkBitwardenEncrypted(text: string): void {
  readExport(text);
}

async function hkdfExpand(prk: Uint8Array, info: string): Promise<Uint8Array> {
  // One block of HKDF-Expand (RFC 5869 §2.3): T(1) = HMAC(PRK, info ‖ 0x01).
  const subtle = globalThis.crypto.subtle;
  const k = await subtle.importKey(
    'raw',
    new Uint8Array(prk),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const infoBytes = new TextEncoder().encode(info);
  const msg = new Uint8Array(infoBytes.length + 1);
  msg.set(infoBytes);
  msg[infoBytes.length] = 1;
  return new Uint8Array(await subtle.sign('HMAC', k, msg));
}

async function masterKey(password: string, kdf: Kdf): Promise<Uint8Array> {
  if (kdf.type === 'pbkdf2') return derivePbkdf2(password, kdf.salt, kdf.iterations, 'SHA256');
  return deriveArgon2id(password, {
    memoryKiB: kdf.memoryKiB,
    iterations: kdf.iterations,
    parallelism: kdf.parallelism,
    salt: await sha256(new TextEncoder().encode(kdf.salt)),
  });
}

async function openEncString(
  keys: { enc: Uint8Array; mac: Uint8Array },
  s: EncString,
): Promise<Uint8Array | null> {
  const signed = new Uint8Array(s.iv.length + s.ciphertext.length);
  signed.set(s.iv);
  signed.set(s.ciphertext, s.iv.length);
  if (!(await verifyHmacSha256(keys.mac, signed, s.mac))) return null;
  return openAesCbc(keys.enc, s.iv, s.ciphertext);
}

export async function parseBitwardenEncrypted(
  text: string,
  password: string,
): Promise<ParsedAccounts> {
  const { kdf, validation, data } = readExport(text);
  const key = await masterKey(password, kdf);
  const keys = { enc: await hkdfExpand(key, 'enc'), mac: await hkdfExpand(key, 'mac') };
  if (!(await openEncString(keys, validation))) {
    throw new TesseraError(
      'E_BAD_PASSPHRASE',
      'The password does not open this Bitwarden export.',
      {
        reason: 'wrongPassword',
        app: APP,
      },
    );
  }
  const plain = await openEncString(keys, data);
  const json = plain && decodeUtf8(plain);
  if (!json) throw damaged('The content of the Bitwarden export is damaged.');
  const inner = parseJson(json, 'The content of the Bitwarden export');
  // The sealed content is the unencrypted export; its "encrypted" flag is all the plain
  // reader needs to recognise it, so a missing one is not held against it.
  if (isRecord(inner) && field(inner, 'encrypted') === undefined) {
    return parseBitwardenJson(JSON.stringify({ ...inner, encrypted: false }));
  }
  return parseBitwardenJson(json);
}
