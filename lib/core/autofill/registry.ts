import type { FrameTarget } from './frames';

/** A document that reported code fields, keyed by the browser-set sender fields. */
export interface FieldFrame extends FrameTarget {
  fields: number;
  /** When one of its code fields last had focus (0: never); the popup fills there first. */
  focusedAt: number;
}

/** A page cannot make us hold more than this per tab, whatever its iframes report. */
const MAX_FRAMES_PER_TAB = 64;

/**
 * Which frames of which tabs have a code field, so the popup can offer "Fill" without waiting.
 * Memory only: after a service-worker restart the popup's request rescans the tab. Nothing here
 * is trusted for a fill: the frame tree is checked again right before a code is sent.
 */
export class FieldRegistry {
  readonly #tabs = new Map<number, Map<number, FieldFrame>>();

  report(frame: FieldFrame): void {
    let frames = this.#tabs.get(frame.tabId);
    if (frame.fields <= 0) {
      frames?.delete(frame.frameId);
      if (frames?.size === 0) this.#tabs.delete(frame.tabId);
      return;
    }
    if (!frames) this.#tabs.set(frame.tabId, (frames = new Map()));
    if (!frames.has(frame.frameId) && frames.size >= MAX_FRAMES_PER_TAB) return;
    const before = frames.get(frame.frameId);
    const sameDocument = before && before.documentId === frame.documentId;
    frames.set(frame.frameId, {
      ...frame,
      focusedAt: Math.max(frame.focusedAt, sameDocument ? before.focusedAt : 0),
    });
  }

  frames(tabId: number): FieldFrame[] {
    return [...(this.#tabs.get(tabId)?.values() ?? [])];
  }

  forgetTab(tabId: number): void {
    this.#tabs.delete(tabId);
  }

  forgetFrame(tabId: number, frameId: number): void {
    const frames = this.#tabs.get(tabId);
    frames?.delete(frameId);
    if (frames?.size === 0) this.#tabs.delete(tabId);
  }
}
