import { normalizeNotes, parseRecoveryCodeText, recoveryExtras } from '../vault/recoveryCodes';
import type { ImportedAccount } from './types';

/**
 * Another app's free-text note (Aegis `note`, Bitwarden `notes`) becomes the account's notes.
 * 2FAS: the Android app's backup service has no note field; a service-level `notes` string is
 * read when a file has one, and its absence is simply no notes. A note Tessera wrote itself (recoveryNoteText: the notes, a blank line,
 * "Recovery codes:" and one code per line, "(used)" after a used one) comes back as notes
 * and codes. A note that is too long refuses only that entry, with a reason: never cut.
 */
const CODES_HEADING = 'Recovery codes:';
const USED = ' (used)';

export function withNotes(account: ImportedAccount, raw: unknown): ImportedAccount {
  if (typeof raw !== 'string') return account;
  const text = raw.replace(/\r\n?/gu, '\n');
  let notes = text;
  let codeLines: string[] = [];
  const heading = `${CODES_HEADING}\n`;
  const at = text.startsWith(heading) ? 0 : text.lastIndexOf(`\n\n${heading}`);
  if (at >= 0) {
    notes = text.slice(0, at);
    codeLines = text.slice(at === 0 ? heading.length : at + 2 + heading.length).split('\n');
  }
  const used = new Set<string>();
  const codes = codeLines.map((line) => {
    if (!line.endsWith(USED)) return line;
    const code = line.slice(0, -USED.length);
    used.add(code.trim());
    return code;
  });
  return {
    ...account,
    ...recoveryExtras({
      recoveryCodes: parseRecoveryCodeText(codes.join('\n'), used),
      notes: normalizeNotes(notes),
    }),
  };
}
