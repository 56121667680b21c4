import { describe, expect, it } from 'vitest';
import {
  DEFAULT_AUTO_LOCK,
  idleExpired,
  IDLE_MINUTES_MAX,
  IDLE_MINUTES_MIN,
  parseAutoLock,
} from '../../lib/core/vault/autolock';

describe('parseAutoLock', () => {
  it('keeps every valid setting', () => {
    expect(parseAutoLock({ mode: 'never' })).toEqual({ mode: 'never' });
    expect(parseAutoLock({ mode: 'browser-close' })).toEqual({ mode: 'browser-close' });
    expect(parseAutoLock({ mode: 'idle', minutes: IDLE_MINUTES_MIN })).toEqual({
      mode: 'idle',
      minutes: 1,
    });
    expect(parseAutoLock({ mode: 'idle', minutes: IDLE_MINUTES_MAX })).toEqual({
      mode: 'idle',
      minutes: 24 * 60,
    });
  });

  it('drops unknown extra fields', () => {
    expect(parseAutoLock({ mode: 'never', minutes: 5, evil: true })).toEqual({ mode: 'never' });
  });

  it.each([
    undefined,
    null,
    'never',
    42,
    [],
    {},
    { mode: 'idle' },
    { mode: 'idle', minutes: 0 },
    { mode: 'idle', minutes: -5 },
    { mode: 'idle', minutes: 1.5 },
    { mode: 'idle', minutes: '5' },
    { mode: 'idle', minutes: IDLE_MINUTES_MAX + 1 },
    { mode: 'idle', minutes: Number.NaN },
    { mode: 'idle', minutes: Number.POSITIVE_INFINITY },
    { mode: 'sometimes' },
  ])('falls back to the default for %j', (value) => {
    expect(parseAutoLock(value)).toEqual(DEFAULT_AUTO_LOCK);
  });

  it('defaults to locking after 15 idle minutes', () => {
    expect(DEFAULT_AUTO_LOCK).toEqual({ mode: 'idle', minutes: 15 });
  });
});

describe('idleExpired', () => {
  const minute = 60_000;
  const t0 = 1_700_000_000_000;

  it('expires exactly when the idle time is reached, not a millisecond earlier', () => {
    const oneMinute = { mode: 'idle', minutes: 1 } as const;
    expect(idleExpired(oneMinute, t0, t0)).toBe(false);
    expect(idleExpired(oneMinute, t0, t0 + minute - 1)).toBe(false);
    expect(idleExpired(oneMinute, t0, t0 + minute)).toBe(true);
    expect(idleExpired(oneMinute, t0, t0 + 10 * minute)).toBe(true);
  });

  it('scales with the chosen minutes', () => {
    const fifteen = { mode: 'idle', minutes: 15 } as const;
    expect(idleExpired(fifteen, t0, t0 + 14 * minute)).toBe(false);
    expect(idleExpired(fifteen, t0, t0 + 15 * minute)).toBe(true);
  });

  it('never expires for "browser close" or "never", however long the idle time', () => {
    expect(idleExpired({ mode: 'browser-close' }, t0, t0 + 1000 * minute)).toBe(false);
    expect(idleExpired({ mode: 'never' }, t0, t0 + 1000 * minute)).toBe(false);
  });

  it('does not lock when the clock went backwards', () => {
    expect(idleExpired({ mode: 'idle', minutes: 1 }, t0, t0 - 5 * minute)).toBe(false);
  });
});
