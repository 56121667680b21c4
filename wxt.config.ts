import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';
import { buildKitTemplate } from './kit/build';

// A fixed public key keeps the Chromium extension id (and so its storage.sync area) stable
// across development builds and machines; the store assigns its own key on publication.
const DEV_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAx8IWfKwWssgu523R/Ox50T9j8az4hizHRLhe7gIROpDENqp6Q+/G837hZofu+23TAtxHRY+Plm6zYmVUBzThEhb85yl2ncUv0tr94oAx25Y10XKTx9nyaDmEbzank0RW7XiNrS/SnqozcFR/hyo88KQLRxxLD/h0cOKqRJvvV1eC7FbgNDmeG80hESEM+dIeu6ZnAUZ7v45m8R/QehF2mOd4ByPPvD1zojQ/KZ3Y/b/zFwLFbFJSyxX9KfmuuJewkabgLmg7+jKVsJKUS9EnIqdFW/z29wu7fQLoyzUBdfmxoFRNRJuzB+d8o261ztiOsXs+iCRqazfkej6/9+Z40wIDAQAB';
// Extension id that key yields in Chromium: hjpcmoalhgldneeilajfleoehlhmgobk

/** Which origins the clock check may ask for, one at a time (http only for development hosts). */
const CLOCK_CHECK_HOSTS = ['https://*/*', 'http://*/*'] as const;
// The emergency kit's decryptor is bundled on its own (it runs from a file on disk, without
// Tessera) and reaches the extension as data: `import kit from 'virtual:tessera-kit'`.
const KIT_MODULE = 'virtual:tessera-kit';
const kitPlugin = (mode: string) => ({
  name: 'tessera-kit',
  resolveId: (id: string) => (id === KIT_MODULE ? `\0${KIT_MODULE}` : undefined),
  load: async (id: string) =>
    id === `\0${KIT_MODULE}`
      ? `export default ${JSON.stringify(await buildKitTemplate(undefined, { mode }))};`
      : undefined,
});

// WXT sets NODE_ENV to the mode, and Vite then compiles Svelte in its development mode (extra
// checks and metadata in every component) for any mode but 'production'. The e2e build is the
// store build plus test hooks (import.meta.env.MODE stays 'e2e'): its components compile and
// run as the store's do, so the browser tests and `npm run bench` see what users get.
if (process.env.NODE_ENV === 'e2e') process.env.NODE_ENV = 'production';
/**
 * The autofill content script runs in every frame of every page, so it is emitted as its own
 * code and nothing else: `boot()` (all its `main()` does) called at the top level of the IIFE,
 * one function compiled at load instead of four. WXT's usual entry wraps it in an async
 * function with a logger, its plugins' start-up and a ContentScriptContext
 * (webextension-polyfill, an AbortController, a location watcher and an event dispatched to the
 * document), all paid on every page load and none of it used here: the script talks to the
 * browser through `chrome`, and an orphaned copy (extension updated) notices on its next
 * message. The frame code it imports (entrypoints/autofill-frame/) needs no such care: it
 * reaches the browser only through @wxt-dev/i18n, which picks the native object itself.
 */
const AUTOFILL_CONTENT_ENTRY = fileURLToPath(
  new URL('./entrypoints/autofill.content/index.ts', import.meta.url),
).replaceAll('\\', '/');
const AUTOFILL_CONTENT_BOOT = AUTOFILL_CONTENT_ENTRY.replace(/index\.ts$/, 'boot.ts');
const WXT_CONTENT_ENTRY = '\0virtual:wxt-content-script-isolated-world-entrypoint?';
const plainContentScript = () => ({
  name: 'tessera-plain-content-script',
  enforce: 'pre' as const,
  load: (id: string) =>
    id.startsWith(WXT_CONTENT_ENTRY) &&
    id.slice(WXT_CONTENT_ENTRY.length) === AUTOFILL_CONTENT_ENTRY
      ? `import { boot } from ${JSON.stringify(AUTOFILL_CONTENT_BOOT)};\nboot();`
      : undefined,
});

export default defineConfig({
  vite: (env) => ({ plugins: [kitPlugin(env.mode)] }),
  modules: ['@wxt-dev/module-svelte', '@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  hooks: {
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.some((e) => e.type === 'content-script' && e.name === 'autofill')) return;
      config.plugins = [...(config.plugins ?? []), plainContentScript()];
    },
  },
  // The sources zip AMO asks for: the project, not test output, benchmark corpora or pictures.
  zip: {
    excludeSources: [
      'test-results/**',
      'playwright-report/**',
      'bench/corpus/**',
      'bench/results.json',
      '.cache/**',
      'docs/screenshots/**',
    ],
  },
  // Auto-imports hide which file touches the browser; lib/core must stay provably pure.
  imports: false,
  manifest: ({ mode, browser, manifestVersion }) => ({
    // Every user-visible string comes from locales/<lang>.yml (WXT's i18n module writes _locales).
    default_locale: 'en',
    name: '__MSG_app_name__',
    description: '__MSG_app_description__',
    permissions: [
      'storage',
      'unlimitedStorage',
      'alarms',
      'clipboardWrite',
      'clipboardRead',
      ...(browser === 'firefox' ? [] : ['offscreen']),
      // Site icons in the list come from the browser's own favicon cache (chrome-extension://…/
      // _favicon/), never from the network. No install warning. Firefox has no such cache.
      ...(browser === 'firefox' ? [] : ['favicon']),
      // Autofill: "Fill one-time code" on editable fields' context menu.
      'contextMenus',
      // Autofill: the background reads a tab's frame tree to refuse codes to cross-origin iframes
      // (and frames below one) and to frames that navigated. Its install warning ("read your
      // browsing history") is already implied by the <all_urls> content script.
      'webNavigation',
      // Scan QR code: captureVisibleTab of the tab the user opened the popup on. No install
      // warning; access lasts until that tab navigates, and only after the user's click.
      'activeTab',
      // Scan QR code, "Select area": injects the selection overlay into that tab on request,
      // instead of a content script on every page. No install warning by itself.
      'scripting',
    ],
    // Admin policy (docs/policy.md): Chromium validates managed storage against this schema.
    // Firefox has no such key (it would only warn); it reads policies.json's "3rdparty" as is.
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed_schema.json' } }),
    commands: {
      'fill-one-time-code': {
        suggested_key: { default: 'Alt+Shift+O' },
        description: '__MSG_app_fillCommand__',
      },
    },
    // "Code not accepted?" → "Check the clock": the user allows one request to one account's
    // site, and only then is that origin's access requested (and given back after the request).
    // Nothing is granted at install, so there is no install warning.
    // "Save an updated emergency kit to Downloads": `downloads` is asked for when the user turns
    // the setting on, so nobody else gets its install warning.
    ...(manifestVersion === 2
      ? { optional_permissions: [...CLOCK_CHECK_HOSTS, 'downloads'] }
      : { optional_permissions: ['downloads'], optional_host_permissions: [...CLOCK_CHECK_HOSTS] }),
    // The e2e build may add host access (and nothing else): Playwright cannot click the
    // toolbar button, so activeTab is never granted in tests.
    ...(mode === 'e2e' ? { host_permissions: ['<all_urls>'] } : {}),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'tessera@tessera.test',
              // Firefox 140 (ESR) is the first to read data_collection_permissions, which AMO
              // requires of new extensions. Tessera collects nothing and says so.
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            // The same key on Android arrived in Firefox 142.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : { key: DEV_PUBLIC_KEY }),
    // The autofill frame code, imported by the content script on a page's first text field
    // (entrypoints/autofill.content/boot.ts). Chromium serves it only under the per-session
    // dynamic id, so a page cannot tell by a fixed URL whether Tessera is installed; Firefox's
    // extension URLs are random per profile already.
    web_accessible_resources:
      manifestVersion === 2
        ? ['autofill-frame.js']
        : [{ resources: ['autofill-frame.js'], matches: ['<all_urls>'], use_dynamic_url: true }],
    content_security_policy: {
      // Argon2id and scrypt (hash-wasm) and libsodium (Ente Auth imports) compile WebAssembly from
      // bytes they carry, which needs 'wasm-unsafe-eval'; nothing else is relaxed (no 'unsafe-eval').
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    },
  }),
});
