import type { RecoveryCode } from '../vault/recoveryCodes';
import type { ErrorCode } from '../errors';
import type { OtpAccount } from '../otp/types';

/** Every export layout `importFile` recognises, named after the app that writes it. */
export type ImportFormat =
  | 'otpauth-list'
  | 'google-migration'
  | 'aegis-plain'
  | 'aegis-encrypted'
  | '2fas-plain'
  | '2fas-encrypted'
  | 'bitwarden-json'
  | 'bitwarden-csv'
  | 'ente'
  | 'proton'
  | 'andotp-plain'
  | 'andotp-encrypted'
  | 'freeotp-plus'
  | 'stratum'
  | 'authenticator-extension'
  | 'tessera-backup'
  // Encrypted exports of other apps, and Stratum's HTML page.
  | 'freeotp2'
  | 'ente-encrypted'
  | 'bitwarden-encrypted'
  | 'stratum-encrypted'
  | 'stratum-html'
  | 'totp-authenticator'
  // Read as files or inside a zip.
  | 'lastpass'
  | 'proton-pass'
  | 'steam-guard'
  | 'keepass'
  | 'zip';

export const IMPORT_FORMATS: readonly ImportFormat[] = [
  'otpauth-list',
  'google-migration',
  'aegis-plain',
  'aegis-encrypted',
  '2fas-plain',
  '2fas-encrypted',
  'bitwarden-json',
  'bitwarden-csv',
  'ente',
  'proton',
  'andotp-plain',
  'andotp-encrypted',
  'freeotp-plus',
  'stratum',
  'authenticator-extension',
  'tessera-backup',
  'freeotp2',
  'ente-encrypted',
  'bitwarden-encrypted',
  'stratum-encrypted',
  'stratum-html',
  'totp-authenticator',
  'lastpass',
  'proton-pass',
  'steam-guard',
  'keepass',
  'zip',
];

export const ENCRYPTED_FORMATS: readonly ImportFormat[] = [
  'aegis-encrypted',
  '2fas-encrypted',
  'andotp-encrypted',
  'tessera-backup',
  'freeotp2',
  'ente-encrypted',
  'bitwarden-encrypted',
  'stratum-encrypted',
  'totp-authenticator',
  'keepass',
];

/**
 * An account read from another app's file. `sites` are web addresses the file associated with
 * the account (Bitwarden's login URIs), passed on verbatim as *suggestions*: the caller must
 * normalise them and let the user confirm before binding, because a file never decides where a
 * code may be filled (ARCHITECTURE.md, invariant 4). The one exception is Tessera's own
 * encrypted backup: its sites were bound by the user in Tessera and are sealed under the vault
 * key, so the merge keeps them (see tesseraFile.ts).
 */
export interface ImportedAccount extends OtpAccount {
  sites?: string[];
  /** Groups, folders or tags the file gave the account, as Tessera tags (normalised). */
  tags?: string[];
  /** The icon choice, only from Tessera's own backup (see vault/tags.ts). */
  icon?: string;
  /** From the file's note field (notes.ts), or Tessera's own backup. */
  recoveryCodes?: RecoveryCode[];
  notes?: string;
}

/** One entry of the file that could not become an account; the others still import. */
export interface ImportProblem {
  /** Where in the file, in words a person can find: "line 3", "entry 2 (GitHub)". */
  entry: string;
  code: ErrorCode;
  /** English, for logs and tests; the UI words the problem from `code` and `detail.reason`. */
  message: string;
  /** The caught error's detail: `reason` names the exact problem, other fields fill it in. */
  detail?: Readonly<Record<string, string | number | boolean>>;
}

/** What each format parser returns; importFile adds the format (and Google's batch). */
export interface ParsedAccounts {
  accounts: ImportedAccount[];
  problems: ImportProblem[];
}

export interface ImportResult {
  format: ImportFormat;
  accounts: ImportedAccount[];
  problems: ImportProblem[];
  /**
   * Google Authenticator splits big transfers over several QR codes: 0-based index, count, and
   * the id all codes of one transfer share (lets the caller tell two transfers apart).
   */
  batch?: { index: number; size: number; id?: number };
}

export interface ImportOptions {
  /** Needed only for encrypted formats; ignored otherwise. */
  password?: string;
}
