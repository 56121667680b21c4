import { defineConfig } from 'wxt';

// A fixed public key keeps the Chromium extension id (and so its storage.sync area) stable
// across development builds and machines; the store assigns its own key on publication.
const DEV_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAx8IWfKwWssgu523R/Ox50T9j8az4hizHRLhe7gIROpDENqp6Q+/G837hZofu+23TAtxHRY+Plm6zYmVUBzThEhb85yl2ncUv0tr94oAx25Y10XKTx9nyaDmEbzank0RW7XiNrS/SnqozcFR/hyo88KQLRxxLD/h0cOKqRJvvV1eC7FbgNDmeG80hESEM+dIeu6ZnAUZ7v45m8R/QehF2mOd4ByPPvD1zojQ/KZ3Y/b/zFwLFbFJSyxX9KfmuuJewkabgLmg7+jKVsJKUS9EnIqdFW/z29wu7fQLoyzUBdfmxoFRNRJuzB+d8o261ztiOsXs+iCRqazfkej6/9+Z40wIDAQAB';
// Extension id that key yields in Chromium: hjpcmoalhgldneeilajfleoehlhmgobk

export default defineConfig({
  modules: ['@wxt-dev/module-svelte', '@wxt-dev/webextension-polyfill'],
  // Auto-imports hide which file touches the browser; lib/core must stay provably pure.
  imports: false,
  manifest: ({ mode, browser }) => ({
    name: 'Tessera',
    description: 'Two-factor codes that fill only into the site they belong to.',
    permissions: [
      'storage',
      'unlimitedStorage',
      'alarms',
      'clipboardWrite',
      'clipboardRead',
      ...(browser === 'firefox' ? [] : ['offscreen']),
    ],
    // The e2e build may add host access (and nothing else): Playwright cannot click the
    // toolbar button, so activeTab is never granted in tests.
    ...(mode === 'e2e' ? { host_permissions: ['<all_urls>'] } : {}),
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'tessera@tessera.test', strict_min_version: '128.0' } } }
      : { key: DEV_PUBLIC_KEY }),
    content_security_policy: {
      // Argon2id runs as WebAssembly; nothing else is relaxed.
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    },
  }),
});
