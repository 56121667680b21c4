import { describe, expect, it } from 'vitest';
import {
  nextRehearsalAt,
  normalizeRehearsal,
  rehearsalAsked,
  rehearsalDue,
  rehearsalPassed,
  type RehearsalState,
} from '../../../lib/core/vault/rehearsal';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 0, 1);

function fresh(intervalDays: RehearsalState['intervalDays'] = 90): RehearsalState {
  return { ...normalizeRehearsal(null, T0), intervalDays };
}

describe('recovery rehearsal schedule', () => {
  it('defaults to every 90 days, counted from when the vault was first seen', () => {
    const s = normalizeRehearsal(undefined, T0);
    expect(s).toEqual({ intervalDays: 90, lastCheckedAt: null, since: T0, lastAskedAt: null });
    expect(rehearsalDue(s, T0)).toBe(false);
    expect(rehearsalDue(s, T0 + 90 * DAY - 1)).toBe(false);
    expect(rehearsalDue(s, T0 + 90 * DAY)).toBe(true);
  });

  it.each([30, 90, 180] as const)('asks every %i days after a passed rehearsal', (days) => {
    const passed = rehearsalPassed(fresh(days), T0 + 5 * DAY);
    expect(passed.lastCheckedAt).toBe(T0 + 5 * DAY);
    expect(nextRehearsalAt(passed)).toBe(T0 + (5 + days) * DAY);
    expect(rehearsalDue(passed, T0 + (5 + days) * DAY - 1)).toBe(false);
    expect(rehearsalDue(passed, T0 + (5 + days) * DAY)).toBe(true);
  });

  it('never asks when set to never', () => {
    const s = fresh(0);
    expect(nextRehearsalAt(s)).toBeNull();
    expect(rehearsalDue(s, T0 + 10_000 * DAY)).toBe(false);
  });

  it('asks once per period: a dismissed or failed prompt waits a whole period', () => {
    const due = T0 + 91 * DAY;
    const asked = rehearsalAsked(fresh(), due);
    expect(asked.lastCheckedAt).toBeNull();
    expect(rehearsalDue(asked, due + 1)).toBe(false);
    expect(rehearsalDue(asked, due + 90 * DAY)).toBe(true);
  });

  it('repairs damaged or hostile stored state', () => {
    const s = normalizeRehearsal(
      { intervalDays: 7, lastCheckedAt: 'yesterday', since: T0 + 999 * DAY, lastAskedAt: -1 },
      T0,
    );
    expect(s).toEqual({ intervalDays: 90, lastCheckedAt: null, since: T0, lastAskedAt: null });
    expect(normalizeRehearsal({ intervalDays: 180, lastCheckedAt: T0 }, T0 + DAY)).toMatchObject({
      intervalDays: 180,
      lastCheckedAt: T0,
    });
  });
});
