import { browser } from 'wxt/browser';
import type { PopupTarget } from '../../components/popupTarget';

/**
 * The pop-out window is `popup.html?tab=<id>`: it acts on the tab that was active when the user
 * popped it out, because once it is a window of its own the "active tab" is the window itself.
 */
export function targetTabId(search: string = location.search): number | null {
  const raw = new URLSearchParams(search).get('tab');
  if (raw === null || !/^\d+$/.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : null;
}

/** The tab this popup acts on, worked out once for every component (components/popupTarget.ts). */
export function resolvePopupTarget(search: string = location.search): PopupTarget {
  const fromUrl = targetTabId(search);
  return {
    windowed: fromUrl !== null,
    tabId: fromUrl !== null ? Promise.resolve(fromUrl) : activeTabId(),
  };
}

async function activeTabId(): Promise<number | null> {
  try {
    // The id of the active tab needs no "tabs" permission (only its URL would).
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return tab?.id ?? null;
  } catch {
    return null;
  }
}
