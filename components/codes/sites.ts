export type SitesParse = { ok: true; sites: string[] } | { ok: false; message: string };

/**
 * Reads one site per line and keeps only bare https origins (`https://host[:port]`), the form
 * the autofill check compares against. The background validates again; this catches typos
 * early and explains them.
 */
export function parseSites(text: string): SitesParse {
  const sites: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const origin = httpsOrigin(line);
    if (origin === null) {
      return {
        ok: false,
        message: `“${line}” isn't a site address like https://example.com (https only, no path).`,
      };
    }
    if (!sites.includes(origin)) sites.push(origin);
  }
  return { ok: true, sites };
}

function httpsOrigin(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.hostname === '') return null;
  if (url.username || url.password || url.search || url.hash) return null;
  if (url.pathname !== '/' && url.pathname !== '') return null;
  // `new URL` accepts "https://example.com/" and "HTTPS://Example.com"; the origin is canonical.
  return url.origin;
}
