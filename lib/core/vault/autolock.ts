/** How the vault locks itself; stored in storage.local (not a secret). */
export type AutoLock =
  { mode: 'idle'; minutes: number } | { mode: 'browser-close' } | { mode: 'never' };

export const DEFAULT_AUTO_LOCK: AutoLock = { mode: 'idle', minutes: 15 };

/** Idle limits a user may pick; anything else read from storage falls back to the default. */
export const IDLE_MINUTES_MIN = 1;
export const IDLE_MINUTES_MAX = 24 * 60;

export function parseAutoLock(value: unknown): AutoLock {
  if (typeof value === 'object' && value !== null) {
    const v = value as Record<string, unknown>;
    if (v.mode === 'browser-close') return { mode: 'browser-close' };
    if (v.mode === 'never') return { mode: 'never' };
    if (
      v.mode === 'idle' &&
      typeof v.minutes === 'number' &&
      Number.isInteger(v.minutes) &&
      v.minutes >= IDLE_MINUTES_MIN &&
      v.minutes <= IDLE_MINUTES_MAX
    ) {
      return { mode: 'idle', minutes: v.minutes };
    }
  }
  return DEFAULT_AUTO_LOCK;
}

/** True when the vault has been idle for longer than the user allows. */
export function idleExpired(setting: AutoLock, lastActivity: number, now: number): boolean {
  return setting.mode === 'idle' && now - lastActivity >= setting.minutes * 60_000;
}
