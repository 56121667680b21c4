import { TesseraError } from '../errors';
import { decodeBase64 } from '../otp';
import { derivePbkdf2 } from './kdf';
import { parseSteamGuard } from './steamGuard';
import { field, isRecord, parseJson, DAMAGED, type JsonRecord } from './text';
import type { ParsedAccounts } from './types';

/**
 * Steam Desktop Authenticator's encrypted maFiles. SDA asks for a passkey when it is set up;
 * with one, its `maFiles` folder holds `manifest.json` = { encrypted: true, entries: [{ filename,
 * encryption_salt, encryption_iv, steamid }] } and each `<steamid>.maFile` is Base64 of
 * AES-256-CBC (PKCS#7) under PBKDF2-HMAC-SHA1(passkey, salt, 50,000 iterations, 32 bytes).
 * The files cannot be read one by one (the salt and IV are in the manifest), so they are read
 * from a zip of the folder. The iteration count is SDA's constant, not read from the file.
 */

const SDA = 'Steam Desktop Authenticator';
const ITERATIONS = 50_000;

export interface SdaEntry {
  filename: string;
  salt: Uint8Array;
  iv: Uint8Array;
}

export function isSdaManifest(v: unknown): v is JsonRecord {
  const entries = isRecord(v) ? field(v, 'entries') : undefined;
  return (
    isRecord(v) &&
    typeof field(v, 'encrypted') === 'boolean' &&
    Array.isArray(entries) &&
    entries.every((e) => isRecord(e) && typeof field(e, 'filename') === 'string')
  );
}

function damaged(): TesseraError {
  return new TesseraError(
    'E_CORRUPT',
    'The Steam Desktop Authenticator manifest is damaged.',
    DAMAGED,
  );
}

/** The encrypted entries of an SDA manifest ([] when SDA did not encrypt), or null for another file. */
export function sdaEntries(manifestText: string): SdaEntry[] | null {
  let doc: unknown;
  try {
    doc = parseJson(manifestText, 'The Steam Desktop Authenticator manifest');
  } catch {
    return null; // Some other app's manifest.json.
  }
  if (!isSdaManifest(doc)) return null;
  // Unencrypted maFiles are plain JSON and read as they are; the manifest itself is no export.
  if (field(doc, 'encrypted') !== true) return [];
  return (field(doc, 'entries') as JsonRecord[]).map((e) => {
    const salt = field(e, 'encryption_salt');
    const iv = field(e, 'encryption_iv');
    if (typeof salt !== 'string' || typeof iv !== 'string') throw damaged();
    try {
      const entry = {
        filename: field(e, 'filename') as string,
        salt: decodeBase64(salt),
        iv: decodeBase64(iv),
      };
      if (entry.iv.length !== 16) throw damaged();
      return entry;
    } catch {
      throw damaged();
    }
  });
}

function wrongPassword(): TesseraError {
  return new TesseraError(
    'E_BAD_PASSPHRASE',
    'The passkey does not open these Steam Guard files.',
    {
      reason: 'wrongPassword',
      app: SDA,
    },
  );
}

async function decryptCbc(
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
): Promise<Uint8Array | null> {
  const subtle = globalThis.crypto.subtle;
  try {
    const k = await subtle.importKey('raw', new Uint8Array(key), 'AES-CBC', false, ['decrypt']);
    return new Uint8Array(
      await subtle.decrypt({ name: 'AES-CBC', iv: new Uint8Array(iv) }, k, new Uint8Array(data)),
    );
  } catch {
    return null;
  }
}

/** One encrypted maFile: Base64 text in the file, a Steam account out. */
export async function parseSdaEncrypted(
  fileText: string,
  entry: SdaEntry,
  password: string,
): Promise<ParsedAccounts> {
  let data: Uint8Array;
  try {
    data = decodeBase64(fileText.trim());
  } catch {
    throw new TesseraError(
      'E_CORRUPT',
      `The Steam Guard file ${entry.filename.slice(0, 80)} is damaged.`,
      DAMAGED,
    );
  }
  const key = await derivePbkdf2(password, entry.salt, ITERATIONS, 'SHA1', 32);
  const plain = await decryptCbc(key, entry.iv, data);
  // CBC has no authentication: a wrong passkey shows as bad padding, or (1 time in 256) as
  // bytes that are not an maFile.
  const text = plain === null ? null : new TextDecoder('utf-8', { fatal: false }).decode(plain);
  if (text === null || !text.trimStart().startsWith('{')) throw wrongPassword();
  try {
    return parseSteamGuard(text);
  } catch (e) {
    if (e instanceof TesseraError && e.code === 'E_IMPORT_FORMAT') throw wrongPassword();
    throw e;
  }
}
