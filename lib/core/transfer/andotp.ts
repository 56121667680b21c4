import { TesseraError } from '../errors';
import { decodeBase32 } from '../otp';
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
import { checkPbkdf2Params, derivePbkdf2 } from './kdf';
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
import type { ImportedAccount, ParsedAccounts } from './types';

/**
 * andOTP backups. Plain: a JSON array of entries { secret, issuer, label, digits, type
 * (TOTP/HOTP/STEAM), algorithm, period, counter, … }. Encrypted (.json.aes, binary):
 *   [iterations: uint32 big-endian][salt: 12][iv: 12][AES-256-GCM ciphertext + 16-byte tag]
 * with the key PBKDF2-HMAC-SHA1(password, salt, iterations, 256 bits). Backups from andOTP
 * before 0.6.3 have no header ([iv: 12][ciphertext + tag]) and use SHA-256(password) as the key.
 */

const ITERATIONS_BYTES = 4;
const SALT_BYTES = 12;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = ITERATIONS_BYTES + SALT_BYTES + IV_BYTES;
/** Header plus at least a tag: anything shorter cannot be an andOTP backup. */
export const ANDOTP_MIN_ENCRYPTED_BYTES = HEADER_BYTES + TAG_BYTES;

const TYPES: Record<string, OtpType> = { TOTP: 'totp', HOTP: 'hotp', STEAM: 'steam' };

export function isAndOtpShape(v: unknown): v is unknown[] {
  return Array.isArray(v) && v.every((e) => isRecord(e) && typeof field(e, 'secret') === 'string');
}

function toAccount(e: JsonRecord): ImportedAccount {
  const typeName = (optString(e, 'type') || 'TOTP').toUpperCase();
  const type = TYPES[typeName];
  if (!type)
    throw new TesseraError(
      'E_URI_TYPE',
      `andOTP "${typeName.slice(0, 20)}" entries are not supported.`,
      { reason: 'typeUnsupported', type: typeName.slice(0, 20) },
    );
  const otp = completeOtp({
    type,
    secret: decodeBase32(requireString(e, 'secret')),
    algorithm: parseAlgorithm(field(e, 'algorithm')),
    digits: optInt(e, 'digits', 'E_DIGITS'),
    period: optInt(e, 'period', 'E_PERIOD'),
    counter: optInt(e, 'counter', 'E_COUNTER'),
  });
  // Old andOTP versions kept "Issuer:name" in the label and no issuer field.
  const names = splitIssuerPrefix(optString(e, 'issuer'), optString(e, 'label'));
  return makeAccount({ ...names, otp });
}

function readEntries(doc: unknown): ParsedAccounts {
  if (!Array.isArray(doc))
    throw new TesseraError('E_IMPORT_FORMAT', 'This is not an andOTP backup.', {
      reason: 'notFormat',
      app: 'andOTP',
    });
  requireEntryCount(doc.length);
  const collector = new AccountCollector();
  doc.forEach((e: unknown, i) => {
    const hint = isRecord(e) ? field(e, 'issuer') || field(e, 'label') : undefined;
    collector.add(entryName('entry', i + 1, hint), () => {
      if (!isRecord(e))
        throw new TesseraError('E_FIELD_INVALID', 'The entry is not an object.', NOT_OBJECT);
      return toAccount(e);
    });
  });
  return { accounts: collector.accounts, problems: collector.problems };
}

export function parseAndOtpPlain(text: string): ParsedAccounts {
  return readEntries(parseJson(text, 'The andOTP backup'));
}

interface Header {
  iterations: number;
  salt: Uint8Array;
  iv: Uint8Array;
  ciphertext: Uint8Array;
}

function readHeader(bytes: Uint8Array): Header {
  if (bytes.length < ANDOTP_MIN_ENCRYPTED_BYTES) {
    throw new TesseraError('E_CORRUPT', 'The andOTP backup is truncated.', DAMAGED);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const take = (n: number) => bytes.subarray(at, (at += n));
  const iterations = view.getUint32(0, false);
  take(ITERATIONS_BYTES);
  return { iterations, salt: take(SALT_BYTES), iv: take(IV_BYTES), ciphertext: bytes.subarray(at) };
}

function parsePlainBytes(plain: Uint8Array): ParsedAccounts {
  return readEntries(
    parseJson(requireUtf8(plain, 'The decrypted andOTP backup'), 'The decrypted andOTP backup'),
  );
}

/** Before 0.6.3: no header, key = SHA-256(password). Cheap, so it is tried as a fallback. */
async function openOldFormat(bytes: Uint8Array, password: string): Promise<Uint8Array | null> {
  if (bytes.length < IV_BYTES + TAG_BYTES) return null;
  const key = new Uint8Array(
    await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(password)),
  );
  return openAesGcm(key, bytes.subarray(0, IV_BYTES), bytes.subarray(IV_BYTES));
}

/** Checks the file's structure without a password. */
export function checkAndOtpEncrypted(bytes: Uint8Array): void {
  readHeader(bytes);
}

export async function parseAndOtpEncrypted(
  bytes: Uint8Array,
  password: string,
): Promise<ParsedAccounts> {
  const h = readHeader(bytes);
  let paramsError: TesseraError | null = null;
  try {
    checkPbkdf2Params(h.iterations, h.salt);
  } catch (e) {
    // An old-format file has a random IV where the header would be, so its "iteration count"
    // is noise: try the old format before refusing the parameters.
    if (!(e instanceof TesseraError)) throw e;
    paramsError = e;
  }
  if (!paramsError) {
    const key = await derivePbkdf2(password, h.salt, h.iterations, 'SHA1');
    const plain = await openAesGcm(key, h.iv, h.ciphertext);
    if (plain) return parsePlainBytes(plain);
  }
  const old = await openOldFormat(bytes, password);
  if (old) return parsePlainBytes(old);
  if (paramsError) {
    // Refused either way; the message admits the one innocent explanation.
    throw new TesseraError(
      'E_KDF_PARAMS',
      `${paramsError.message} (If this backup comes from andOTP before 0.6.3, the password is wrong.)`,
      { ...paramsError.detail, reason: 'kdfUnsafeOrWrongPassword' },
    );
  }
  throw new TesseraError('E_BAD_PASSPHRASE', 'The password does not open this andOTP backup.', {
    reason: 'wrongPassword',
    app: 'andOTP',
  });
}
