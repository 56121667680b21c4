import { browser } from 'wxt/browser';
import { parseAreaPick, type AreaPick } from '../core/scan/areaPick';

export type { AreaPick };

/** The unlisted script WXT builds from entrypoints/scan-area/index.ts. */
const OVERLAY_FILE = '/scan-area.js';

/**
 * Shows the "Select area" overlay in the tab's top frame and waits for the user's rectangle
 * (null when they cancel). Injected only now, at the user's request, under the same grant as
 * the capture; it is never a content script on every page. Throws when the browser refuses
 * scripts in that page (browser pages, the PDF viewer, the extension stores).
 */
export async function pickAreaInTab(tabId: number): Promise<AreaPick | null> {
  const [frame] = await browser.scripting.executeScript({
    target: { tabId, frameIds: [0] },
    files: [OVERLAY_FILE],
  });
  return parseAreaPick(frame?.result);
}

/** Removes an overlay still waiting for a drag (the popup's "Cancel"). */
export async function cancelAreaInTab(tabId: number): Promise<void> {
  await browser.scripting
    .executeScript({
      target: { tabId, frameIds: [0] },
      // Runs in the same isolated world as the overlay, which registered this hook.
      func: () => {
        const hooks = globalThis as unknown as Record<string, (() => void) | undefined>;
        hooks.__tesseraScanAreaCancel?.();
      },
    })
    .catch(() => undefined);
}
