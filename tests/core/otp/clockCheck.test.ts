import { describe, expect, it } from 'vitest';
import {
  clockCheckOrigin,
  clockCheckPattern,
  clockVerdict,
  parseHttpDate,
} from '../../../lib/core/otp/clockCheck';

const AT = Date.UTC(2026, 11, 6, 20, 0, 0); // Sun, 06 Dec 2026 20:00:00 GMT
const DATE = 'Sun, 06 Dec 2026 20:00:00 GMT';

/** A request that took `rttMs`, sent so that its midpoint is `skewMs` after the site's time. */
function sample(skewMs: number, rttMs = 100, date: string | null = DATE) {
  const mid = AT + 500 + skewMs;
  return { sentAt: mid - rttMs / 2, receivedAt: mid + rttMs / 2, date };
}

describe('parseHttpDate', () => {
  it('reads the IMF-fixdate form of RFC 9110', () => {
    expect(parseHttpDate(DATE)).toBe(AT);
    expect(parseHttpDate('Thu, 29 Feb 2024 23:59:59 GMT')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59));
  });

  it.each([
    'Sunday, 06-Dec-26 20:00:00 GMT',
    'Sun Dec  6 20:00:00 2026',
    'Sun, 06 Dec 2026 20:00:00 +0000',
    'Mon, 06 Dec 2026 20:00:00 GMT', // wrong weekday
    'Tue, 31 Feb 2026 20:00:00 GMT', // no such day
    'Sun, 06 Dec 2026 24:00:00 GMT',
    '',
  ])('refuses %j with a typed error', (value) => {
    expect(() => parseHttpDate(value)).toThrow(
      expect.objectContaining({ code: 'E_CLOCK_CHECK', detail: { reason: 'badDate' } }),
    );
  });
});

describe('clockVerdict', () => {
  it('says the clock is right within the tolerance', () => {
    expect(clockVerdict(sample(0))).toEqual({ kind: 'right', seconds: 0 });
    expect(clockVerdict(sample(4_000)).kind).toBe('right');
    expect(clockVerdict(sample(-4_900)).kind).toBe('right');
  });

  it('says how many seconds fast or slow', () => {
    expect(clockVerdict(sample(47_000))).toEqual({ kind: 'fast', seconds: 47 });
    expect(clockVerdict(sample(-47_000))).toEqual({ kind: 'slow', seconds: 47 });
    expect(clockVerdict(sample(3_600_000))).toEqual({ kind: 'fast', seconds: 3600 });
  });

  it('does not blame the clock for what a slow answer cannot tell apart', () => {
    // A 20 s round trip leaves ±10.5 s of doubt: 8 s off is within it.
    expect(clockVerdict(sample(8_000, 20_000)).kind).toBe('right');
    expect(clockVerdict(sample(8_000, 100)).kind).toBe('fast');
  });

  it('takes another tolerance when asked', () => {
    expect(clockVerdict(sample(4_000), 2).kind).toBe('fast');
  });

  it('refuses an answer without a Date header', () => {
    for (const date of [null, '  ']) {
      expect(() => clockVerdict(sample(0, 100, date))).toThrow(
        expect.objectContaining({ code: 'E_CLOCK_CHECK', detail: { reason: 'noDate' } }),
      );
    }
  });
});

describe('clockCheckOrigin and clockCheckPattern', () => {
  it('asks the first bound web site only, as a pattern without path or port', () => {
    expect(clockCheckOrigin(['https://github.com', 'https://gitlab.com'])).toBe(
      'https://github.com',
    );
    expect(clockCheckOrigin(['not a url', 'http://clock.test:8080'])).toBe(
      'http://clock.test:8080',
    );
    expect(clockCheckOrigin([])).toBeNull();
    expect(clockCheckPattern('https://github.com')).toBe('https://github.com/*');
    expect(clockCheckPattern('http://clock.test:8080')).toBe('http://clock.test/*');
  });
});
