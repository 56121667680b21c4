import { parseOtpauthUri } from '../otp';
import { AccountCollector, makeAccount, requireEntryCount } from './account';
import { decodeMigrationUri } from './googleMigration';
import { isSteamUri, parseSteamUri } from './steam';
import type { ImportedAccount, ParsedAccounts } from './types';

export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

/**
 * One link per line: otpauth:// (the common export of many apps, Ente's included), steam://,
 * and otpauth-migration:// (a Google batch pasted along). Blank lines and lines starting with
 * '#' are skipped so people can annotate the file.
 */
/** `extend` lets a format add what its links carry beyond the URI standard (Ente's tags). */
export function parseOtpauthList(
  text: string,
  extend: (line: string, account: ImportedAccount) => ImportedAccount = (_, a) => a,
): ParsedAccounts {
  const collector = new AccountCollector();
  const lines = splitLines(text);
  requireEntryCount(lines.filter((l) => l.trim() !== '' && !l.trim().startsWith('#')).length);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `line ${i + 1}`;
    if (line.toLowerCase().startsWith('otpauth-migration:')) {
      collector.add(where, () => {
        const part = decodeMigrationUri(line, `${where}, `);
        collector.accounts.push(...part.accounts);
        collector.problems.push(...part.problems);
        return null;
      });
      return;
    }
    collector.add(where, () => {
      if (isSteamUri(line)) return parseSteamUri(line);
      const { account } = parseOtpauthUri(line);
      return extend(line, makeAccount(account));
    });
  });
  requireEntryCount(collector.accounts.length + collector.problems.length);
  return { accounts: collector.accounts, problems: collector.problems };
}
