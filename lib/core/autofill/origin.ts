import { getDomain } from 'tldts';

/** A web origin as the autofill check compares it: scheme, host and port, nothing else. */
export interface WebOrigin {
  scheme: 'http' | 'https';
  /** Lowercase ASCII (IDN in punycode), IPv6 in brackets, without a trailing dot. */
  host: string;
  /** '' for the scheme's default port. */
  port: string;
  /** `scheme://host[:port]`, the canonical text form. */
  origin: string;
}

/**
 * Parses an origin or URL the way browsers do (WHATWG URL: lowercases, turns IDN into punycode,
 * drops default ports). Anything that is not http(s) has no place in a binding: null.
 */
export function parseWebOrigin(input: string): WebOrigin | null {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  // "github.com." is the fully qualified spelling of "github.com": the same DNS name and the
  // same certificate, so the same site. Only one dot: "github.com.." is not a valid name.
  const host = url.hostname.endsWith('.') ? url.hostname.slice(0, -1) : url.hostname;
  if (host === '' || host.endsWith('.')) return null;
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  return {
    scheme,
    host,
    port: url.port,
    origin: `${scheme}://${host}${url.port ? `:${url.port}` : ''}`,
  };
}

/**
 * The registrable domain ("eTLD+1") of a host, using the Public Suffix List *with* its private
 * section, so that `a.github.io` and `b.github.io` (two different owners) stay apart. Null for
 * IP addresses and for hosts that are themselves public suffixes.
 */
export function registrableDomain(host: string): string | null {
  if (host.startsWith('[')) return null;
  return getDomain(host, { allowPrivateDomains: true, validateHostname: false }) ?? null;
}

export interface MatchOptions {
  /** The user chose "any subdomain of the registrable domain" for this account. */
  subdomains?: boolean;
}

/**
 * Whether a page at `frameOrigin` may receive codes for an account bound to `site`.
 *
 * Scheme and port must always be equal: an http page never matches an https binding (a network
 * attacker controls plain http), and another port can be another service. The host must be
 * equal, or, only when the user asked for it, share the binding's registrable domain.
 */
export function siteMatches(
  site: string,
  frameOrigin: string,
  options: MatchOptions = {},
): boolean {
  const bound = parseWebOrigin(site);
  const frame = parseWebOrigin(frameOrigin);
  if (!bound || !frame) return false;
  if (bound.scheme !== frame.scheme || bound.port !== frame.port) return false;
  if (bound.host === frame.host) return true;
  if (!options.subdomains) return false;
  const domain = registrableDomain(bound.host);
  return domain !== null && registrableDomain(frame.host) === domain;
}
