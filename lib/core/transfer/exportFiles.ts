import type { KeySlot } from '../crypto';
import { TesseraError, isTesseraError } from '../errors';
import { formatOtpauthUri } from '../otp';
import type { OtpAccount } from '../otp/types';
import type { StoredRecord } from '../vault/types';
import { writeAegisPlain } from './aegis';
import { encodeMigrationBatches, migrationUnsupported } from './googleMigration';
import { writeOtpauthList } from './otpauthText';
import type { ExportFormat, LeftOutAccount, TransferExport } from './protocol';
import { writeTesseraBackup } from './tesseraFile';

/**
 * A Google transfer link per QR code is kept under this many characters: a QR code of that
 * size (version ~25 at level M) still scans from a laptop screen with a phone camera, and it
 * holds about ten accounts, as Google Authenticator's own exports do.
 */
export const MIGRATION_QR_MAX_CHARS = 1000;

export interface ExportSource {
  /** The vault's accounts in display order. */
  accounts: readonly OtpAccount[];
  /** The vault header's key slots and its sealed records (for Tessera's own backup). */
  slots: readonly KeySlot[];
  records: readonly StoredRecord[];
  /** ms since epoch; dates the file and its name. */
  now: number;
}

function day(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

function leftOut(
  account: OtpAccount,
  reason: string,
  detail?: Readonly<Record<string, string | number | boolean>>,
): LeftOutAccount {
  return detail
    ? { issuer: account.issuer, label: account.label, reason, detail }
    : { issuer: account.issuer, label: account.label, reason };
}

/** otpauth:// links for the accounts that can have one; the others are listed with the reason. */
function linksOf(accounts: readonly OtpAccount[]): {
  links: { account: OtpAccount; uri: string }[];
  leftOut: LeftOutAccount[];
} {
  const links: { account: OtpAccount; uri: string }[] = [];
  const out: LeftOutAccount[] = [];
  for (const account of accounts) {
    try {
      links.push({ account, uri: formatOtpauthUri(account) });
    } catch (e) {
      // Names typed into Tessera may exceed what a link allows (issuer over 128 characters).
      if (!isTesseraError(e)) throw e;
      out.push(leftOut(account, e.message, e.detail));
    }
  }
  return { links, leftOut: out };
}

/**
 * Builds what the user asked to export. Pure: the background calls it only after the
 * passphrase was checked again, and what it returns is the one place secrets leave the
 * background (ARCHITECTURE.md, invariant 1).
 */
export function buildExport(format: ExportFormat, source: ExportSource): TransferExport {
  const date = day(source.now);
  switch (format) {
    case 'tessera': {
      const content = writeTesseraBackup({
        slots: source.slots,
        records: source.records,
        createdAt: source.now,
      });
      const count = source.records.filter((r) => r.deleted === 0).length;
      return {
        kind: 'file',
        format,
        fileName: `tessera-backup-${date}.json`,
        mimeType: 'application/json',
        content,
        count,
        leftOut: [],
      };
    }
    case 'otpauth': {
      const { links, leftOut: out } = linksOf(source.accounts);
      return {
        kind: 'file',
        format,
        fileName: `tessera-otpauth-${date}.txt`,
        mimeType: 'text/plain',
        content: writeOtpauthList(links.map((l) => l.account)),
        count: links.length,
        leftOut: out,
      };
    }
    case 'aegis':
      return {
        kind: 'file',
        format,
        fileName: `tessera-aegis-plain-${date}.json`,
        mimeType: 'application/json',
        content: writeAegisPlain(source.accounts),
        count: source.accounts.length,
        leftOut: [],
      };
    case 'qr': {
      const { links, leftOut: out } = linksOf(source.accounts);
      return {
        kind: 'qr',
        codes: links.map(({ account, uri }) => ({
          issuer: account.issuer,
          label: account.label,
          uri,
        })),
        leftOut: out,
      };
    }
    case 'migration': {
      const fits: OtpAccount[] = [];
      const out: LeftOutAccount[] = [];
      for (const account of source.accounts) {
        const unsupported = migrationUnsupported(account);
        if (unsupported) out.push(leftOut(account, unsupported.message, unsupported.detail));
        else fits.push(account);
      }
      return {
        kind: 'migration',
        uris: encodeMigrationBatches(fits, MIGRATION_QR_MAX_CHARS),
        count: fits.length,
        leftOut: out,
      };
    }
    default:
      throw new TesseraError('E_BAD_REQUEST', 'Unknown export format.');
  }
}
