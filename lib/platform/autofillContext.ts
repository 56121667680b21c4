/**
 * What `wxt/utils/content-script-context` resolves to in the autofill content script bundle
 * only (see the `vite:build:extendConfig` hook in wxt.config.ts). WXT hands every content
 * script's main() a context whose constructor, on every page load of every frame, creates an
 * AbortController and a location watcher and dispatches an event to the document. The autofill
 * script uses none of it: an orphaned copy (extension updated) notices on its next message.
 */
export class ContentScriptContext {}
