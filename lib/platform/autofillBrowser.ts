/**
 * What `wxt/browser` resolves to in the autofill content script bundle only (see the
 * `vite:build:extendConfig` hook in wxt.config.ts). That script runs in every frame of every
 * page, and setting up webextension-polyfill there costs milliseconds per page load; it uses
 * `browser` only through WXT's own wrapper (`browser.runtime.id`), which the native object
 * answers in every browser: Firefox has `browser`, Chromium `chrome`.
 */
const native = (globalThis as { browser?: typeof chrome }).browser ?? globalThis.chrome;

export const browser = native;
export default native;
