import { TesseraError } from '../errors';
import { decodeBase32, decodeBase64, decodeHex } from '../otp';
import {
  AccountCollector,
  completeOtp,
  entryName,
  makeAccount,
  requireEntryCount,
} from './account';
import { openAesCbc, sha256 } from './aead';
import {
  field,
  isRecord,
  optInt,
  optString,
  requireString,
  decodeUtf8,
  type JsonRecord,
  NOT_OBJECT,
} from './text';
import type { ImportedAccount, ParsedAccounts } from './types';

/**
 * TOTP Authenticator (BinaryBoot) encrypted backup: the whole file is Base64 of AES-256-CBC
 * (PKCS#7, IV of 16 zero bytes) under key = SHA-256(password) — no salt, no KDF, so there are
 * no parameters to check. The plaintext is a JSON object whose first key is itself a JSON array
 * (as text) of entries { issuer, name, key, base: 16 | 32 | 64 }. Every entry is TOTP with
 * the RFC defaults (SHA1, 6 digits, 30 s); the app offers no other setting. A user who set no
 * password gets the app's fixed one, "TotpAuthenticator", which is tried first.
 */

export const TOTP_AUTHENTICATOR_DEFAULT_PASSWORD = 'TotpAuthenticator';
const IV = new Uint8Array(16);
const BASE64_TEXT = /^[A-Za-z0-9+/\r\n]+={0,2}\s*$/;

/** Shape only: Base64 text whose bytes are whole AES blocks. */
export function looksLikeTotpAuthenticator(text: string): boolean {
  const t = text.trim();
  if (t.length < 24 || !BASE64_TEXT.test(t)) return false;
  const len = t.replace(/[\r\n=]/g, '').length;
  const bytes = Math.floor((len * 3) / 4);
  return len % 4 !== 1 && bytes >= 16 && bytes % 16 === 0;
}

function ciphertextOf(text: string): Uint8Array {
  try {
    const bytes = decodeBase64(text.replace(/\s+/g, ''));
    if (bytes.length >= 16 && bytes.length % 16 === 0) return bytes;
  } catch {
    // reported below
  }
  throw new TesseraError('E_CORRUPT', 'The TOTP Authenticator backup is damaged.', {
    reason: 'damaged',
  });
}

/** Checks the file's structure without a password. */
export function checkTotpAuthenticator(text: string): void {
  ciphertextOf(text);
}

function secretOf(e: JsonRecord): Uint8Array {
  const base = optInt(e, 'base', 'E_FIELD_INVALID') ?? 16;
  const key = requireString(e, 'key');
  if (base === 16) return decodeHex(key);
  if (base === 32) return decodeBase32(key);
  if (base === 64) return decodeBase64(key);
  throw new TesseraError('E_FIELD_INVALID', `Secrets in base ${base} are not supported.`, {
    reason: 'fieldInvalid',
    field: 'base',
  });
}

function toAccount(e: JsonRecord): ImportedAccount {
  const otp = completeOtp({ type: 'totp', secret: secretOf(e) });
  return makeAccount({ issuer: optString(e, 'issuer'), label: optString(e, 'name'), otp });
}

/** The decrypted document, or null when the key did not produce one (a wrong password). */
async function open(ciphertext: Uint8Array, password: string): Promise<unknown[] | null> {
  const key = await sha256(new TextEncoder().encode(password));
  const plain = await openAesCbc(key, IV, ciphertext);
  const text = plain && decodeUtf8(plain);
  // No MAC: a wrong key passes the padding check about once in 256 tries, and what comes out
  // is then not this JSON.
  if (!text) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(doc)) return null;
  const first = Object.keys(doc)[0];
  if (first === undefined) return [];
  try {
    const list = JSON.parse(first) as unknown;
    return Array.isArray(list) ? list : null;
  } catch {
    return null;
  }
}

function readEntries(list: unknown[]): ParsedAccounts {
  requireEntryCount(list.length);
  const collector = new AccountCollector();
  list.forEach((e: unknown, i) => {
    const hint = isRecord(e) ? field(e, 'issuer') || field(e, 'name') : undefined;
    collector.add(entryName('entry', i + 1, hint), () => {
      if (!isRecord(e))
        throw new TesseraError('E_FIELD_INVALID', 'The entry is not an object.', NOT_OBJECT);
      return toAccount(e);
    });
  });
  return { accounts: collector.accounts, problems: collector.problems };
}

/** With no password, tries the app's fixed one; null when that does not open the file either. */
export async function openTotpAuthenticatorWithoutPassword(
  text: string,
): Promise<ParsedAccounts | null> {
  const list = await open(ciphertextOf(text), TOTP_AUTHENTICATOR_DEFAULT_PASSWORD);
  return list ? readEntries(list) : null;
}

export async function parseTotpAuthenticator(
  text: string,
  password: string,
): Promise<ParsedAccounts> {
  const ciphertext = ciphertextOf(text);
  const list = await open(ciphertext, password);
  if (!list) {
    throw new TesseraError(
      'E_BAD_PASSPHRASE',
      'The password does not open this TOTP Authenticator backup.',
      { reason: 'wrongPassword', app: 'TOTP Authenticator' },
    );
  }
  return readEntries(list);
}
