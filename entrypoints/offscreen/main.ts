import { clearClipboardIfHolds } from '../../lib/platform/clipboardDom';
import type { OffscreenClearMessage } from '../../lib/platform/clipboard';

// Only the background talks to this page; it is never opened by a web page.
chrome.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
  const m = message as Partial<OffscreenClearMessage> | null;
  if (sender.id !== chrome.runtime.id || m?.target !== 'offscreen') return false;
  if (m.type === 'clipboard.clearIfHolds' && typeof m.code === 'string') {
    sendResponse({ cleared: clearClipboardIfHolds(m.code) });
  }
  return false;
});
