import { browser } from 'wxt/browser';
import type { FrameRecord, FrameTarget } from '../core/autofill/frames';
import type {
  AutofillFillReply,
  AutofillScanReply,
  AutofillSettings,
  AutofillTabMessage,
} from '../core/autofill/protocol';
import { readProtected, writeProtected } from './protectedSettings';

const SETTINGS = 'autofillSettings';
const PENDING = 'autofillPending';
/** A fill waiting for the user to unlock expires: a code must not land long after the click. */
export const PENDING_FILL_MS = 3 * 60_000;

/**
 * Not secret, but a page's content script must not switch copy-after-fill on for itself:
 * kept with the other protected settings, out of reach of content scripts.
 */
export async function readAutofillSettings(): Promise<AutofillSettings> {
  return parseAutofillSettings(await readProtected(SETTINGS));
}

/** Missing or odd values mean the defaults: no copy after fill, inline button shown. */
export function parseAutofillSettings(value: unknown): AutofillSettings {
  const v = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return { copyAfterFill: v.copyAfterFill === true, inlineButton: v.inlineButton !== false };
}

export async function writeAutofillSettings(settings: AutofillSettings): Promise<void> {
  await writeProtected(SETTINGS, parseAutofillSettings(settings));
}

export type { FrameTarget };

export interface PendingFill extends FrameTarget {
  accountId?: string;
  expiresAt: number;
}

/**
 * The fill a locked vault postponed. storage.session: memory only, trusted contexts only, and it
 * survives the service worker stopping while the user types the passphrase.
 */
export async function savePendingFill(pending: PendingFill): Promise<void> {
  await browser.storage.session.set({ [PENDING]: pending });
}

/** Reads and forgets the pending fill: it is used once at most. */
export async function takePendingFill(now = Date.now()): Promise<PendingFill | null> {
  const value = (await browser.storage.session.get(PENDING))[PENDING] as PendingFill | undefined;
  await browser.storage.session.remove(PENDING);
  if (!value || typeof value.expiresAt !== 'number' || value.expiresAt < now) return null;
  return value;
}

/** Every frame of a tab as the browser sees it (needs the webNavigation permission). */
export async function framesOf(tabId: number): Promise<FrameRecord[]> {
  const frames = await browser.webNavigation.getAllFrames({ tabId });
  return (frames ?? []).map((f) => {
    // documentId/documentLifecycle exist in Chromium only; Firefox compares URLs instead.
    const extra = f as { documentId?: string; documentLifecycle?: string };
    return {
      frameId: f.frameId,
      parentFrameId: f.parentFrameId,
      url: f.url,
      ...(extra.documentId ? { documentId: extra.documentId } : {}),
      ...(extra.documentLifecycle ? { documentLifecycle: extra.documentLifecycle } : {}),
    };
  });
}

const SEND_TIMEOUT_MS = 2000;

/**
 * Sends to exactly one document: with a documentId (Chromium) the browser drops the message if
 * that frame has navigated since, so a code can never reach the next page loaded in it.
 */
export async function sendToFrame<R>(
  target: { tabId: number; frameId: number; documentId?: string },
  message: AutofillTabMessage,
): Promise<R | null> {
  const options = target.documentId
    ? { documentId: target.documentId }
    : { frameId: target.frameId };
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      browser.tabs.sendMessage(target.tabId, message, options) as Promise<R>,
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), SEND_TIMEOUT_MS))),
    ]);
  } catch {
    // No content script there (a browser page, a frame that loaded before install): nothing to do.
    return null;
  } finally {
    clearTimeout(timer);
  }
}

export function scanFrame(
  target: FrameTarget | { tabId: number; frameId: number; documentId?: string },
) {
  return sendToFrame<AutofillScanReply>(target, { tessera: 'autofill', op: 'scan' });
}

/**
 * The frame's script also checks that it still runs on `target.origin`: where the browser has
 * no documentId to pin the message to (Firefox), a frame that navigated to another site between
 * the check and this message refuses the code itself.
 */
export function fillFrame(target: FrameTarget, code: string) {
  return sendToFrame<AutofillFillReply>(target, {
    tessera: 'autofill',
    op: 'fill',
    code,
    origin: target.origin,
  });
}

/** Every frame of the tab; only the one that has focus acts on it. */
export async function sendCommandToTab(tabId: number): Promise<void> {
  const message: AutofillTabMessage = { tessera: 'autofill', op: 'command' };
  await browser.tabs.sendMessage(tabId, message).catch(() => undefined);
}

export async function sendMenuToFrame(tabId: number, frameId: number): Promise<void> {
  await sendToFrame({ tabId, frameId }, { tessera: 'autofill', op: 'menu' });
}

const WINDOW_WIDTH = 380;
const WINDOW_HEIGHT = 620;

/**
 * Shows the popup so the user can unlock. The toolbar popup where the browser allows opening it
 * from the background (Chromium 127+); otherwise the pop-out window bound to the tab.
 */
export async function openUnlockPopup(tabId: number): Promise<void> {
  try {
    const tab = await browser.tabs.get(tabId);
    await browser.action.openPopup({ windowId: tab.windowId });
    return;
  } catch {
    // No focused normal window, or the browser refuses without a gesture: use a window.
  }
  // chrome.runtime.getURL: WXT's typed getURL only knows paths once `wxt prepare` ran.
  const url = new URL(chrome.runtime.getURL('/popup.html'));
  url.searchParams.set('tab', String(tabId));
  await browser.windows.create({
    url: url.href,
    type: 'popup',
    width: WINDOW_WIDTH,
    height: WINDOW_HEIGHT,
  });
}
