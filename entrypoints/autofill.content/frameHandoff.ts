import type { AutofillFrame } from './controller';

/**
 * The frame code (detector, inline button, fills) is its own file, loaded by boot.ts into the
 * content script's isolated world on the first sign of a text field. It is listed in
 * web_accessible_resources with use_dynamic_url, so pages cannot probe for it by a fixed URL.
 */
export const FRAME_SCRIPT = '/autofill-frame.js';

/** How the loaded file hands its class over: a global of the isolated world, unseen by the page. */
export interface FrameHost {
  tesseraAutofillFrame?: typeof AutofillFrame;
}
