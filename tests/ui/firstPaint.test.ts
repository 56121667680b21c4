// When the popup's secondary work starts: after the next paint, then at an idle moment (or at
// once where the browser has no idle callback), never before the frame.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterNextPaint, afterPaintAndIdle } from '../../components/ui/firstPaint';

type Callback = () => void;

/** A page whose frames and idle moments the test hands out one by one. */
function fakePage({ idle }: { idle: boolean }) {
  const frames: Callback[] = [];
  const idles: { run: Callback; timeout?: number }[] = [];
  vi.stubGlobal('requestAnimationFrame', (run: Callback) => frames.push(run));
  vi.stubGlobal(
    'requestIdleCallback',
    idle
      ? (run: Callback, options?: { timeout?: number }) =>
          idles.push({ run, timeout: options?.timeout })
      : undefined,
  );
  return { frames, idles };
}

/**
 * Whether `promise` has settled once the tasks due now, and those they queue for now, have run
 * (a few fake milliseconds: far from the hidden-page fallback's 250).
 */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 3; i++) await vi.advanceTimersByTimeAsync(1);
  return done;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('afterPaintAndIdle', () => {
  it('waits for the frame, then for the browser to be idle, with a bound', async () => {
    vi.useFakeTimers();
    const page = fakePage({ idle: true });
    const ready = afterPaintAndIdle();
    expect(await settled(ready)).toBe(false);
    expect(page.idles).toHaveLength(0);

    page.frames.shift()?.();
    expect(await settled(ready)).toBe(false);
    expect(page.idles).toHaveLength(1);
    // Bounded: a page that is never idle still gets its secondary work.
    expect(page.idles[0]?.timeout).toBeGreaterThan(0);

    page.idles[0]?.run();
    expect(await settled(ready)).toBe(true);
  });

  it('goes on after the frame where there is no idle callback', async () => {
    vi.useFakeTimers();
    const page = fakePage({ idle: false });
    const ready = afterPaintAndIdle();
    expect(await settled(ready)).toBe(false);
    page.frames.shift()?.();
    expect(await settled(ready)).toBe(true);
  });

  it('still goes on in a hidden page, which paints no frames', async () => {
    vi.useFakeTimers();
    fakePage({ idle: false });
    const painted = afterNextPaint();
    expect(await settled(painted)).toBe(false);
    await vi.advanceTimersByTimeAsync(250);
    expect(await settled(painted)).toBe(true);
  });
});
