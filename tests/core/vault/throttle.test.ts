import { describe, expect, it } from 'vitest';
import { TesseraError } from '../../../lib/core/errors';
import {
  GuessThrottle,
  THROTTLE,
  delayAfter,
  parseThrottleState,
  waitMs,
  type ThrottleState,
} from '../../../lib/core/vault/throttle';

class MemoryThrottleStore {
  value: unknown = undefined;
  async get() {
    return structuredClone(this.value);
  }
  async set(state: ThrottleState | null) {
    this.value = state === null ? undefined : structuredClone(state);
  }
}

const wrong = () => Promise.reject(new TesseraError('E_BAD_PASSPHRASE', 'Wrong passphrase.'));
const right = () => Promise.resolve('opened');

async function codeOf(p: Promise<unknown>): Promise<TesseraError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TesseraError);
  return e as TesseraError;
}

describe('the wrong-guess schedule', () => {
  it('lets a few tries through, then doubles the wait up to a ceiling', () => {
    const waits = Array.from({ length: 12 }, (_, i) => delayAfter(i + 1));
    expect(waits.slice(0, THROTTLE.freeTries - 1)).toEqual([0, 0]);
    expect(waits.slice(2, 8)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 900_000]);
    expect(Math.max(...waits)).toBe(THROTTLE.maxDelayMs);
    expect(delayAfter(Number.MAX_SAFE_INTEGER)).toBe(THROTTLE.maxDelayMs);
  });

  it('never waits longer than the ceiling, even with the clock set back', () => {
    const state = { failures: 50, notBefore: Date.UTC(2099, 0, 1) };
    expect(waitMs(state, Date.UTC(2026, 0, 1))).toBe(THROTTLE.maxDelayMs);
  });

  it('reads damaged stored state as no state, never as a ban', () => {
    for (const raw of [null, 'x', { failures: -1, notBefore: 0 }, { failures: 1 }, []]) {
      expect(parseThrottleState(raw)).toBeNull();
    }
  });
});

describe('GuessThrottle', () => {
  it('after three wrong tries asks the user to wait 30 seconds, with the wait in the detail', async () => {
    let now = 1_000_000;
    const throttle = new GuessThrottle(new MemoryThrottleStore(), () => now);
    for (let i = 0; i < 3; i++) {
      expect((await codeOf(throttle.attempt(wrong))).code).toBe('E_BAD_PASSPHRASE');
    }
    const refused = await codeOf(throttle.attempt(right));
    expect(refused.code).toBe('E_THROTTLED');
    expect(refused.detail).toEqual({ reason: 'throttled', waitMs: 30_000 });
    now += 10_000;
    expect((await codeOf(throttle.attempt(right))).detail?.waitMs).toBe(20_000);
    now += 20_000;
    expect(await throttle.attempt(right)).toBe('opened');
    // A right answer clears the count: the next wrong try is free again.
    expect((await codeOf(throttle.attempt(wrong))).code).toBe('E_BAD_PASSPHRASE');
    expect(await throttle.currentWait()).toBe(0);
  });

  it('survives a restart of the background (the state is in the store, not in memory)', async () => {
    const now = 5_000_000;
    const store = new MemoryThrottleStore();
    const first = new GuessThrottle(store, () => now);
    for (let i = 0; i < 3; i++) await codeOf(first.attempt(wrong));
    const restarted = new GuessThrottle(store, () => now);
    const e = await codeOf(restarted.attempt(right));
    expect(e.code).toBe('E_THROTTLED');
    expect(e.detail?.waitMs).toBe(30_000);
  });

  it('counts only wrong secrets, and does not run the try while waiting', async () => {
    let now = 0;
    const store = new MemoryThrottleStore();
    const throttle = new GuessThrottle(store, () => now);
    const damaged = () => Promise.reject(new TesseraError('E_CORRUPT', 'damaged'));
    for (let i = 0; i < 10; i++) await codeOf(throttle.attempt(damaged));
    expect(store.value).toBeUndefined();
    for (let i = 0; i < 3; i++) await codeOf(throttle.attempt(wrong));
    let ran = false;
    await codeOf(
      throttle.attempt(async () => {
        ran = true;
      }),
    );
    expect(ran).toBe(false);
    now += THROTTLE.firstDelayMs;
    await throttle.attempt(async () => {
      ran = true;
    });
    expect(ran).toBe(true);
  });

  it('runs tries sent at once one after another, so they cannot share one check', async () => {
    const throttle = new GuessThrottle(new MemoryThrottleStore(), () => 0);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => codeOf(throttle.attempt(wrong))),
    );
    expect(results.map((e) => e.code)).toEqual([
      'E_BAD_PASSPHRASE',
      'E_BAD_PASSPHRASE',
      'E_BAD_PASSPHRASE',
      'E_THROTTLED',
      'E_THROTTLED',
      'E_THROTTLED',
    ]);
  });
});
