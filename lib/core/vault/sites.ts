import { TesseraError } from '../errors';

/**
 * Hosts that may be bound over plain http: loopback and the reserved `.test`/`.localhost`
 * names used for development and tests. A real site must be https so that a network attacker
 * cannot present a page that receives codes.
 */
function isDevelopmentHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '127.0.0.1' ||
    hostname === '[::1]' ||
    hostname.endsWith('.localhost') ||
    hostname.endsWith('.test')
  );
}

/** Turns user input ("github.com", "https://github.com/login") into a bare origin. */
export function normalizeSite(input: string): string {
  const trimmed = input.trim();
  if (trimmed === '')
    throw new TesseraError('E_FIELD_INVALID', 'A site cannot be empty.', {
      reason: 'siteEmpty',
    });
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new TesseraError('E_FIELD_INVALID', `"${trimmed}" is not a web address.`, {
      reason: 'siteNotWebAddress',
      site: trimmed,
    });
  }
  if (url.username || url.password) {
    throw new TesseraError(
      'E_FIELD_INVALID',
      `"${trimmed}" must not contain a user name or password.`,
      {
        reason: 'siteHasCredentials',
        site: trimmed,
      },
    );
  }
  const secure = url.protocol === 'https:';
  const devHttp = url.protocol === 'http:' && isDevelopmentHost(url.hostname);
  if (!secure && !devHttp) {
    throw new TesseraError('E_FIELD_INVALID', `"${trimmed}" must be an https:// site.`, {
      reason: 'siteNotHttps',
      site: trimmed,
    });
  }
  if (!url.hostname.includes('.') && url.hostname !== 'localhost') {
    throw new TesseraError('E_FIELD_INVALID', `"${trimmed}" is not a complete host name.`, {
      reason: 'siteIncompleteHost',
      site: trimmed,
    });
  }
  return url.origin;
}

export function normalizeSites(inputs: readonly string[]): string[] {
  const out: string[] = [];
  for (const s of inputs) {
    const origin = normalizeSite(s);
    if (!out.includes(origin)) out.push(origin);
  }
  return out;
}
