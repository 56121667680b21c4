import type { FrameTarget } from '../autofill/frames';

/** Who may call a route. Content scripts run inside web pages, so they get the least. */
export type Caller = 'extension' | 'content';

/** The browser-set fields of runtime.MessageSender this decision reads; nothing from the payload. */
export interface SenderFields {
  id?: string;
  origin?: string;
  url?: string;
  tab?: { id?: number };
  frameId?: number;
  documentId?: string;
}

/** Our own extension, as the background sees itself. */
export interface SelfIdentity {
  id: string;
  /** chrome-extension://<id> or moz-extension://<uuid>. */
  origin: string;
}

export type SenderVerdict =
  | { caller: 'extension' }
  /** The document the content script runs in: every handler acts on this, never on a payload URL. */
  | { caller: 'content'; frame: FrameTarget };

/**
 * Decides who sent a message from the fields the browser sets, never from the payload.
 * Extension pages (popup, its pop-out window, options) share our origin; a content script's
 * sender carries the tab and frame it runs in and the page's origin. Anything else: null.
 */
export function classifySender(sender: SenderFields, self: SelfIdentity): SenderVerdict | null {
  if (sender.id !== self.id) return null;
  // Firefox has no sender.origin; the URL is browser-set too (it cannot see sandboxing).
  const origin = sender.origin ?? (sender.url ? originOf(sender.url) : null);
  if (!origin) return null;
  if (origin === self.origin) return { caller: 'extension' };
  const tabId = sender.tab?.id;
  if (tabId === undefined || typeof sender.frameId !== 'number') return null;
  return {
    caller: 'content',
    frame: {
      tabId,
      frameId: sender.frameId,
      origin,
      ...(sender.documentId ? { documentId: sender.documentId } : {}),
    },
  };
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
