/**
 * Recovery rehearsal: now and then the popup asks the user to type the recovery key, to prove it
 * still opens the vault before the day it is needed. Pure schedule; the state lives in the
 * protected settings (lib/platform/rehearsal.ts).
 */

/** Days between rehearsals; 0 means never. */
export const REHEARSAL_INTERVALS = [30, 90, 180, 0] as const;
export type RehearsalInterval = (typeof REHEARSAL_INTERVALS)[number];
export const DEFAULT_REHEARSAL_INTERVAL: RehearsalInterval = 90;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RehearsalState {
  intervalDays: RehearsalInterval;
  /** ms since epoch of the last passed rehearsal; null = never checked. */
  lastCheckedAt: number | null;
  /**
   * When the clock started: the first time the schedule saw this vault (so a new vault, whose key
   * was just written down, is not asked at once).
   */
  since: number;
  /** When the popup last asked (passed, failed or dismissed): it asks once per period. */
  lastAskedAt: number | null;
}

export function isRehearsalInterval(value: unknown): value is RehearsalInterval {
  return REHEARSAL_INTERVALS.includes(value as RehearsalInterval);
}

/** A state read from storage, made sane: unknown or damaged fields take their defaults. */
export function normalizeRehearsal(raw: unknown, now: number): RehearsalState {
  const r = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const time = (v: unknown): number | null =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null;
  return {
    intervalDays: isRehearsalInterval(r.intervalDays) ? r.intervalDays : DEFAULT_REHEARSAL_INTERVAL,
    lastCheckedAt: time(r.lastCheckedAt),
    // A start time in the future (clock moved back) restarts the period now.
    since: Math.min(time(r.since) ?? now, now),
    lastAskedAt: time(r.lastAskedAt),
  };
}

/** When the popup should next ask, or null when rehearsals are off. */
export function nextRehearsalAt(state: RehearsalState): number | null {
  if (state.intervalDays === 0) return null;
  const from = Math.max(state.since, state.lastCheckedAt ?? 0, state.lastAskedAt ?? 0);
  return from + state.intervalDays * DAY_MS;
}

export function rehearsalDue(state: RehearsalState, now: number): boolean {
  const next = nextRehearsalAt(state);
  return next !== null && now >= next;
}

/** A passed rehearsal records its date and nothing else. */
export function rehearsalPassed(state: RehearsalState, now: number): RehearsalState {
  return { ...state, lastCheckedAt: now, lastAskedAt: now };
}

/** Dismissed or failed: not asked again this period (a failure offers a new key instead). */
export function rehearsalAsked(state: RehearsalState, now: number): RehearsalState {
  return { ...state, lastAskedAt: now };
}

/** What the pages see. */
export interface RehearsalView {
  intervalDays: RehearsalInterval;
  lastCheckedAt: number | null;
  due: boolean;
}

export function rehearsalView(state: RehearsalState, now: number): RehearsalView {
  return {
    intervalDays: state.intervalDays,
    lastCheckedAt: state.lastCheckedAt,
    due: rehearsalDue(state, now),
  };
}
