import { TesseraError } from '../errors';
import { decodeBase32 } from '../otp';
import type { OtpAlgorithm, OtpType } from '../otp/types';
import {
  AccountCollector,
  completeOtp,
  entryName,
  makeAccount,
  requireEntryCount,
} from './account';
import {
  field,
  isRecord,
  optInt,
  optString,
  parseJson,
  requireString,
  type JsonRecord,
  NOT_OBJECT,
} from './text';
import type { ImportedAccount, ParsedAccounts } from './types';

/**
 * Stratum (formerly Authenticator Pro) plain JSON backup: { Authenticators: [...], Categories,
 * ... }. Type: 1 HOTP, 2 TOTP, 3 mOTP, 4 Steam, 5 Yandex; Algorithm: 0 SHA1, 1 SHA256, 2 SHA512.
 * Encrypted Stratum backups (binary, "AUTHENTICATORPRO" header, Argon2id) are not read yet.
 */

const TYPES: Record<number, OtpType> = { 1: 'hotp', 2: 'totp', 4: 'steam' };
const ALGORITHMS: Record<number, OtpAlgorithm> = { 0: 'SHA1', 1: 'SHA256', 2: 'SHA512' };

export function isStratumShape(v: unknown): v is JsonRecord {
  return isRecord(v) && Array.isArray(field(v, 'Authenticators'));
}

function toAccount(a: JsonRecord): ImportedAccount {
  const typeCode = optInt(a, 'Type', 'E_FIELD_INVALID');
  const type = typeCode === undefined ? undefined : TYPES[typeCode];
  if (!type) {
    const name = typeCode === 3 ? 'mOTP' : typeCode === 5 ? 'Yandex' : `type ${String(typeCode)}`;
    throw new TesseraError('E_URI_TYPE', `Stratum ${name} accounts are not supported.`, {
      reason: 'typeUnsupported',
      type: typeCode === 3 || typeCode === 5 ? name : String(typeCode),
    });
  }
  const algCode = optInt(a, 'Algorithm', 'E_FIELD_INVALID') ?? 0;
  const algorithm = ALGORITHMS[algCode];
  if (!algorithm)
    throw new TesseraError('E_ALGORITHM', `Stratum algorithm ${algCode} is not supported.`, {
      reason: 'algorithmUnsupported',
      algorithm: String(algCode),
    });
  const otp = completeOtp({
    type,
    secret: decodeBase32(requireString(a, 'Secret')),
    algorithm,
    digits: optInt(a, 'Digits', 'E_DIGITS'),
    period: optInt(a, 'Period', 'E_PERIOD'),
    counter: optInt(a, 'Counter', 'E_COUNTER'),
  });
  return makeAccount({ issuer: optString(a, 'Issuer'), label: optString(a, 'Username'), otp });
}

export function parseStratum(text: string): ParsedAccounts {
  const doc = parseJson(text, 'The Stratum backup');
  if (!isStratumShape(doc))
    throw new TesseraError('E_IMPORT_FORMAT', 'This is not a Stratum backup.', {
      reason: 'notFormat',
      app: 'Stratum',
    });
  const list = field(doc, 'Authenticators') as unknown[];
  requireEntryCount(list.length);
  const collector = new AccountCollector();
  list.forEach((a: unknown, i) => {
    collector.add(entryName('entry', i + 1, isRecord(a) ? field(a, 'Issuer') : undefined), () => {
      if (!isRecord(a))
        throw new TesseraError('E_FIELD_INVALID', 'The entry is not an object.', NOT_OBJECT);
      return toAccount(a);
    });
  });
  return { accounts: collector.accounts, problems: collector.problems };
}
