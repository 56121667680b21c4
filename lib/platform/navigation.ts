import { browser } from 'wxt/browser';
import { documentToken, NavigationLog } from '../core/autofill/pin';

function randomEpoch(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** This background instance's navigation counts (only read where the browser has no documentId). */
const log = new NavigationLog(randomEpoch());

/**
 * Counts every committed navigation per frame. Added synchronously at start-up, so the event
 * that wakes a stopped background is counted too. Firefox fires onCommitted for every new
 * document of a frame (link, script, reload, history traversal); same-document changes
 * (pushState, #fragment) keep the document and so, rightly, the token.
 */
export function installNavigationLog(): void {
  browser.webNavigation.onCommitted.addListener((d) => log.committed(d.tabId, d.frameId));
  browser.tabs.onRemoved.addListener((tabId) => log.forgetTab(tabId));
}

/** The token of the document a frame record (webNavigation) describes now. */
export function documentTokenOf(
  tabId: number,
  frame: { frameId: number; documentId?: string },
): string {
  return documentToken(frame, tabId, log);
}

/** The token of the document now in a tab's top frame, or null when the tab is gone. */
export async function topDocumentOf(tabId: number): Promise<string | null> {
  try {
    const frame = (await browser.webNavigation.getFrame({ tabId, frameId: 0 })) as
      { documentId?: string } | null | undefined;
    if (!frame) return null;
    return documentTokenOf(tabId, {
      frameId: 0,
      ...(frame.documentId ? { documentId: frame.documentId } : {}),
    });
  } catch {
    return null;
  }
}
