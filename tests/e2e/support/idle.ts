import { expect, type Worker } from '@playwright/test';

/**
 * As if Tessera had not been used for `ms` (the idle clock the background keeps in
 * storage.session). A request already on its way when the clock is set back stamps it again
 * (the background reads the clock, then writes "now"), so the clock is set back until it stays
 * back for a look a moment later. Close the pages that send requests first.
 */
export async function backdateActivity(sw: Worker, ms: number): Promise<void> {
  await expect
    .poll(
      () =>
        sw.evaluate(async (ms) => {
          const { lastActivity } = await chrome.storage.session.get('lastActivity');
          if (typeof lastActivity === 'number' && lastActivity <= Date.now() - ms) return 'aged';
          await chrome.storage.session.set({ lastActivity: Date.now() - ms });
          return 'set back';
        }, ms),
      { intervals: [250], timeout: 30_000 },
    )
    .toBe('aged');
}
