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

/** Imports the frame code into this isolated world; rejects if this copy is orphaned. */
async function importFrame(): Promise<NonNullable<FrameHost['tesseraAutofillFrame']>> {
  // getURL throws once the extension was updated or reloaded: this copy is orphaned then.
  await import(/* @vite-ignore */ chrome.runtime.getURL(FRAME_SCRIPT));
  const Frame = (globalThis as FrameHost).tesseraAutofillFrame;
  if (!Frame) throw new Error('The autofill frame code did not load.');
  return Frame;
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
  let loading: Promise<AutofillFrame> | null = null;
  let contextTarget: EventTarget | null = null;

  // Callers chain on the one load in the order they came; a failed load (orphaned, blocked)
  // is tried again by the next event.
  const withFrame = (): Promise<AutofillFrame> =>
    (loading ??= importFrame().then(
      (Frame) => {
        const f = new Frame();
        f.onContextMenu(contextTarget);
        f.begin();
        // Until now no field could have lost the focus to anything the frame tracks.
        addEventListener('focusout', () => f.onFocusOut(), true);
        return (frame = f);
      },
      (error: unknown) => {
        loading = null;
        throw error;
      },
    ));
  const ignore = () => {};
  // The frame looks at the focused field itself (begin) once it is there.
  const load = () => void withFrame().catch(ignore);

  addEventListener(
    'focusin',
    (e) => {
      if (frame) frame.onFocusIn(e);
      else if (e.composedPath()[0] instanceof HTMLInputElement) load();
    },
    true,
  );
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
      withFrame().then(
        (f) => void f.onMessage(message, sender, reply),
        // Not loaded: this frame has no field and filled nothing.
        () => reply(message.op === 'scan' ? { fields: 0 } : { filled: false }),
      );
      return message.op === 'scan' || message.op === 'fill';
    },
  );
  new MutationObserver((records) => {
    if (frame) frame.onMutations(records);
    else if (addsInput(records)) withFrame().then((f) => f.onMutations(records), ignore);
  }).observe(document, { childList: true, subtree: true });
  // A field focused before this script ran (autofocus) got its focus event already. `:focus`
  // matches nothing on most pages, and asking the document first spares them
  // `document.activeElement`, whose first element object costs this script's world more than
  // everything else it does. A focus inside a shadow root makes its host match `:focus`.
  if (document.querySelector(':focus') !== null) {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (active instanceof HTMLInputElement) load();
  }
}
