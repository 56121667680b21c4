import { browser } from 'wxt/browser';
import { TesseraError } from '../core/errors';
import { clockCheckPattern, type ClockSample } from '../core/otp';

function failed(reason: 'denied' | 'network' | 'noDate', message: string): TesseraError {
  return new TesseraError('E_CLOCK_CHECK', message, { reason });
}

/**
 * One HEAD request to `origin` for its `Date` header: no cookies, no referrer, no body, no
 * redirect followed (a redirect would be a second request, to a place nobody chose). Reading
 * the header of another origin needs its host permission, which the user grants for this one
 * origin from the guide; it is given back afterwards.
 */
export async function askSiteTime(origin: string): Promise<ClockSample> {
  const pattern = clockCheckPattern(origin);
  if (!(await browser.permissions.contains({ origins: [pattern] }))) {
    throw failed('denied', 'Tessera may not ask this site for its time.');
  }
  try {
    const sentAt = Date.now();
    let response: Response;
    try {
      response = await fetch(`${origin}/`, {
        method: 'HEAD',
        credentials: 'omit',
        cache: 'no-store',
        redirect: 'manual',
        referrerPolicy: 'no-referrer',
      });
    } catch {
      throw failed('network', 'The site could not be reached.');
    }
    const receivedAt = Date.now();
    if (response.type === 'opaqueredirect') {
      throw failed('noDate', 'The site answered with a redirect, which shows no time.');
    }
    return { sentAt, receivedAt, date: response.headers.get('date') };
  } finally {
    // Only an optional grant can be removed; a build that has the host access anyway keeps it.
    await browser.permissions.remove({ origins: [pattern] }).catch(() => false);
  }
}
