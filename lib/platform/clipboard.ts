import { browser } from 'wxt/browser';
import { clearClipboardIfHolds } from './clipboardDom';
import { readGeneralSettings } from './settings';

export const CLIPBOARD_ALARM = 'clipboard-clear';
const PENDING = 'clipboardPending';

/** The message the background sends its offscreen document; not part of the router's protocol. */
export interface OffscreenClearMessage {
  target: 'offscreen';
  type: 'clipboard.clearIfHolds';
  code: string;
}

/**
 * The popup closes as soon as the user clicks into a page, so the delayed clear cannot live
 * there. An alarm survives service-worker shutdown; the code waits in storage.session. The
 * delay is the user's choice in settings (clipboardClearSeconds); 0 means never clear.
 */
export async function scheduleClipboardClear(code: string, now = Date.now()): Promise<void> {
  const { clipboardClearSeconds } = await readGeneralSettings();
  if (clipboardClearSeconds === 0) {
    // A clear scheduled for an earlier copy would find a different code and do nothing anyway;
    // dropping it keeps the code out of storage.session for no purpose.
    await browser.storage.session.remove(PENDING);
    await browser.alarms.clear(CLIPBOARD_ALARM);
    return;
  }
  await browser.storage.session.set({ [PENDING]: code });
  await browser.alarms.create(CLIPBOARD_ALARM, { when: now + clipboardClearSeconds * 1000 });
}

export async function runClipboardClear(): Promise<void> {
  const stored = await browser.storage.session.get(PENDING);
  const code = stored[PENDING];
  await browser.storage.session.remove(PENDING);
  if (typeof code !== 'string') return;
  if (typeof document !== 'undefined') {
    // Firefox: the background is a page with a document.
    clearClipboardIfHolds(code);
    return;
  }
  await ensureOffscreen();
  const message: OffscreenClearMessage = {
    target: 'offscreen',
    type: 'clipboard.clearIfHolds',
    code,
  };
  try {
    await chrome.runtime.sendMessage(message);
  } finally {
    await chrome.offscreen.closeDocument().catch(() => undefined);
  }
}

async function ensureOffscreen(): Promise<void> {
  const url = chrome.runtime.getURL('/offscreen.html');
  const contexts = await chrome.runtime.getContexts({
    contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [url],
  });
  if (contexts.length > 0) return;
  await chrome.offscreen.createDocument({
    url,
    reasons: [chrome.offscreen.Reason.CLIPBOARD],
    justification:
      'Clear a copied one-time code from the clipboard after the delay the user chose.',
  });
}
