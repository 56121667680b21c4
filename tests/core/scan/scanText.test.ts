import { describe, expect, it } from 'vitest';
import {
  addButtonText,
  batchText,
  canSelectAreaAfter,
  ignoredText,
  noSiteText,
  scanErrorText,
} from '../../../components/scan/scanText';

describe('scan dialog sentences', () => {
  it('names the button after the number of accounts', () => {
    expect(addButtonText(0)).toBe('Add');
    expect(addButtonText(1)).toBe('Add');
    expect(addButtonText(3)).toBe('Add 3 accounts');
  });

  it('tells how far a multi-code transfer is', () => {
    expect(batchText({ scanned: 1, size: 3, missing: [2, 3] })).toBe(
      'Google Authenticator transfer: 1 of 3 scanned. Add these, then show codes 2 and 3 and scan again.',
    );
    expect(batchText({ scanned: 2, size: 4, missing: [1, 3] })).toContain('show codes 1 and 3');
    expect(batchText({ scanned: 3, size: 4, missing: [4] })).toContain(
      'show code 4 and scan again',
    );
    expect(batchText({ scanned: 3, size: 3, missing: [] })).toBe(
      'Google Authenticator transfer: 3 of 3 scanned. That was the last code of this transfer.',
    );
  });

  it('explains a missing site and ignored codes', () => {
    expect(noSiteText({ noSiteReason: 'image' })).toMatch(
      /^Not bound to a site: it came from an image/,
    );
    expect(noSiteText({})).toContain("could not read this tab's address");
    expect(ignoredText(1)).toContain('One other QR code');
    expect(ignoredText(2)).toContain('2 other QR codes');
  });

  it('words "no QR code" for where the scan looked, and offers Select area only on a page', () => {
    const noQr = { code: 'E_SCAN_NO_QR' as const, message: 'x', detail: { canSelectArea: true } };
    expect(scanErrorText(noQr, 'tab')).toContain('use “Select area”');
    expect(scanErrorText(noQr, 'image')).toBe('No QR code was found in this image.');
    expect(scanErrorText(noQr, 'area')).toContain('selected area');
    expect(canSelectAreaAfter(noQr, 'tab')).toBe(true);
    expect(canSelectAreaAfter(noQr, 'image')).toBe(false);
    const pdf = { ...noQr, detail: { canSelectArea: false } };
    expect(canSelectAreaAfter(pdf, 'tab')).toBe(false);
    expect(scanErrorText(pdf, 'tab')).toContain('no area can be selected');
    // Worded by the popup from the code, so it reads in the user's language.
    const forbidden = { code: 'E_SCAN_FORBIDDEN_PAGE' as const, message: 'x' };
    expect(scanErrorText(forbidden, 'tab')).toContain('does not let extensions see this page');
    expect(canSelectAreaAfter(forbidden, 'tab')).toBe(false);
    expect(scanErrorText({ code: 'E_LOCKED', message: 'x' }, 'tab')).toContain('locked');
    const wifi = { code: 'E_SCAN_NOT_AUTHENTICATOR' as const, message: 'x' };
    expect(scanErrorText({ ...wifi, detail: { found: 1, what: 'wifi' } }, 'tab')).toBe(
      'This QR code is not an authenticator setup code: it is a Wi-Fi network code.',
    );
    expect(scanErrorText({ ...wifi, detail: { found: 3 } }, 'tab')).toContain('None of these 3');
  });
});
