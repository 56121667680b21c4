/**
 * "The page the popup showed". A popup action on a tab (Fill, Remember and fill) carries the
 * frame, origin and document the popup displayed; the background acts only if the frame it is
 * about to fill is still exactly that one. Without this, a page that opened the sign-in window
 * (window.open keeps a handle on it) could navigate it to its own page between the popup
 * showing "bank.example" and the user's click, and receive the code and the binding.
 */
export interface FramePin {
  frameId: number;
  /** The browser-set origin of the document the popup showed. */
  origin: string;
  /** Which document that was: see {@link documentToken}. */
  document: string;
}

const MAX_TOKEN = 200;

/** A pin from the popup's request: shape-checked, never trusted beyond being compared. */
export function parseFramePin(value: unknown): FramePin | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const { frameId, origin, document } = v;
  if (typeof frameId !== 'number' || !Number.isSafeInteger(frameId) || frameId < 0) return null;
  if (typeof origin !== 'string' || origin.length === 0 || origin.length > MAX_TOKEN) return null;
  if (typeof document !== 'string' || document.length === 0 || document.length > MAX_TOKEN) {
    return null;
  }
  return { frameId, origin, document };
}

/** Exactly the frame, origin and document the popup showed; anything else has changed. */
export function isSamePage(shown: FramePin, now: FramePin | null): boolean {
  return (
    now !== null &&
    shown.frameId === now.frameId &&
    shown.origin === now.origin &&
    shown.document === now.document
  );
}

/**
 * Names one document of a frame. Chromium gives every document an id (`documentId`) that a
 * navigation always changes. Firefox has none: there the token is the number of navigations
 * the frame has committed (webNavigation.onCommitted, see {@link NavigationLog}) since this
 * background started, prefixed by a random value of this background instance, so a count that
 * restarted from zero after a restart can never equal an older one.
 */
export function documentToken(
  frame: { frameId: number; documentId?: string },
  tabId: number,
  log: NavigationLog,
): string {
  return frame.documentId ? `doc:${frame.documentId}` : log.token(tabId, frame.frameId);
}

/** Committed navigations per frame, in the background's memory (the Firefox fallback). */
export class NavigationLog {
  readonly #epoch: string;
  readonly #counts = new Map<number, Map<number, number>>();

  /** `epoch`: a random value, new for every background instance. */
  constructor(epoch: string) {
    this.#epoch = epoch;
  }

  committed(tabId: number, frameId: number): void {
    let frames = this.#counts.get(tabId);
    if (!frames) this.#counts.set(tabId, (frames = new Map()));
    frames.set(frameId, (frames.get(frameId) ?? 0) + 1);
  }

  forgetTab(tabId: number): void {
    // A closed tab's id is never reused for another tab within this browser session, so its
    // counts can go; a pin naming it will find no frame anyway.
    this.#counts.delete(tabId);
  }

  token(tabId: number, frameId: number): string {
    return `nav:${this.#epoch}:${this.#counts.get(tabId)?.get(frameId) ?? 0}`;
  }
}
