import type { OtpType } from '../otp/types';
import type { ImportFormat, ImportProblem } from './types';

/**
 * What the transfer routes send and answer (lib/messaging.ts). Previews carry names and types
 * only: secrets leave the background solely in an export, after the passphrase is re-entered
 * (ARCHITECTURE.md, invariant 1).
 */

export interface TransferPreviewRequest {
  /** The file as text (pasted) or as base64 of its bytes (picked or dropped files). */
  content: string;
  encoding: 'text' | 'base64';
  /** Only to name the file in messages; the format is recognised from the content. */
  fileName: string;
  /** For encrypted files; Tessera backups take the passphrase or the recovery key. */
  password?: string;
}

export interface PreviewAccount {
  issuer: string;
  label: string;
  type: OtpType;
}

/** An account of the file whose secret and type are already in the vault. */
export interface PreviewMatch extends PreviewAccount {
  /** The vault account's id: what `transfer.apply` takes in `updateNames`. */
  id: string;
  vaultIssuer: string;
  vaultLabel: string;
  /** The file names it differently, so "update name" means something. */
  renamed: boolean;
}

export interface TransferPreview {
  planId: string;
  fileName: string;
  format: ImportFormat;
  formatName: string;
  toAdd: PreviewAccount[];
  inVault: PreviewMatch[];
  /** Entries that cannot be imported, with where they are and why. */
  problems: ImportProblem[];
  /** One QR code of a Google Authenticator multi-code transfer (0-based index). */
  batch?: { index: number; size: number };
  /** ms since epoch; after it, apply answers E_NOT_FOUND and the file must be previewed again. */
  expiresAt: number;
}

export interface TransferApplyRequest {
  planId: string;
  /** Vault account ids (from PreviewMatch.id) whose issuer and name take the file's. */
  updateNames: string[];
}

export interface TransferApplyResult {
  added: number;
  updated: number;
}

export type ExportFormat = 'tessera' | 'otpauth' | 'aegis' | 'qr' | 'migration';

export const EXPORT_FORMATS: readonly ExportFormat[] = [
  'tessera',
  'otpauth',
  'aegis',
  'qr',
  'migration',
];

export interface TransferExportRequest {
  passphrase: string;
  format: ExportFormat;
}

export interface ExportedFile {
  kind: 'file';
  format: 'tessera' | 'otpauth' | 'aegis';
  fileName: string;
  mimeType: string;
  content: string;
  count: number;
  /** Accounts the format cannot hold, with why (empty for Tessera's own backup). */
  leftOut: LeftOutAccount[];
}

export interface ExportedQrCode {
  issuer: string;
  label: string;
  uri: string;
}

export interface ExportedQrCodes {
  kind: 'qr';
  codes: ExportedQrCode[];
  leftOut: LeftOutAccount[];
}

export interface LeftOutAccount {
  issuer: string;
  label: string;
  /** English, for logs and tests; the page words `detail.reason` in the user's language. */
  reason: string;
  detail?: Readonly<Record<string, string | number | boolean>>;
}

export interface ExportedMigration {
  kind: 'migration';
  /** otpauth-migration:// links, one per QR code, in batch order. */
  uris: string[];
  /** How many accounts the links carry. */
  count: number;
  /** Accounts Google Authenticator cannot hold (Steam, 7 digits, periods other than 30 s). */
  leftOut: LeftOutAccount[];
}

export type TransferExport = ExportedFile | ExportedQrCodes | ExportedMigration;
