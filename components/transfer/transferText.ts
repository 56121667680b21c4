import { i18n } from '#i18n';
import type { WireError } from '../../lib/core/errors';
import type { OtpType } from '../../lib/core/otp/types';
import { formatNumber } from '../ui/locale';
import { errorText } from '../ui/errorText';

/** Sentences of the import and export screens, kept in one place like components/ui/errorText. */

/** "1 account", "7 accounts", in the UI language. */
export function accountsText(n: number): string {
  return i18n.t('transfer.accounts', n, [formatNumber(n)]);
}

export function transferCodesText(n: number): string {
  return i18n.t('transfer.transferCodes', n, [formatNumber(n)]);
}

export function typeName(type: OtpType): string {
  // A table of literal keys, so the catalogue test sees each one used.
  const NAMES: Readonly<Record<OtpType, string>> = {
    totp: i18n.t('transfer.type.totp'),
    hotp: i18n.t('transfer.type.hotp'),
    steam: i18n.t('transfer.type.steam'),
  };
  return NAMES[type];
}

/** One account as a person reads it: "GitHub (alice)", or whichever name it has. */
export function accountName(issuer: string, label: string): string {
  if (issuer && label) return `${issuer} (${label})`;
  return issuer || label;
}

/**
 * The file name goes first so that a person who dropped several files knows which one it was.
 * Import errors keep the background's message: it says which entry and what is wrong, which
 * the generic sentence for the code could not.
 */
export function withSource(source: string, message: string): string {
  return `${source}: ${message}`;
}

export function importErrorText(error: WireError, source: string): string {
  return withSource(source, error.message);
}

export function importResultText(added: number, updated: number): string {
  if (updated === 0) return i18n.t('transfer.import.imported', added, [formatNumber(added)]);
  return i18n.t('transfer.import.importedAndRenamed', [accountsText(added), accountsText(updated)]);
}

export function exportErrorText(error: WireError): string {
  if (error.code === 'E_BAD_PASSPHRASE') return i18n.t('transfer.export.wrongPassphrase');
  return errorText(error);
}
