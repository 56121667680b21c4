import { TesseraError } from '../errors';
import { decodeBase32, decodeBase64 } from '../otp';
import type { OtpType } from '../otp/types';
import {
  AccountCollector,
  completeOtp,
  entryName,
  makeAccount,
  parseAlgorithm,
  requireEntryCount,
  splitIssuerPrefix,
} from './account';
import { openAesGcm } from './aead';
import { derivePbkdf2 } from './kdf';
import {
  field,
  isRecord,
  optInt,
  optString,
  parseJson,
  requireString,
  requireUtf8,
  type JsonRecord,
  DAMAGED,
  NOT_OBJECT,
} from './text';
import { namesById, namesOf, withTags } from './groups';
import { withNotes } from './notes';
import type { ImportedAccount, ParsedAccounts } from './types';

/**
 * 2FAS Authenticator backups (.2fas, JSON). `services` holds the accounts; in encrypted backups
 * it is empty and `servicesEncrypted` is "ciphertext:salt:iv", each Base64, AES-256-GCM under
 * PBKDF2-HMAC-SHA256(password, salt, 10,000 iterations) — fixed by the app, not in the file.
 * Schema 1–2 have no `tokenType` (everything is TOTP); schema 3–4 add HOTP and Steam.
 */

const MAX_SCHEMA = 4;
const PBKDF2_ITERATIONS = 10_000;

function format(message: string, reason = 'damaged'): TesseraError {
  return new TesseraError('E_IMPORT_FORMAT', message, { reason, app: '2FAS' });
}

export function isTwoFasShape(v: unknown): v is JsonRecord {
  return (
    isRecord(v) &&
    (Array.isArray(field(v, 'services')) || typeof field(v, 'servicesEncrypted') === 'string') &&
    (field(v, 'schemaVersion') !== undefined ||
      field(v, 'appOrigin') !== undefined ||
      field(v, 'groups') !== undefined)
  );
}

export function isTwoFasEncrypted(doc: JsonRecord): boolean {
  return typeof field(doc, 'servicesEncrypted') === 'string';
}

function requireBackup(doc: unknown): JsonRecord {
  if (!isTwoFasShape(doc)) throw format('This is not a 2FAS backup.', 'notFormat');
  const version = field(doc, 'schemaVersion') ?? 1;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw format('The 2FAS backup has no valid schema version.');
  }
  if (version > MAX_SCHEMA) {
    throw new TesseraError(
      'E_UNSUPPORTED_VERSION',
      `2FAS backup schema ${version} is not supported yet.`,
      { reason: 'unsupportedVersion', app: '2FAS', version },
    );
  }
  return doc;
}

const TOKEN_TYPES: Record<string, OtpType> = { TOTP: 'totp', HOTP: 'hotp', STEAM: 'steam' };

function toAccount(s: JsonRecord): ImportedAccount {
  const secret = decodeBase32(requireString(s, 'secret'));
  const otpField = field(s, 'otp');
  const otp: JsonRecord = isRecord(otpField) ? otpField : {};
  const tokenType = optString(otp, 'tokenType').toUpperCase() || 'TOTP';
  const type = TOKEN_TYPES[tokenType];
  if (!type)
    throw new TesseraError(
      'E_URI_TYPE',
      `2FAS "${tokenType.slice(0, 20)}" tokens are not supported.`,
      { reason: 'typeUnsupported', type: tokenType.slice(0, 20) },
    );

  // The service name is what the user sees in 2FAS, and renames there change only it; the
  // issuer from the original link stays behind, so it is only the fallback.
  const otpIssuer = optString(otp, 'issuer');
  const issuer = optString(s, 'name').trim() || otpIssuer;
  let label = optString(otp, 'account');
  if (label === '') label = splitIssuerPrefix(otpIssuer || issuer, optString(otp, 'label')).label;
  const params = completeOtp({
    type,
    secret,
    algorithm: parseAlgorithm(field(otp, 'algorithm')),
    digits: optInt(otp, 'digits', 'E_DIGITS'),
    period: optInt(otp, 'period', 'E_PERIOD'),
    counter: optInt(otp, 'counter', 'E_COUNTER'),
  });
  return makeAccount({ issuer, label, otp: params });
}

/** `groups` (`id`, `name`) sits beside the services, in plain view even in encrypted backups. */
function readServices(services: unknown, doc: JsonRecord): ParsedAccounts {
  const groups = namesById(field(doc, 'groups'), 'id');
  if (!Array.isArray(services)) throw format('The 2FAS backup has no service list.');
  requireEntryCount(services.length);
  const collector = new AccountCollector();
  services.forEach((s: unknown, i) => {
    collector.add(entryName('entry', i + 1, isRecord(s) ? field(s, 'name') : undefined), () => {
      if (!isRecord(s))
        throw new TesseraError('E_FIELD_INVALID', 'The entry is not an object.', NOT_OBJECT);
      const tagged = withTags(toAccount(s), namesOf(field(s, 'groupId'), groups));
      return withNotes(tagged, field(s, 'notes'));
    });
  });
  return { accounts: collector.accounts, problems: collector.problems };
}

export function parseTwoFasPlain(text: string): ParsedAccounts {
  const doc = requireBackup(parseJson(text, 'The 2FAS backup'));
  if (isTwoFasEncrypted(doc)) throw format('This 2FAS backup is encrypted.');
  return readServices(field(doc, 'services'), doc);
}

interface Sealed {
  ciphertext: Uint8Array;
  salt: Uint8Array;
  iv: Uint8Array;
}

function sealedParts(doc: JsonRecord): Sealed {
  const parts = String(field(doc, 'servicesEncrypted')).split(':');
  if (parts.length !== 3)
    throw new TesseraError('E_CORRUPT', 'The encrypted 2FAS data is malformed.', DAMAGED);
  try {
    const [ciphertext, salt, iv] = parts.map((p) => decodeBase64(p)) as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ];
    return { ciphertext, salt, iv };
  } catch {
    throw new TesseraError('E_CORRUPT', 'The encrypted 2FAS data is not valid Base64.', DAMAGED);
  }
}

/** Checks the file's structure without a password. */
export function checkTwoFasEncrypted(text: string): void {
  const doc = requireBackup(parseJson(text, 'The 2FAS backup'));
  if (!isTwoFasEncrypted(doc)) throw format('This 2FAS backup is not encrypted.');
  sealedParts(doc);
}

export async function parseTwoFasEncrypted(
  text: string,
  password: string,
): Promise<ParsedAccounts> {
  const doc = requireBackup(parseJson(text, 'The 2FAS backup'));
  if (!isTwoFasEncrypted(doc)) throw format('This 2FAS backup is not encrypted.');
  const { ciphertext, salt, iv } = sealedParts(doc);
  const key = await derivePbkdf2(password, salt, PBKDF2_ITERATIONS, 'SHA256');
  const plain = await openAesGcm(key, iv, ciphertext);
  if (!plain)
    throw new TesseraError('E_BAD_PASSPHRASE', 'The password does not open this 2FAS backup.', {
      reason: 'wrongPassword',
      app: '2FAS',
    });
  const text2 = requireUtf8(plain, 'The decrypted 2FAS data');
  return readServices(parseJson(text2, 'The decrypted 2FAS data'), doc);
}
