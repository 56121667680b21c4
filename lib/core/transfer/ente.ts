import { parseOtpauthList } from './otpauthList';
import { withTags } from './groups';
import { field, isRecord } from './text';
import type { ParsedAccounts } from './types';

/**
 * Ente Auth's plain export is a list of otpauth:// links, each with Ente's own `codeDisplay`
 * parameter (pin, trash, tags as JSON) that the URI parser skips like any unknown parameter.
 * Entries the user had trashed in Ente are still imported: the file cannot say whether the
 * user wants them gone, and dropping a secret silently would be worse than one extra account.
 */
export function parseEnte(text: string): ParsedAccounts {
  return parseOtpauthList(text, (line, account) => withTags(account, enteTags(line)));
}

/** The `tags` list of the `codeDisplay` JSON parameter; nothing when it is absent or unreadable. */
function enteTags(line: string): unknown[] {
  const query = line.indexOf('?');
  if (query < 0) return [];
  const raw = new URLSearchParams(line.slice(query + 1)).get('codeDisplay');
  if (raw === null) return [];
  try {
    const display: unknown = JSON.parse(raw);
    const tags = isRecord(display) ? field(display, 'tags') : undefined;
    return Array.isArray(tags) ? tags : [];
  } catch {
    return [];
  }
}

/** A line from Ente: an otpauth link carrying Ente's display settings. */
export function looksLikeEnte(text: string): boolean {
  return /^otpauth:\/\/[^\r\n]*[?&]codeDisplay=/im.test(text);
}
