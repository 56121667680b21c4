import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { AutofillFrame } from '../autofill.content/controller';
import type { FrameHost } from '../autofill.content/frameHandoff';

// The autofill content script's frame code, built on its own so that pages without a text
// field never parse it: entrypoints/autofill.content/boot.ts imports this file on demand.
export default defineUnlistedScript(() => {
  (globalThis as FrameHost).tesseraAutofillFrame = AutofillFrame;
});
