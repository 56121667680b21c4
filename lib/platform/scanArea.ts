import { browser } from 'wxt/browser';
import type { Rect } from '../core/scan';

/** What the overlay (entrypoints/scan-area) returns: CSS px of the top frame's viewport. */
export interface AreaPick extends Rect {
  viewportWidth: number;
  viewportHeight: number;
}

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

/** The script's answer crosses from a page's process: check it is the shape we expect. */
export function parseAreaPick(value: unknown): AreaPick | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const keys = ['x', 'y', 'width', 'height', 'viewportWidth', 'viewportHeight'] as const;
  const n = keys.map((k) => v[k]);
  if (!n.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)) return null;
  const [x, y, width, height, viewportWidth, viewportHeight] = n as number[];
  if (!width || !height || !viewportWidth || !viewportHeight) return null;
  return { x: x!, y: y!, width, height, viewportWidth, viewportHeight };
}
