import type { BindableAccount } from './match';
import { parseWebOrigin, registrableDomain } from './origin';

/**
 * Lookup keys that answer "is any account bound to this origin?" by set membership, with the
 * same result as {@link siteMatches}: a binding yields the keys it matches, an origin the keys
 * it could be matched by, and they match when the two sets meet. The background keeps only
 * keyed digests of a binding's keys while the vault is locked (lib/platform/boundSites.ts),
 * so that a locked Tessera still shows its button on bound sites, and only there.
 */
function exactKey(scheme: string, host: string, port: string): string {
  return `o|${scheme}|${host}|${port}`;
}

function domainKey(scheme: string, domain: string, port: string): string {
  return `d|${scheme}|${domain}|${port}`;
}

/** The keys a bound site answers to; with `subdomains`, also its registrable domain's. */
export function siteKeys(site: string, subdomains: boolean): string[] {
  const o = parseWebOrigin(site);
  if (!o) return [];
  const keys = [exactKey(o.scheme, o.host, o.port)];
  const domain = subdomains ? registrableDomain(o.host) : null;
  if (domain !== null) keys.push(domainKey(o.scheme, domain, o.port));
  return keys;
}

/** The keys under which a frame at this origin would find a binding. */
export function originKeys(frameOrigin: string): string[] {
  const o = parseWebOrigin(frameOrigin);
  if (!o) return [];
  const keys = [exactKey(o.scheme, o.host, o.port)];
  const domain = registrableDomain(o.host);
  if (domain !== null) keys.push(domainKey(o.scheme, domain, o.port));
  return keys;
}

/** Every key of every account's sites, once each, sorted (the order says nothing). */
export function boundKeysOf(accounts: readonly BindableAccount[]): string[] {
  const keys = new Set<string>();
  for (const a of accounts) {
    for (const site of a.sites) for (const k of siteKeys(site, a.subdomains === true)) keys.add(k);
  }
  return [...keys].sort();
}
