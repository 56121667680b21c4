import { i18n } from '#i18n';
import type { WireError } from '../../lib/core/errors';
import type { OtpType } from '../../lib/core/otp/types';
import type {
  ScanBatchProgress,
  ScanNoSiteReason,
  ScanPreview,
  ScanSource,
} from '../../lib/core/scan/protocol';
import { formatNumber, uiLanguage } from '../ui/locale';
import { problemText, transferErrorText, whereText } from '../transfer/transferText';

/** The sentences of the scan dialog, kept apart from the markup so they can be tested. */

export function addButtonText(count: number): string {
  return i18n.t('scan.addCount', count, [formatNumber(count)]);
}

export function noSiteText(preview: Pick<ScanPreview, 'noSiteReason'>): string {
  // A table of literal keys, so the catalogue test sees each one used.
  const NO_SITE: Record<ScanNoSiteReason, string> = {
    image: i18n.t('scan.noSite.image'),
    insecure: i18n.t('scan.noSite.insecure'),
    changed: i18n.t('scan.noSite.changed'),
    unknown: i18n.t('scan.noSite.unknown'),
  };
  return NO_SITE[preview.noSiteReason ?? 'unknown'];
}

export function batchText(batch: ScanBatchProgress): string {
  const head = i18n.t('scan.batch.progress', [
    formatNumber(batch.scanned),
    formatNumber(batch.size),
  ]);
  if (batch.missing.length === 0) return `${head} ${i18n.t('scan.batch.last')}`;
  const which = new Intl.ListFormat(uiLanguage(), { type: 'conjunction' }).format(
    batch.missing.map(formatNumber),
  );
  return `${head} ${i18n.t('scan.batch.showNext', batch.missing.length, [which])}`;
}

export function ignoredText(count: number): string {
  return i18n.t('scan.ignored', count, [formatNumber(count)]);
}

/** Names of the standards, the same in every language. */
const TYPE_NAMES: Record<OtpType, string> = { totp: 'TOTP', hotp: 'HOTP', steam: 'Steam' };

export function typeText(type: OtpType): string {
  return TYPE_NAMES[type] ?? type;
}

/** What a QR code that is not an authenticator code is, as the background recognised it. */
function notAuthenticatorText(error: WireError): string {
  const found = error.detail?.found;
  if (typeof found === 'number' && found > 1) {
    return i18n.t('scan.error.noneAuthenticator', [formatNumber(found)]);
  }
  switch (error.detail?.what) {
    case 'wifi':
      return i18n.t('scan.error.notAuthenticatorWifi');
    case 'link':
      return i18n.t('scan.error.notAuthenticatorLink');
    case 'contact':
      return i18n.t('scan.error.notAuthenticatorContact');
    default:
      return i18n.t('scan.error.notAuthenticator');
  }
}

/** An error of a scan, worded for where the scan looked. */
export function scanErrorText(error: WireError, source: ScanSource): string {
  switch (error.code) {
    case 'E_SCAN_NO_QR':
      if (source === 'image') return i18n.t('scan.error.noQrImage');
      if (source === 'area') return i18n.t('scan.error.noQrArea');
      return error.detail?.canSelectArea === false
        ? i18n.t('scan.error.noQrPageNoArea')
        : i18n.t('scan.error.noQrPage');
    case 'E_SCAN_NOT_AUTHENTICATOR':
      return notAuthenticatorText(error);
    case 'E_SCAN_FORBIDDEN_PAGE':
      return i18n.t('scan.error.forbiddenPage');
    default:
      // A code that could not be read: the parser's reason says what is wrong with it.
      return transferErrorText(error);
  }
}

/** One code or transfer entry that could not be read: where, then why. */
export function scanProblemText(problem: ScanPreview['problems'][number]): string {
  return `${whereText(problem.entry)}: ${problemText(problem)}`;
}

/** Whether "Select area" makes sense after this error of a whole-tab scan. */
export function canSelectAreaAfter(error: WireError, source: ScanSource): boolean {
  if (source === 'image') return false;
  if (error.code === 'E_SCAN_NO_QR') return error.detail?.canSelectArea !== false;
  // A non-authenticator code may sit next to a real one the scan could not read.
  return error.code === 'E_SCAN_NOT_AUTHENTICATOR';
}
