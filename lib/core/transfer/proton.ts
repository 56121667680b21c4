import { TesseraError } from '../errors';
import { parseOtpauthUri } from '../otp';
import { AccountCollector, entryName, makeAccount, requireEntryCount } from './account';
import { isSteamUri, parseSteamUri } from './steam';
import {
  field,
  isRecord,
  optString,
  parseJson,
  requireRecord,
  requireString,
  type JsonRecord,
} from './text';
import type { ParsedAccounts } from './types';

/**
 * Proton Authenticator export: { version, entries: [{ id, content: { uri, entry_type, name },
 * note }] }. The link carries everything; `name` fills in an empty account name.
 */

export function isProtonShape(v: unknown): v is JsonRecord {
  if (!isRecord(v) || typeof field(v, 'version') !== 'number') return false;
  const entries = field(v, 'entries');
  return (
    Array.isArray(entries) && entries.every((e) => isRecord(e) && isRecord(field(e, 'content')))
  );
}

export function parseProton(text: string): ParsedAccounts {
  const doc = parseJson(text, 'The Proton Authenticator export');
  if (!isProtonShape(doc))
    throw new TesseraError('E_IMPORT_FORMAT', 'This is not a Proton Authenticator export.', {
      reason: 'notFormat',
      app: 'Proton Authenticator',
    });
  const version = field(doc, 'version');
  if (version !== 1) {
    throw new TesseraError(
      'E_UNSUPPORTED_VERSION',
      `Proton Authenticator export version ${String(version)} is not supported.`,
      {
        reason: 'unsupportedVersion',
        app: 'Proton Authenticator',
        version: String(version).slice(0, 20),
      },
    );
  }
  const entries = field(doc, 'entries') as JsonRecord[];
  requireEntryCount(entries.length);
  const collector = new AccountCollector();
  entries.forEach((e, i) => {
    const content = field(e, 'content') as JsonRecord;
    collector.add(entryName('entry', i + 1, field(content, 'name')), () => {
      const c = requireRecord(e, 'content');
      const uri = requireString(c, 'uri');
      const name = optString(c, 'name');
      if (isSteamUri(uri)) return parseSteamUri(uri, { label: name });
      const { account } = parseOtpauthUri(uri);
      return makeAccount({ ...account, label: account.label || name });
    });
  });
  return { accounts: collector.accounts, problems: collector.problems };
}
