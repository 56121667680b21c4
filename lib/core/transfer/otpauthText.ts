import { formatOtpauthUri } from '../otp';
import type { OtpAccount } from '../otp/types';

/**
 * Plain-text export: one otpauth:// link per line, readable by nearly every authenticator.
 * The leading comment reminds whoever opens the file what it is; parseOtpauthList skips it.
 */
export function writeOtpauthList(accounts: readonly OtpAccount[]): string {
  const header =
    `# Tessera export: ${accounts.length} account${accounts.length === 1 ? '' : 's'}. ` +
    'Anyone who has this file can generate your codes; keep it safe and delete it after use.';
  return [header, ...accounts.map(formatOtpauthUri)].join('\n') + '\n';
}
