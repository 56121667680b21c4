import { describe, expect, it } from 'vitest';
import {
  codeDisplayAt,
  earliestExpiry,
  NEXT_CODE_THRESHOLD_S,
} from '../../components/codes/codeWindow';
import { accountView } from './accountView';

// The background's answer for the window [0 s, 30 s): code 123456, then 654321.
const view = accountView({ validFrom: 0, validUntil: 30_000 });

describe('codeDisplayAt', () => {
  it('shows the current code and a full ring at the start of a window', () => {
    expect(codeDisplayAt(view, 0)).toEqual({
      current: '123456',
      next: null,
      secondsLeft: 30,
      fraction: 1,
    });
  });

  it('counts whole seconds up, so the display never shows 0 while the code is still valid', () => {
    expect(codeDisplayAt(view, 10_000).secondsLeft).toBe(20);
    expect(codeDisplayAt(view, 10_001).secondsLeft).toBe(20);
    expect(codeDisplayAt(view, 29_999).secondsLeft).toBe(1);
  });

  it(`shows the next code only when fewer than ${NEXT_CODE_THRESHOLD_S} seconds are left`, () => {
    expect(NEXT_CODE_THRESHOLD_S).toBe(5);
    expect(codeDisplayAt(view, 24_999).next).toBeNull(); // 6 s shown
    expect(codeDisplayAt(view, 25_000).next).toBeNull(); // 5 s shown
    expect(codeDisplayAt(view, 25_001).next).toBeNull(); // still "5" on screen
    expect(codeDisplayAt(view, 26_000)).toMatchObject({
      current: '123456',
      next: '654321',
      secondsLeft: 4,
    });
    expect(codeDisplayAt(view, 29_999)).toMatchObject({
      current: '123456',
      next: '654321',
      secondsLeft: 1,
    });
  });

  it('switches to the next code by itself when the window ends before the re-fetch', () => {
    expect(codeDisplayAt(view, 30_000)).toEqual({
      current: '654321',
      next: null,
      secondsLeft: 30,
      fraction: 1,
    });
    // Two windows ahead is unknown, so nothing is offered as "next" even near its end.
    expect(codeDisplayAt(view, 57_000)).toMatchObject({
      current: '654321',
      next: null,
      secondsLeft: 3,
    });
  });

  it('never offers a code whose window has already passed', () => {
    // Two windows late (a pop-out window after the computer slept, or a failed re-fetch):
    // both codes the background sent are expired. Copy must not put one on the clipboard.
    const late = codeDisplayAt(view, 60_000 + 5_000);
    expect(late.secondsLeft).toBe(0);
    expect(late.current).toBeNull();
  });

  it('follows the account period (60 s, 8 digits)', () => {
    const long = accountView({ period: 60, digits: 8, validFrom: 60_000, validUntil: 120_000 });
    expect(codeDisplayAt(long, 60_000)).toMatchObject({ secondsLeft: 60, fraction: 1, next: null });
    expect(codeDisplayAt(long, 90_000)).toMatchObject({
      secondsLeft: 30,
      fraction: 0.5,
      next: null,
    });
    expect(codeDisplayAt(long, 116_500).next).toBe('654321');
  });

  it('keeps the ring between 0 and 1 and the seconds within the period at every instant', () => {
    for (let t = 0; t < 60_000; t += 250) {
      const d = codeDisplayAt(view, t);
      expect(d.fraction).toBeGreaterThanOrEqual(0);
      expect(d.fraction).toBeLessThanOrEqual(1);
      expect(d.secondsLeft).toBeGreaterThanOrEqual(0);
      expect(d.secondsLeft).toBeLessThanOrEqual(30);
    }
  });
});

describe('earliestExpiry', () => {
  it('is the first moment any time-based code on the list changes', () => {
    const list = [
      accountView({ id: 'a', validUntil: 30_000 }),
      accountView({ id: 'b', period: 10, validUntil: 20_000 }),
      accountView({ id: 'c', period: 60, validUntil: 60_000 }),
    ];
    expect(earliestExpiry(list)).toBe(20_000);
  });

  it('ignores HOTP accounts, whose codes never expire', () => {
    // validUntil is Infinity in the background and arrives as null after JSON messaging.
    const hotp = accountView({ id: 'h', type: 'hotp', validUntil: null as unknown as number });
    expect(earliestExpiry([hotp])).toBeNull();
    expect(earliestExpiry([hotp, accountView({ validUntil: 42_000 })])).toBe(42_000);
  });

  it('is null for an empty list', () => {
    expect(earliestExpiry([])).toBeNull();
  });
});
