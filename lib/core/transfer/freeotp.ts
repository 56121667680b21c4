import { TesseraError } from '../errors';
import {
  AccountCollector,
  completeOtp,
  entryName,
  makeAccount,
  parseAlgorithm,
  requireEntryCount,
} from './account';
import { field, isRecord, optInt, optString, parseJson, NOT_OBJECT, type JsonRecord } from './text';
import type { ImportedAccount, ParsedAccounts } from './types';

/**
 * FreeOTP+ JSON backup: { tokens: [...], tokenOrder: [...] }. Secrets are Java byte arrays
 * (signed, -128…127). FreeOTP stores an HOTP counter one below the next counter to use (its
 * Token reads `counter - 1` from a link and writes `counter + 1` back), so we add one, as
 * FreeOTP's own link export does. FreeOTP marks Steam accounts only by the issuer "Steam".
 */

export function isFreeOtpShape(v: unknown): v is JsonRecord {
  return isRecord(v) && Array.isArray(field(v, 'tokens')) && Array.isArray(field(v, 'tokenOrder'));
}

function secretBytes(v: unknown): Uint8Array {
  if (!Array.isArray(v))
    throw new TesseraError('E_SECRET_INVALID', 'The secret is not a byte array.');
  if (v.length > 4096) throw new TesseraError('E_SECRET_INVALID', 'The secret is too long.');
  const out = new Uint8Array(v.length);
  v.forEach((b: unknown, i) => {
    if (typeof b !== 'number' || !Number.isInteger(b) || b < -128 || b > 255) {
      throw new TesseraError('E_SECRET_INVALID', `Byte ${i + 1} of the secret is not a byte.`);
    }
    out[i] = b & 0xff;
  });
  return out;
}

function toAccount(t: JsonRecord): ImportedAccount {
  const typeName = optString(t, 'type').toUpperCase();
  const issuer =
    optString(t, 'issuerAlt') || optString(t, 'issuerExt') || optString(t, 'issuerInt');
  const label = optString(t, 'labelAlt') || optString(t, 'label');
  const secret = secretBytes(field(t, 'secret'));
  if (typeName !== 'TOTP' && typeName !== 'HOTP' && typeName !== 'STEAM') {
    throw new TesseraError(
      'E_URI_TYPE',
      `FreeOTP "${typeName.slice(0, 20)}" tokens are not supported.`,
      { reason: 'typeUnsupported', type: typeName.slice(0, 20) },
    );
  }
  const steam =
    typeName === 'STEAM' || (typeName === 'TOTP' && optString(t, 'issuerExt') === 'Steam');
  const hotp = typeName === 'HOTP';
  const stored = hotp ? (optInt(t, 'counter', 'E_COUNTER') ?? -1) : 0;
  const otp = completeOtp({
    type: steam ? 'steam' : hotp ? 'hotp' : 'totp',
    secret,
    algorithm: parseAlgorithm(field(t, 'algo')),
    digits: optInt(t, 'digits', 'E_DIGITS'),
    period: optInt(t, 'period', 'E_PERIOD'),
    counter: hotp ? stored + 1 : 0,
  });
  return makeAccount({ issuer, label, otp });
}

export function parseFreeOtp(text: string): ParsedAccounts {
  const doc = parseJson(text, 'The FreeOTP+ backup');
  if (!isFreeOtpShape(doc))
    throw new TesseraError('E_IMPORT_FORMAT', 'This is not a FreeOTP+ backup.', {
      reason: 'notFormat',
      app: 'FreeOTP+',
    });
  const tokens = field(doc, 'tokens') as unknown[];
  requireEntryCount(tokens.length);
  const collector = new AccountCollector();
  tokens.forEach((t: unknown, i) => {
    const hint = isRecord(t) ? field(t, 'issuerExt') || field(t, 'label') : undefined;
    collector.add(entryName('entry', i + 1, hint), () => {
      if (!isRecord(t))
        throw new TesseraError('E_FIELD_INVALID', 'The token is not an object.', NOT_OBJECT);
      return toAccount(t);
    });
  });
  return { accounts: collector.accounts, problems: collector.problems };
}

/** The token reader, shared with FreeOTP 2 backups, whose decrypted tokens have this layout. */
export { toAccount as freeOtpTokenToAccount };
