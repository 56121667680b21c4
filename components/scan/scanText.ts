import type { WireError } from '../../lib/core/errors';
import type { OtpType } from '../../lib/core/otp/types';
import type {
  ScanBatchProgress,
  ScanNoSiteReason,
  ScanPreview,
  ScanSource,
} from '../../lib/platform/scanProtocol';
import { errorText } from '../ui/errorText';

/** The sentences of the scan dialog, kept apart from the markup so they can be tested and translated. */

export function addButtonText(count: number): string {
  return count > 1 ? `Add ${count} accounts` : 'Add';
}

const NO_SITE: Record<ScanNoSiteReason, string> = {
  image:
    'Not bound to a site: it came from an image. You can add the site later with Edit, so Tessera can fill the code there.',
  insecure: 'Not bound to a site: this page is not a secure (https) site.',
  changed: 'Not bound to a site: the page changed while it was scanned.',
  unknown: "Not bound to a site: Tessera could not read this tab's address.",
};

export function noSiteText(preview: Pick<ScanPreview, 'noSiteReason'>): string {
  return NO_SITE[preview.noSiteReason ?? 'unknown'];
}

export function batchText(batch: ScanBatchProgress): string {
  const head = `Google Authenticator transfer: ${batch.scanned} of ${batch.size} scanned.`;
  if (batch.missing.length === 0) return `${head} That was the last code of this transfer.`;
  const which =
    batch.missing.length === 1
      ? `code ${batch.missing[0]}`
      : `codes ${batch.missing.slice(0, -1).join(', ')} and ${batch.missing.at(-1)}`;
  return `${head} Add these, then show ${which} and scan again.`;
}

export function ignoredText(count: number): string {
  return count === 1
    ? 'One other QR code on the page is not an authenticator code and was ignored.'
    : `${count} other QR codes on the page are not authenticator codes and were ignored.`;
}

const TYPE_NAMES: Record<OtpType, string> = { totp: 'TOTP', hotp: 'HOTP', steam: 'Steam' };

export function typeText(type: OtpType): string {
  return TYPE_NAMES[type] ?? type;
}

/** An error of a scan, worded for where the scan looked. */
export function scanErrorText(error: WireError, source: ScanSource): string {
  switch (error.code) {
    case 'E_SCAN_NO_QR':
      if (source === 'image') return 'No QR code was found in this image.';
      if (source === 'area') return 'No QR code was found in the selected area. Try a larger area.';
      return error.detail?.canSelectArea === false
        ? 'No QR code was found on this page, and no area can be selected on it. Save the QR code as an image and choose or drop it here.'
        : 'No QR code was found on this page. If you can see one, use “Select area” and drag a rectangle around it.';
    case 'E_SCAN_NOT_AUTHENTICATOR':
    case 'E_SCAN_FORBIDDEN_PAGE':
      // The background's message says what the code is, or why the page is off limits.
      return error.message;
    default:
      return errorText(error);
  }
}

/** Whether "Select area" makes sense after this error of a whole-tab scan. */
export function canSelectAreaAfter(error: WireError, source: ScanSource): boolean {
  if (source === 'image') return false;
  if (error.code === 'E_SCAN_NO_QR') return error.detail?.canSelectArea !== false;
  // A non-authenticator code may sit next to a real one the scan could not read.
  return error.code === 'E_SCAN_NOT_AUTHENTICATOR';
}
