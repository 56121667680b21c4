import { toWireError } from '../../lib/core/errors';
import { normalizeSite } from '../../lib/core/vault/sites';
import { errorText } from '../ui/errorText';

export type SitesParse = { ok: true; sites: string[] } | { ok: false; message: string };

/**
 * Reads one site per line with the very rule the background applies (lib/core/vault/sites),
 * so the dialog can explain a typo before saving and never disagrees with what is stored.
 */
export function parseSites(text: string): SitesParse {
  const sites: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    let origin: string;
    try {
      origin = normalizeSite(line);
    } catch (e) {
      // The same sentence the background's answer would get, in the user's language.
      return { ok: false, message: errorText(toWireError(e)) };
    }
    if (!sites.includes(origin)) sites.push(origin);
  }
  return { ok: true, sites };
}
