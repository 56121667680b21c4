import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { pickArea } from './pickArea';

/**
 * "Select area": injected into the scanned tab's top frame by the background with
 * scripting.executeScript, only when the user asks, never registered as a content script. The
 * value of main() is what executeScript returns: the rectangle the user dragged, or null.
 */
export default defineUnlistedScript(() => pickArea());
