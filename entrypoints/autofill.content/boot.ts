import type {
  AutofillFillReply,
  AutofillScanReply,
  AutofillTabMessage,
} from '../../lib/core/autofill/protocol';
import type { AutofillFrame } from './controller';
import { FRAME_SCRIPT, type FrameHost } from './frameHandoff';

/** A node the page added that is or holds an input: a field the detector should look at. */
function addsInput(records: MutationRecord[]): boolean {
  for (const record of records) {
    for (const node of record.addedNodes) {
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      const el = node as Element;
      if (el.tagName === 'INPUT' || el.querySelector('input') !== null) return true;
    }
  }
  return false;
}

function focusedInput(): boolean {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLInputElement;
}

/**
 * What runs on every page load in every frame: listeners only. Most pages never focus a text
 * field nor ask for a code, so the frame code (AutofillFrame) is loaded and parsed only on the
 * first sign of one: a text field focused (or already focused), inputs added to the page, or a
 * message from the background (popup scan, fill, keyboard command, context menu). From then on
 * every event goes to it, as if it had been there from the start.
 */
export function boot(): void {
  let frame: AutofillFrame | null = null;
  let waiting: { run: (f: AutofillFrame) => void; fail?: () => void }[] | null = null;
  let contextTarget: EventTarget | null = null;

  const load = (): void => {
    let url: string;
    try {
      url = chrome.runtime.getURL(FRAME_SCRIPT);
    } catch {
      // The extension was updated or reloaded: this copy of the script is orphaned.
      url = '';
    }
    const loaded = url ? import(/* @vite-ignore */ url) : Promise.reject(new Error('orphaned'));
    loaded
      .then(() => {
        const Frame = (globalThis as FrameHost).tesseraAutofillFrame;
        if (!Frame) throw new Error('The autofill frame code did not load.');
        const f = new Frame();
        f.onContextMenu(contextTarget);
        f.begin();
        frame = f;
        const runs = waiting ?? [];
        waiting = null;
        for (const w of runs) w.run(f);
      })
      .catch(() => {
        const runs = waiting ?? [];
        waiting = null;
        for (const w of runs) w.fail?.();
      });
  };

  const withFrame = (run: (f: AutofillFrame) => void, fail?: () => void): void => {
    if (frame) return run(frame);
    if (waiting) {
      waiting.push({ run, fail });
      return;
    }
    waiting = [{ run, fail }];
    load();
  };
  // The frame looks at the focused field itself (begin) once it is there.
  const nothing = () => {};

  addEventListener(
    'focusin',
    (e) => {
      if (frame) frame.onFocusIn(e);
      else if (e.composedPath()[0] instanceof HTMLInputElement) withFrame(nothing);
    },
    true,
  );
  addEventListener('focusout', () => frame?.onFocusOut(), true);
  addEventListener(
    'contextmenu',
    (e) => {
      // Read now: composedPath() is empty once the event has been dispatched.
      const target = e.composedPath()[0] ?? null;
      if (frame) frame.onContextMenu(target);
      else contextTarget = target;
    },
    true,
  );
  chrome.runtime.onMessage.addListener(
    (
      message: AutofillTabMessage,
      sender: chrome.runtime.MessageSender,
      reply: (response: AutofillScanReply | AutofillFillReply) => void,
    ) => {
      if (frame) return frame.onMessage(message, sender, reply);
      // Only our own extension can message this script; the page has no way in.
      if (sender.id !== chrome.runtime.id || message?.tessera !== 'autofill') return false;
      const answers = message.op === 'scan' || message.op === 'fill';
      withFrame(
        (f) => void f.onMessage(message, sender, reply),
        // Not loaded (orphaned, blocked): this frame has no field and filled nothing.
        () => reply(message.op === 'scan' ? { fields: 0 } : { filled: false }),
      );
      return answers;
    },
  );
  new MutationObserver((records) => {
    if (frame) frame.onMutations(records);
    else if (addsInput(records)) withFrame((f) => f.onMutations(records));
  }).observe(document, { childList: true, subtree: true });
  // A field focused before this script ran (autofocus) got its focus event already.
  if (focusedInput()) withFrame(nothing);
}
