/**
 * Site icons come only from the browser's own favicon cache (Chromium's `_favicon/` endpoint,
 * behind the "favicon" permission): nothing is fetched from the site or a third party. Where
 * there is no such cache (Firefox) or the account has no site, the row shows the issuer's
 * initial instead.
 */
export function faviconUrl(
  extensionOrigin: string,
  site: string | undefined,
  size = 32,
): string | null {
  if (!site || !extensionOrigin.startsWith('chrome-extension://')) return null;
  const u = new URL('/_favicon/', extensionOrigin);
  u.searchParams.set('pageUrl', site);
  u.searchParams.set('size', String(size));
  return u.toString();
}

/** One letter (or digit) for the tile when there is no icon; grapheme-safe for "Ärzte" or "Øst". */
export function initialOf(name: string): string {
  const first = [
    ...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(name.trim()),
  ][0];
  return first ? first.segment.toLocaleUpperCase() : '?';
}
