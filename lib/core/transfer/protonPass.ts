import { TesseraError } from '../errors';
import { decodeBase32, parseOtpauthUri } from '../otp';
import {
  AccountCollector,
  completeOtp,
  entryName,
  makeAccount,
  requireEntryCount,
} from './account';
import { isSteamUri, parseSteamUri } from './steam';
import { field, isRecord, optString, parseJson, type JsonRecord } from './text';
import type { ImportedAccount, ParsedAccounts } from './types';

/**
 * Proton Pass export (the password manager, not Proton Authenticator): a zip holding
 * `Proton Pass/data.json` = { version: "1.x", encrypted: false, vaults: { <shareId>: { name,
 * items: [{ state, data: { type: "login", metadata: { name }, content: { itemEmail,
 * itemUsername | username, urls, totpUri }, extraFields: [{ fieldName, type: "totp",
 * data: { totpUri } }] } }] } } }. Logins with a TOTP become accounts: the item's name is what
 * the user sees and may have renamed, so it is the issuer; the URI's label (else the login's
 * user name or email) is the account name. Items in the trash (state 2) were deleted by the
 * user and are left out. `totpUri` may also be a bare Base32 secret, which Proton Pass
 * accepts. A PGP-encrypted export (`data.pgp`) is recognised by the zip reader.
 */

const TRASHED = 2;

export function isProtonPassShape(v: unknown): v is JsonRecord {
  if (!isRecord(v) || typeof field(v, 'version') !== 'string') return false;
  const vaults = field(v, 'vaults');
  return (
    isRecord(vaults) &&
    typeof field(v, 'encrypted') === 'boolean' &&
    Object.values(vaults).every((vault) => isRecord(vault) && Array.isArray(field(vault, 'items')))
  );
}

interface Totp {
  uri: string;
  name: string;
  user: string;
  sites: string[];
}

function toAccount(t: Totp): ImportedAccount {
  const value = t.uri.trim();
  if (isSteamUri(value)) {
    return makeAccount({
      ...parseSteamUri(value, { issuer: t.name, label: t.user }),
      sites: t.sites,
    });
  }
  if (/^otpauth:/i.test(value)) {
    const { account } = parseOtpauthUri(value);
    return makeAccount({
      issuer: t.name.trim() || account.issuer,
      label: account.label || t.user,
      otp: account.otp,
      sites: t.sites,
    });
  }
  const otp = completeOtp({ type: 'totp', secret: decodeBase32(value) });
  return makeAccount({ issuer: t.name, label: t.user, otp, sites: t.sites });
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

/** Every TOTP of one item: the login's own, then any extra TOTP fields. */
function totpsOf(item: JsonRecord): Totp[] {
  const data = field(item, 'data');
  if (!isRecord(data)) return [];
  const metadata = field(data, 'metadata');
  const content = field(data, 'content');
  const name = isRecord(metadata) ? optString(metadata, 'name') : '';
  const c = isRecord(content) ? content : {};
  const user =
    optString(c, 'itemUsername') || optString(c, 'username') || optString(c, 'itemEmail');
  const sites = stringList(field(c, 'urls'));
  const out: Totp[] = [];
  const own = field(c, 'totpUri');
  if (typeof own === 'string' && own.trim() !== '') out.push({ uri: own, name, user, sites });
  const extra = field(data, 'extraFields');
  for (const f of Array.isArray(extra) ? extra : []) {
    if (!isRecord(f) || field(f, 'type') !== 'totp') continue;
    const fd = field(f, 'data');
    const uri = isRecord(fd) ? field(fd, 'totpUri') : undefined;
    if (typeof uri !== 'string' || uri.trim() === '') continue;
    out.push({ uri, name, user: optString(f, 'fieldName') || user, sites });
  }
  return out;
}

export function parseProtonPass(text: string): ParsedAccounts {
  const doc = parseJson(text, 'The Proton Pass export');
  if (!isProtonPassShape(doc))
    throw new TesseraError('E_IMPORT_FORMAT', 'This is not a Proton Pass export.', {
      reason: 'notFormat',
      app: 'Proton Pass',
    });
  if (field(doc, 'encrypted') === true) {
    throw new TesseraError(
      'E_IMPORT_FORMAT',
      'Encrypted Proton Pass exports cannot be read yet; export without encryption.',
      { reason: 'encryptedUnsupported', app: 'Proton Pass' },
    );
  }
  const vaults = Object.values(field(doc, 'vaults') as JsonRecord) as JsonRecord[];
  const items = vaults.flatMap((v) => field(v, 'items') as unknown[]);
  requireEntryCount(items.length);
  const collector = new AccountCollector();
  items.forEach((item, i) => {
    if (!isRecord(item) || field(item, 'state') === TRASHED) return;
    let totps: Totp[];
    try {
      totps = totpsOf(item);
    } catch (e) {
      collector.add(entryName('entry', i + 1), () => {
        throw e;
      });
      return;
    }
    for (const t of totps) collector.add(entryName('entry', i + 1, t.name), () => toAccount(t));
  });
  return { accounts: collector.accounts, problems: collector.problems };
}
