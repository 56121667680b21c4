import { getContext, setContext } from 'svelte';

/**
 * Resolves once the browser has painted the next frame: a task queued from an animation-frame
 * callback runs after that frame's paint. A page that paints no frames (hidden) still goes on
 * after a short wait, since requestAnimationFrame never fires there.
 */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 250);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }, 0),
    );
  });
}

/**
 * Resolves after the next paint, at the first idle moment after it: work that can wait (the
 * rest of a long list, status lines, brand icons) then yields to whatever the person, or the
 * browser, does first with the codes just shown. Bounded, so it also starts on a page that is
 * never idle.
 */
export function afterPaintAndIdle(): Promise<void> {
  return afterNextPaint().then(
    () =>
      new Promise((resolve) => {
        if (typeof requestIdleCallback === 'function') {
          requestIdleCallback(() => resolve(), { timeout: 500 });
        } else setTimeout(resolve, 0);
      }),
  );
}

const KEY = Symbol('tessera.firstPaint');

/**
 * The popup opens on the codes: what is not needed for them (status lines, a pending scan
 * result, the page's code fields) waits until the first rows have painted and the page is idle,
 * so that neither the background nor this page works on it before. Given by the view that
 * shows the list.
 */
export function provideFirstPaint(painted: Promise<void>): void {
  setContext(KEY, painted);
}

/** When to start secondary work: after the first paint of the list, or now outside the popup. */
export function firstPaint(): Promise<void> {
  return getContext<Promise<void> | undefined>(KEY) ?? Promise.resolve();
}
