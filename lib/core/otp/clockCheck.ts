import { TesseraError } from '../errors';

/**
 * Is this computer's clock right? One answer from a web server carries its time in the `Date`
 * header (RFC 9110 §6.6.1): whole seconds, produced somewhere between the moment the request
 * left and the moment the answer came back. The decision accounts for both uncertainties.
 */

/** Within this many seconds a clock counts as right: far inside any site's 30 s code window. */
export const CLOCK_TOLERANCE_S = 5;

export interface ClockSample {
  /** Local time (epoch ms) just before the request was sent. */
  sentAt: number;
  /** Local time (epoch ms) when the answer's headers arrived. */
  receivedAt: number;
  /** The answer's `Date` header, or null when it had none. */
  date: string | null;
}

export type ClockVerdict =
  | { kind: 'right'; seconds: number }
  | { kind: 'fast'; seconds: number }
  | { kind: 'slow'; seconds: number };

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const IMF_FIXDATE =
  /^([A-Z][a-z]{2}), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;

function badDate(reason: 'noDate' | 'badDate'): TesseraError {
  return new TesseraError(
    'E_CLOCK_CHECK',
    reason === 'noDate'
      ? 'The site did not say what time it is.'
      : 'The time the site sent cannot be read.',
    { reason },
  );
}

/** The HTTP-date in its one current form (IMF-fixdate), as epoch ms; anything else is refused. */
export function parseHttpDate(value: string): number {
  const m = IMF_FIXDATE.exec(value.trim());
  if (!m) throw badDate('badDate');
  const [, day, dd, mon, yyyy, hh, mi, ss] = m as unknown as string[];
  const month = MONTHS.indexOf(mon ?? '');
  if (!DAYS.includes(day ?? '') || month < 0) throw badDate('badDate');
  const ms = Date.UTC(Number(yyyy), month, Number(dd), Number(hh), Number(mi), Number(ss));
  const back = new Date(ms);
  // 31 Feb or 25:00 would roll over silently in Date.UTC.
  if (
    back.getUTCDate() !== Number(dd) ||
    back.getUTCHours() !== Number(hh) ||
    back.getUTCMinutes() !== Number(mi) ||
    back.getUTCSeconds() !== Number(ss) ||
    DAYS[(back.getUTCDay() + 6) % 7] !== day
  ) {
    throw badDate('badDate');
  }
  return ms;
}

/**
 * How far this computer's clock is ahead of the site's (positive = fast), and the verdict. The
 * site's clock read somewhere in [date, date + 1 s) at a local moment in [sentAt, receivedAt];
 * the estimate takes both midpoints, and a difference smaller than the uncertainty (or the
 * tolerance) is "right".
 */
export function clockVerdict(sample: ClockSample, toleranceS = CLOCK_TOLERANCE_S): ClockVerdict {
  if (sample.date === null || sample.date.trim() === '') throw badDate('noDate');
  const server = parseHttpDate(sample.date) + 500;
  const local = (sample.sentAt + sample.receivedAt) / 2;
  const skewMs = local - server;
  const uncertaintyMs = Math.max(0, sample.receivedAt - sample.sentAt) / 2 + 500;
  const seconds = Math.round(Math.abs(skewMs) / 1000);
  if (Math.abs(skewMs) <= Math.max(toleranceS * 1000, uncertaintyMs)) {
    return { kind: 'right', seconds };
  }
  return { kind: skewMs > 0 ? 'fast' : 'slow', seconds };
}

/** The one origin a clock check asks: the account's first bound site, or null without one. */
export function clockCheckOrigin(sites: readonly string[]): string | null {
  for (const site of sites) {
    try {
      const url = new URL(site);
      if (url.protocol === 'https:' || url.protocol === 'http:') return url.origin;
    } catch {
      // Stored sites are origins already; anything unreadable is skipped, not asked.
    }
  }
  return null;
}

/**
 * The host permission to ask for that origin only. Match patterns carry no port (Firefox
 * refuses one, Chromium ignores it), so the pattern is the scheme and host.
 */
export function clockCheckPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}
