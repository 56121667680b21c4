import { TesseraError } from '../errors';
import { normalizeSite } from '../vault/sites';
import type { ScanNoSiteReason } from './protocol';

/**
 * Which tabs can be scanned, and which site a scan binds to. Pure (URLs in, decisions out), so
 * the rules are unit-tested without a browser.
 */

/** Extension galleries: browsers refuse every extension access to them, capture included. */
const STORES: readonly { host: string; path?: string }[] = [
  { host: 'chromewebstore.google.com' },
  { host: 'chrome.google.com', path: '/webstore' },
  { host: 'microsoftedge.microsoft.com', path: '/addons' },
  { host: 'addons.mozilla.org' },
];

/**
 * Why a tab cannot be captured or scripted at all, as far as its URL tells: browser pages
 * (chrome://, about:, view-source:, devtools), other extensions' pages, the extension stores.
 * `undefined` (URL not readable) is not judged here: the capture itself will tell.
 */
export function isForbiddenPage(url: string | undefined): boolean {
  if (url === undefined || url === '') return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return true;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:' && u.protocol !== 'file:') return true;
  const host = u.hostname.toLowerCase();
  return STORES.some(
    (s) => host === s.host && (s.path === undefined || u.pathname.startsWith(s.path)),
  );
}

/**
 * PDFs are drawn by the browser's own viewer: the pixels can be captured, but no script (so no
 * "Select area" overlay) can run in it.
 */
export function isPdfViewer(url: string | undefined): boolean {
  if (url === undefined) return false;
  try {
    return new URL(url).pathname.toLowerCase().endsWith('.pdf');
  } catch {
    return false;
  }
}

export function forbiddenPageError(): TesseraError {
  return new TesseraError(
    'E_SCAN_FORBIDDEN_PAGE',
    'The browser does not let extensions see this page, so it cannot be scanned and no area can be selected on it. Save the QR code as an image and use “Choose image”.',
  );
}

export interface ScanSite {
  site: string | null;
  noSiteReason?: ScanNoSiteReason;
}

/**
 * The site scanned accounts are bound to: the origin of the tab *as the browser reported it*
 * before and after the capture (ARCHITECTURE.md, invariant 4; the QR payload has no say). A
 * tab that navigated in between (another address, or another document at the same one) binds
 * nothing, as does a page Tessera would never fill into
 * (plain http on a real host, file:), by the same rule as a site typed into Edit.
 */
export function siteOfScannedTab(
  urlBefore: string | undefined,
  urlAfter: string | undefined,
  sameDocument = true,
): ScanSite {
  if (urlBefore === undefined) return { site: null, noSiteReason: 'unknown' };
  const before = originOf(urlBefore);
  if (before === null) return { site: null, noSiteReason: 'insecure' };
  if (originOf(urlAfter) !== before || !sameDocument) {
    return { site: null, noSiteReason: 'changed' };
  }
  try {
    return { site: normalizeSite(before) };
  } catch {
    return { site: null, noSiteReason: 'insecure' };
  }
}

function originOf(url: string | undefined): string | null {
  if (url === undefined) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}
