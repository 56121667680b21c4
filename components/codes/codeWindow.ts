import type { AccountView } from '../../lib/messaging';

/** Below this many seconds left, the next code is shown so the user can wait for it. */
export const NEXT_CODE_THRESHOLD_S = 5;

export interface CodeDisplay {
  /** Null for an HOTP account nobody has asked a code for. */
  current: string | null;
  /** Only while fewer than NEXT_CODE_THRESHOLD_S seconds are left. */
  next: string | null;
  secondsLeft: number;
  /** 1 = a fresh window, 0 = about to change; drives the ring. */
  fraction: number;
}

/**
 * What a time-based row shows at `now`. The background answers with the code for
 * [validFrom, validUntil) and the one after it, so when a window ends before the re-fetch
 * arrives the next code is already the right one to show.
 */
export function codeDisplayAt(view: AccountView, now: number): CodeDisplay {
  const periodMs = Math.max(1, view.period) * 1000;
  let current = view.code;
  let endsAt = view.validUntil;
  let upcoming = view.nextCode;
  if (now >= view.validUntil) {
    // More than one window late (the computer slept, a refresh failed): no code is valid.
    current = now < view.validUntil + periodMs ? view.nextCode : null;
    endsAt = view.validUntil + periodMs;
    // Two windows ahead is unknown until the re-fetch.
    upcoming = null;
  }
  const secondsLeft = Math.max(0, Math.ceil((endsAt - now) / 1000));
  return {
    current,
    next: secondsLeft < NEXT_CODE_THRESHOLD_S ? upcoming : null,
    secondsLeft,
    fraction: Math.min(1, secondsLeft / view.period),
  };
}

/** The earliest moment at which any time-based code on the list stops being valid. */
export function earliestExpiry(views: readonly AccountView[]): number | null {
  let earliest: number | null = null;
  for (const view of views) {
    if (view.type === 'hotp') continue;
    if (earliest === null || view.validUntil < earliest) earliest = view.validUntil;
  }
  return earliest;
}
