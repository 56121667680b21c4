import { TesseraError, isTesseraError } from '../errors';

/**
 * Wrong passphrases and recovery keys slow down: the first few tries are free, then each wrong
 * one makes the next try wait twice as long, up to a ceiling. The wait never grows past the
 * ceiling and a right answer clears it, so nobody is ever locked out for good.
 *
 * One counter for every place a passphrase or recovery key is checked (unlock, restore from
 * sync, the re-entry before an export or a key change): a guesser cannot move to another door.
 */
export const THROTTLE = Object.freeze({
  freeTries: 3,
  firstDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
});

/** What is remembered between tries (storage.session in the browser). */
export interface ThrottleState {
  failures: number;
  /** No try is accepted before this time (ms since epoch). */
  notBefore: number;
}

/** The wait after `failures` wrong tries in a row: 0, 0, 0, 30 s, 1 min, 2 min, … 15 min. */
export function delayAfter(failures: number): number {
  if (failures < THROTTLE.freeTries) return 0;
  const doublings = Math.min(failures - THROTTLE.freeTries, 30);
  return Math.min(THROTTLE.firstDelayMs * 2 ** doublings, THROTTLE.maxDelayMs);
}

export function afterFailure(state: ThrottleState | null, now: number): ThrottleState {
  const failures = (state?.failures ?? 0) + 1;
  return { failures, notBefore: now + delayAfter(failures) };
}

/**
 * How long to wait before the next try. Never more than the ceiling, even when the clock was
 * set back after the last failure (the stored time would otherwise lie far in the future).
 */
export function waitMs(state: ThrottleState | null, now: number): number {
  if (!state) return 0;
  return Math.min(Math.max(0, state.notBefore - now), THROTTLE.maxDelayMs);
}

/** Read at face value from storage: anything unexpected counts as no state, never as a ban. */
export function parseThrottleState(raw: unknown): ThrottleState | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { failures, notBefore } = raw as Record<string, unknown>;
  if (!Number.isSafeInteger(failures) || (failures as number) < 0) return null;
  if (typeof notBefore !== 'number' || !Number.isFinite(notBefore)) return null;
  return { failures: failures as number, notBefore };
}

export function throttledError(wait: number): TesseraError {
  const seconds = Math.ceil(wait / 1000);
  return new TesseraError('E_THROTTLED', `Too many wrong tries. Try again in ${seconds} seconds.`, {
    reason: 'throttled',
    waitMs: wait,
  });
}

/** Only a wrong secret counts; a damaged slot, a policy refusal or a crash does not. */
export function isWrongSecret(e: unknown): boolean {
  return isTesseraError(e) && (e.code === 'E_BAD_PASSPHRASE' || e.code === 'E_BAD_RECOVERY_KEY');
}

export interface ThrottleStore {
  get(): Promise<unknown>;
  set(state: ThrottleState | null): Promise<void>;
}

/**
 * Runs tries one at a time against the shared counter: refuses with E_THROTTLED while a wait
 * is running, records a wrong secret, clears on success. Tries wait for each other so two
 * messages sent at once cannot both slip past one check.
 */
export class GuessThrottle {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: ThrottleStore,
    private readonly now: () => number = Date.now,
  ) {}

  attempt<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(
      () => this.guarded(task),
      () => this.guarded(task),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The wait a try would meet now (for a page that wants to show it before the user types). */
  async currentWait(): Promise<number> {
    return waitMs(parseThrottleState(await this.store.get()), this.now());
  }

  private async guarded<T>(task: () => Promise<T>): Promise<T> {
    const state = parseThrottleState(await this.store.get());
    const wait = waitMs(state, this.now());
    if (wait > 0) throw throttledError(wait);
    let result: T;
    try {
      result = await task();
    } catch (e) {
      if (isWrongSecret(e)) await this.store.set(afterFailure(state, this.now()));
      throw e;
    }
    if (state) await this.store.set(null);
    return result;
  }
}
