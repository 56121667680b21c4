import type { WireError } from '../../lib/core/errors';
import type { OtpType } from '../../lib/core/otp/types';
import { errorText } from '../ui/errorText';

/** Sentences of the import and export screens, kept in one place like components/ui/errorText. */

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export const TYPE_NAMES: Readonly<Record<OtpType, string>> = {
  totp: 'Time-based',
  hotp: 'Counter-based',
  steam: 'Steam Guard',
};

/** One account as a person reads it: "GitHub (alice)", or whichever name it has. */
export function accountName(issuer: string, label: string): string {
  if (issuer && label) return `${issuer} (${label})`;
  return issuer || label;
}

/**
 * Import errors keep the background's message: it says which entry and what is wrong, which
 * the generic sentence for the code could not. The file name goes first so that a person who
 * dropped several files knows which one it was.
 */
export function importErrorText(error: WireError, source: string): string {
  return `${source}: ${error.message}`;
}

export function importResultText(added: number, updated: number): string {
  const parts = [`Imported ${plural(added, 'account')}`];
  if (updated > 0) parts.push(`updated the names of ${plural(updated, 'account')}`);
  return `${parts.join(' and ')}.`;
}

export function exportErrorText(error: WireError): string {
  if (error.code === 'E_BAD_PASSPHRASE') return 'Wrong passphrase. Nothing was exported.';
  return errorText(error);
}
