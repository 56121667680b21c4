import { parseWebOrigin } from './origin';

/** One frame of a tab as the browser reports it (webNavigation.getAllFrames). */
export interface FrameRecord {
  frameId: number;
  parentFrameId: number;
  url: string;
  documentId?: string;
  /** Chromium: 'prerender' | 'active' | 'cached' | 'pending_deletion'. */
  documentLifecycle?: string;
}

/** One frame's document, as the browser identified it (tab, frame, document and its origin). */
export interface FrameTarget {
  tabId: number;
  frameId: number;
  /** Chromium only: pins the document, so a navigated frame is never addressed. */
  documentId?: string;
  /** The browser-set origin of that document. */
  origin: string;
}

/** The frame a request came from, from the browser-set sender fields only. */
export interface SenderFrame {
  frameId: number;
  /** `sender.origin`: "null" for sandboxed documents (opaque origin). */
  origin: string;
  documentId?: string;
}

export type FrameRefusal =
  | 'opaque-origin'
  | 'not-web'
  | 'unknown-frame'
  | 'navigated'
  | 'inactive'
  | 'cross-origin-ancestor';

export type FrameVerdict = { ok: true; origin: string } | { ok: false; reason: FrameRefusal };

/** Local documents whose origin is inherited, as webNavigation reports their URL. */
export function inheritsOrigin(url: string): boolean {
  const bare = url.replace(/[?#].*$/s, '');
  return bare === 'about:blank' || bare === 'about:srcdoc';
}

/**
 * Whether a code may go to this frame: it must still hold the document that asked, be a real
 * web origin (a sandboxed frame has an opaque "null" origin), and it and every frame above it
 * must share one origin. A code never goes to a cross-origin iframe, nor to a frame on the
 * right site embedded by another one (that page could overlay and trick the user).
 */
export function checkFrameChain(frames: readonly FrameRecord[], sender: SenderFrame): FrameVerdict {
  if (sender.origin === 'null') return { ok: false, reason: 'opaque-origin' };
  const origin = parseWebOrigin(sender.origin);
  if (!origin) return { ok: false, reason: 'not-web' };
  const byId = new Map(frames.map((f) => [f.frameId, f]));
  const self = byId.get(sender.frameId);
  if (!self) return { ok: false, reason: 'unknown-frame' };
  if (sender.documentId !== undefined && self.documentId !== undefined) {
    if (self.documentId !== sender.documentId) return { ok: false, reason: 'navigated' };
  }
  if (self.documentLifecycle !== undefined && self.documentLifecycle !== 'active') {
    return { ok: false, reason: 'inactive' };
  }
  if (inheritsOrigin(self.url)) {
    // about:blank and srcdoc documents take their origin from the document that made them;
    // their URL says nothing, so the browser's sender.origin is the only word on it, and only
    // a document id (Chromium) can tell that the frame still holds the document that asked.
    // Their own ancestors are checked below like anyone's: a cross-origin or sandboxed parent
    // still means no code (a sandboxed parent's blank child inherits its opaque origin).
    if (sender.documentId === undefined || self.documentId === undefined) {
      return { ok: false, reason: 'navigated' };
    }
  } else if (parseWebOrigin(self.url)?.origin !== origin.origin) {
    return { ok: false, reason: 'navigated' };
  }
  const seen = new Set<number>([self.frameId]);
  let parentId = self.parentFrameId;
  while (parentId >= 0) {
    const parent = byId.get(parentId);
    // A loop or a gap in what the browser reported: refuse rather than guess.
    if (!parent || seen.has(parentId)) return { ok: false, reason: 'unknown-frame' };
    seen.add(parentId);
    if (parseWebOrigin(parent.url)?.origin !== origin.origin) {
      return { ok: false, reason: 'cross-origin-ancestor' };
    }
    parentId = parent.parentFrameId;
  }
  return { ok: true, origin: origin.origin };
}
