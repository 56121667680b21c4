import { TesseraError } from '../errors';
import { decodeBase32 } from '../otp';
import {
  AccountCollector,
  completeOtp,
  entryName,
  makeAccount,
  parseAlgorithm,
  requireEntryCount,
} from './account';
import {
  field,
  isRecord,
  optInt,
  optString,
  parseJson,
  requireString,
  NOT_OBJECT,
  type JsonRecord,
} from './text';
import type { ImportedAccount, ParsedAccounts } from './types';

/**
 * LastPass Authenticator's JSON export ("Transfer accounts" → export to file). Android writes
 * { deviceId, deviceSecret, localDeviceId, deviceName, version: 3, accounts, folders }; iOS
 * writes the same accounts under { deviceName: "iPhone…", version: 1, accounts, … } with fewer
 * device fields. Each account: { issuerName, userName, secret (Base32), algorithm, digits,
 * timeStep, … }; the app has no HOTP. `originalIssuerName`/`originalUserName` are the names
 * of the QR code; the plain ones are what the user sees (and may have renamed or cleared), so
 * they win.
 */

function isLastPassAccount(v: unknown): boolean {
  return (
    isRecord(v) &&
    typeof field(v, 'secret') === 'string' &&
    (field(v, 'issuerName') !== undefined || field(v, 'userName') !== undefined)
  );
}

export function isLastPassShape(v: unknown): v is JsonRecord {
  if (!isRecord(v)) return false;
  const accounts = field(v, 'accounts');
  const hasDevice =
    typeof field(v, 'deviceName') === 'string' || typeof field(v, 'localDeviceId') === 'string';
  return (
    Array.isArray(accounts) &&
    (hasDevice || typeof field(v, 'version') === 'number') &&
    accounts.length > 0 &&
    accounts.every(isLastPassAccount)
  );
}

function toAccount(a: JsonRecord): ImportedAccount {
  // The shown names win even when empty (the user may have cleared one); the originals only
  // stand in when the field is missing.
  const shown = (key: string, original: string) =>
    field(a, key) === undefined ? optString(a, original) : optString(a, key);
  const issuer = shown('issuerName', 'originalIssuerName');
  const label = shown('userName', 'originalUserName');
  const otp = completeOtp({
    type: 'totp',
    secret: decodeBase32(requireString(a, 'secret')),
    algorithm: parseAlgorithm(field(a, 'algorithm')),
    digits: optInt(a, 'digits', 'E_DIGITS'),
    period: optInt(a, 'timeStep', 'E_PERIOD'),
  });
  return makeAccount({ issuer, label, otp });
}

export function parseLastPass(text: string): ParsedAccounts {
  const doc = parseJson(text, 'The LastPass Authenticator export');
  if (!isLastPassShape(doc))
    throw new TesseraError('E_IMPORT_FORMAT', 'This is not a LastPass Authenticator export.', {
      reason: 'notFormat',
      app: 'LastPass Authenticator',
    });
  const accounts = field(doc, 'accounts') as unknown[];
  requireEntryCount(accounts.length);
  const collector = new AccountCollector();
  accounts.forEach((a, i) => {
    const hint = isRecord(a) ? field(a, 'issuerName') || field(a, 'userName') : undefined;
    collector.add(entryName('entry', i + 1, hint), () => {
      if (!isRecord(a))
        throw new TesseraError('E_FIELD_INVALID', 'The account is not an object.', NOT_OBJECT);
      return toAccount(a);
    });
  });
  return { accounts: collector.accounts, problems: collector.problems };
}
