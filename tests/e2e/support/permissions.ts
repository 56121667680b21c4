/**
 * The permissions Tessera's production manifest asks for: exactly these, each with the reason
 * (the README justifies each one to users). Adding a permission to wxt.config.ts means adding
 * it here, with its reason, in the same change; tests/e2e/manifest.spec.ts fails otherwise.
 */
export const EXPECTED_PERMISSIONS = [
  // storage.local: settings; storage.session: the unlocked key (memory only); storage.sync: backup.
  'storage',
  // The vault lives in IndexedDB; a large vault must not hit the quota or be evicted.
  'unlimitedStorage',
  // Timers that survive service-worker shutdown: auto-lock and the 30 s clipboard clear.
  'alarms',
  // Copying a code from the popup.
  'clipboardWrite',
  // Reading the clipboard back, so it is cleared only while it still holds Tessera's code.
  'clipboardRead',
  // Chromium only: its service worker has no DOM clipboard, an offscreen document does the clear.
  'offscreen',
  // Chromium only: site icons in the list from the browser's own favicon cache (_favicon/), so no
  // request goes to the site or a third party. No install warning.
  'favicon',
  // Autofill: the "Fill one-time code" item in the context menu of editable fields.
  'contextMenus',
  // Autofill: the background reads the tab's frame tree (webNavigation.getAllFrames) to refuse
  // codes to cross-origin iframes, frames below one, and frames that navigated since they asked.
  // No extra install warning: the <all_urls> content script already implies it.
  'webNavigation',
  // Scan QR code: tabs.captureVisibleTab of the tab the user clicked Tessera's button on (the
  // popup's activeTab grant; no install warning, ends when that tab navigates).
  'activeTab',
  // Scan QR code, "Select area": scripting.executeScript injects the selection overlay into that
  // tab only when the user asks, rather than a content script in every page.
  'scripting',
] as const;

export type ExpectedPermission = (typeof EXPECTED_PERMISSIONS)[number];

/**
 * Not in the Firefox build: Firefox's background is a page with a DOM of its own, and Firefox has
 * no favicon cache for extensions.
 */
export const CHROMIUM_ONLY_PERMISSIONS: readonly ExpectedPermission[] = ['offscreen', 'favicon'];

export const FIREFOX_PERMISSIONS: readonly ExpectedPermission[] = EXPECTED_PERMISSIONS.filter(
  (p) => !CHROMIUM_ONLY_PERMISSIONS.includes(p),
);

/** The only manifest difference the e2e build may have: tests cannot click the toolbar button. */
export const E2E_ONLY_MANIFEST_KEYS = { host_permissions: ['<all_urls>'] } as const;

/**
 * CSP source expressions allowed in any directive of the extension pages' policy: only the
 * extension itself, plus WebAssembly compilation for Argon2id (hash-wasm). No hosts, schemes,
 * 'unsafe-eval' or 'unsafe-inline'.
 */
export const ALLOWED_CSP_SOURCES: readonly string[] = ["'self'", "'none'", "'wasm-unsafe-eval'"];
