import { defineContentScript } from 'wxt/utils/define-content-script';
import { boot } from './boot';

export default defineContentScript({
  // Any page may be a sign-in page. The script itself learns nothing and receives no code
  // unless the background, checking the browser-set sender, finds the frame's site bound.
  matches: ['<all_urls>'],
  // Code fields often live in same-origin iframes; each frame runs its own copy and detects
  // only itself (the background refuses cross-origin frames).
  allFrames: true,
  // Sign-in forms built inside about:blank or srcdoc iframes. Their origin is inherited, and
  // the background takes it from the browser-set sender.origin, never from the URL; a
  // cross-origin or sandboxed ancestor still gets nothing (lib/core/autofill/frames.ts).
  // match_about_blank suffices with <all_urls>: match_origin_as_fallback would add only
  // data:, blob: and filesystem: frames, which have no place in a sign-in.
  matchAboutBlank: true,
  // After the page's own scripts and load: nothing on the page's critical path.
  runAt: 'document_idle',
  // WXT would otherwise postMessage to every page that an extension script started.
  noScriptStartedPostMessage: true,
  // The build emits boot() alone in place of WXT's entry (plainContentScript in wxt.config.ts),
  // so main must do nothing else.
  main() {
    boot();
  },
});
