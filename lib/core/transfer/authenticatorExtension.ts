import { TesseraError } from '../errors';
import { decodeBase32, decodeHex } from '../otp';
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
import {
  field,
  isRecord,
  optInt,
  optString,
  parseJson,
  requireString,
  type JsonRecord,
} from './text';
import type { ImportedAccount, ParsedAccounts } from './types';

/**
 * The "Authenticator" browser extension's JSON backup: an object keyed by entry hash, each
 * value { account, issuer, secret, type, counter, period, digits, algorithm, encrypted, … }.
 * Types: totp, hotp, steam, battle (Battle.net: 8-digit TOTP), hex / hhex (TOTP / HOTP with a
 * hexadecimal secret). Password-protected backups carry a top-level "key" and encrypted
 * secrets, which are reported per entry rather than guessed at.
 */

interface TypeRule {
  type: OtpType;
  hex: boolean;
  digits?: number;
}

const TYPES: Record<string, TypeRule> = {
  totp: { type: 'totp', hex: false },
  hotp: { type: 'hotp', hex: false },
  steam: { type: 'steam', hex: false },
  battle: { type: 'totp', hex: false, digits: 8 },
  hex: { type: 'totp', hex: true },
  hhex: { type: 'hotp', hex: true },
};

/** The extension stores its encryption key check under this name, next to the entries. */
const KEY_ENTRY = 'key';

function isEntry(v: unknown): v is JsonRecord {
  return isRecord(v) && typeof field(v, 'secret') === 'string';
}

export function isAuthenticatorExtensionShape(v: unknown): v is JsonRecord {
  if (!isRecord(v)) return false;
  const keys = Object.keys(v).filter((k) => k !== KEY_ENTRY);
  return (
    keys.length > 0 &&
    keys.every((k) => {
      const e = v[k];
      return (
        isEntry(e) && (has(e, 'type') || has(e, 'hash') || has(e, 'account') || has(e, 'issuer'))
      );
    })
  );
}

function has(o: JsonRecord, k: string): boolean {
  return field(o, k) !== undefined;
}

function toAccount(e: JsonRecord): ImportedAccount {
  if (field(e, 'encrypted') === true) {
    throw new TesseraError(
      'E_IMPORT_FORMAT',
      'The entry is encrypted with the extension password; export the backup without a password.',
      { reason: 'entryEncrypted' },
    );
  }
  const typeName = (optString(e, 'type') || 'totp').toLowerCase();
  const rule = TYPES[typeName];
  if (!rule)
    throw new TesseraError(
      'E_URI_TYPE',
      `Authenticator "${typeName.slice(0, 20)}" entries are not supported.`,
      { reason: 'typeUnsupported', type: typeName.slice(0, 20) },
    );
  const secretText = requireString(e, 'secret');
  const otp = completeOtp({
    type: rule.type,
    secret: rule.hex ? decodeHex(secretText) : decodeBase32(secretText),
    algorithm: parseAlgorithm(field(e, 'algorithm')),
    digits: optInt(e, 'digits', 'E_DIGITS') ?? rule.digits,
    period: optInt(e, 'period', 'E_PERIOD'),
    counter: optInt(e, 'counter', 'E_COUNTER'),
  });
  const names = splitIssuerPrefix(optString(e, 'issuer'), optString(e, 'account'));
  return makeAccount({ ...names, otp });
}

export function parseAuthenticatorExtension(text: string): ParsedAccounts {
  const doc = parseJson(text, 'The Authenticator backup');
  if (!isAuthenticatorExtensionShape(doc)) {
    throw new TesseraError('E_IMPORT_FORMAT', 'This is not an Authenticator extension backup.', {
      reason: 'notFormat',
      app: 'Authenticator',
    });
  }
  const keys = Object.keys(doc).filter((k) => k !== KEY_ENTRY);
  requireEntryCount(keys.length);
  const entries = keys
    .map((k) => doc[k] as JsonRecord)
    // The extension keeps its own order in `index`; object key order is hash order.
    .map((e, i) => ({
      e,
      order: typeof field(e, 'index') === 'number' ? (field(e, 'index') as number) : i,
    }))
    .sort((a, b) => a.order - b.order);
  const collector = new AccountCollector();
  entries.forEach(({ e }, i) => {
    collector.add(entryName('entry', i + 1, field(e, 'issuer') || field(e, 'account')), () =>
      toAccount(e),
    );
  });
  return { accounts: collector.accounts, problems: collector.problems };
}
