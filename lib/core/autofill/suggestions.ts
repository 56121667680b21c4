import { knownIssuer } from './knownIssuers';
import { parseWebOrigin } from './origin';

export { isKnownIssuer, suggestedSites } from './knownIssuers';

/**
 * Whether `origin` is where this issuer usually asks for its code. Https only: the table
 * describes the real services.
 */
export function isSuggestedOrigin(issuer: string, origin: string): boolean {
  const known = knownIssuer(issuer);
  const parsed = parseWebOrigin(origin);
  if (!known || !parsed || parsed.scheme !== 'https' || parsed.port !== '') return false;
  return known.hosts.some((h) =>
    h.startsWith('.')
      ? parsed.host.endsWith(h) && parsed.host.length > h.length
      : parsed.host === h,
  );
}
