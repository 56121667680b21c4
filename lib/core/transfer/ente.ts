import { parseOtpauthList } from './otpauthList';
import type { ParsedAccounts } from './types';

/**
 * Ente Auth's plain export is a list of otpauth:// links, each with Ente's own `codeDisplay`
 * parameter (pin, trash, tags as JSON) that the URI parser skips like any unknown parameter.
 * Entries the user had trashed in Ente are still imported: the file cannot say whether the
 * user wants them gone, and dropping a secret silently would be worse than one extra account.
 */
export function parseEnte(text: string): ParsedAccounts {
  return parseOtpauthList(text);
}

/** A line from Ente: an otpauth link carrying Ente's display settings. */
export function looksLikeEnte(text: string): boolean {
  return /^otpauth:\/\/[^\r\n]*[?&]codeDisplay=/im.test(text);
}
