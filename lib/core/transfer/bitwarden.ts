import { TesseraError } from '../errors';
import { decodeBase32, parseOtpauthUri } from '../otp';
import {
  AccountCollector,
  completeOtp,
  entryName,
  makeAccount,
  requireEntryCount,
} from './account';
import { parseCsv } from './csv';
import { isSteamUri, parseSteamUri } from './steam';
import { field, isRecord, optString, parseJson, NOT_OBJECT, type JsonRecord } from './text';
import { namesById, namesOf, withTags } from './groups';
import { withNotes } from './notes';
import type { ImportedAccount, ParsedAccounts } from './types';

/**
 * Bitwarden vault exports. Only logins with a `totp` value become accounts; the rest of the
 * vault (passwords, notes, cards) is ignored. The totp value is what Bitwarden accepts: an
 * otpauth:// link, a steam:// link, or a bare Base32 secret (TOTP, SHA1, 6 digits, 30 s).
 * The item's name stands in for a missing issuer, its user name for a missing account name,
 * and its URIs are passed on as site suggestions.
 */

interface LoginTotp {
  name: string;
  username: string;
  totp: string;
  uris: string[];
}

/**
 * otpauth://totp?secret=… with no label at all, which Bitwarden accepts: the URI parser needs
 * a name, so give it one and remember that the real names come from the item.
 */
function withLabel(uri: string, placeholder: string): { uri: string; inserted: boolean } {
  const m = /^(otpauth:\/\/[a-z]+)\/?(\?.*)?$/i.exec(uri);
  if (!m || placeholder === '') return { uri, inserted: false };
  return { uri: `${m[1]}/${encodeURIComponent(placeholder)}${m[2] ?? ''}`, inserted: true };
}

function toAccount(item: LoginTotp): ImportedAccount {
  const totp = item.totp.trim();
  const sites = item.uris;
  if (isSteamUri(totp)) {
    const steam = parseSteamUri(totp, { issuer: item.name, label: item.username });
    return makeAccount({ ...steam, sites });
  }
  if (/^otpauth:/i.test(totp)) {
    const fixed = withLabel(totp, item.username.trim() || item.name.trim());
    const { account } = parseOtpauthUri(fixed.uri);
    return makeAccount({
      issuer: account.issuer || item.name,
      label: fixed.inserted ? item.username : account.label || item.username,
      otp: account.otp,
      sites,
    });
  }
  const otp = completeOtp({ type: 'totp', secret: decodeBase32(totp) });
  return makeAccount({ issuer: item.name, label: item.username, otp, sites });
}

export function isBitwardenJsonShape(v: unknown): v is JsonRecord {
  return (
    isRecord(v) && Array.isArray(field(v, 'items')) && typeof field(v, 'encrypted') === 'boolean'
  );
}

export function isBitwardenCsvHeader(firstLine: string): boolean {
  const cols = firstLine.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
  return cols.includes('login_totp') && cols.includes('name');
}

export function parseBitwardenJson(text: string): ParsedAccounts {
  const doc = parseJson(text, 'The Bitwarden export');
  if (!isBitwardenJsonShape(doc))
    throw new TesseraError('E_IMPORT_FORMAT', 'This is not a Bitwarden export.', {
      reason: 'notFormat',
      app: 'Bitwarden',
    });
  if (field(doc, 'encrypted') === true || field(doc, 'passwordProtected') === true) {
    // "Account restricted": sealed with the Bitwarden account's own key, which no file holds.
    throw new TesseraError(
      'E_IMPORT_FORMAT',
      'This Bitwarden export is locked to a Bitwarden account; export again as "Password protected" or unencrypted.',
      { reason: 'bitwardenAccountRestricted', app: 'Bitwarden' },
    );
  }
  const rawItems = field(doc, 'items') as unknown[];
  requireEntryCount(rawItems.length);
  const folders = namesById(field(doc, 'folders'), 'id');
  const collector = new AccountCollector();
  rawItems.forEach((raw: unknown, i) => {
    const where = entryName('entry', i + 1, isRecord(raw) ? field(raw, 'name') : undefined);
    collector.add(where, () => {
      if (!isRecord(raw))
        throw new TesseraError('E_FIELD_INVALID', 'The item is not an object.', NOT_OBJECT);
      const login = field(raw, 'login');
      if (!isRecord(login)) return null;
      const totp = optString(login, 'totp');
      if (totp.trim() === '') return null;
      const urisField = field(login, 'uris');
      const uris = Array.isArray(urisField)
        ? urisField.flatMap((u: unknown) => {
            const uri = isRecord(u) ? field(u, 'uri') : undefined;
            return typeof uri === 'string' ? [uri] : [];
          })
        : [];
      const account = toAccount({
        name: optString(raw, 'name'),
        username: optString(login, 'username'),
        totp,
        uris,
      });
      const tagged = withTags(account, namesOf(field(raw, 'folderId'), folders));
      return withNotes(tagged, field(raw, 'notes'));
    });
  });
  return { accounts: collector.accounts, problems: collector.problems };
}

export function parseBitwardenCsv(text: string): ParsedAccounts {
  const records = parseCsv(text);
  const header = records[0];
  if (!header)
    throw new TesseraError('E_IMPORT_FORMAT', 'The Bitwarden CSV export is empty.', {
      reason: 'emptyFile',
    });
  const cols = header.fields.map((c) => c.trim());
  const col = (name: string) => cols.indexOf(name);
  const iTotp = col('login_totp');
  const iName = col('name');
  if (iTotp < 0 || iName < 0) {
    throw new TesseraError(
      'E_IMPORT_FORMAT',
      'The CSV file has no "login_totp" and "name" columns.',
      { reason: 'csvNoColumns' },
    );
  }
  const iUser = col('login_username');
  const iUri = col('login_uri');
  const rows = records.slice(1);
  requireEntryCount(rows.length);
  const collector = new AccountCollector();
  for (const r of rows) {
    const get = (i: number) => (i >= 0 ? (r.fields[i] ?? '') : '');
    collector.add(entryName('line', r.line, get(iName)), () => {
      if (r.fields.length !== cols.length) {
        throw new TesseraError(
          'E_IMPORT_FORMAT',
          `The row has ${r.fields.length} columns; the header has ${cols.length}.`,
          { reason: 'csvRowColumns', columns: r.fields.length, expected: cols.length },
        );
      }
      const totp = get(iTotp);
      if (totp.trim() === '') return null;
      // Bitwarden joins several URIs of one login with commas inside the quoted field.
      const uris = get(iUri)
        .split(',')
        .map((u) => u.trim())
        .filter((u) => u !== '');
      return toAccount({ name: get(iName), username: get(iUser), totp, uris });
    });
  }
  return { accounts: collector.accounts, problems: collector.problems };
}
