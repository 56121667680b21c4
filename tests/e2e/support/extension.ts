/**
 * Playwright fixture that runs every test in a fresh Chromium profile with the e2e build of
 * Tessera loaded, plus helpers for the things a user cannot click: stopping the service worker,
 * reloading the extension, and dumping everything the extension keeps at rest.
 */
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test as base, type BrowserContext, type Page, type Worker } from '@playwright/test';
import {
  E2E_EXTENSION_DIR,
  extensionIdOf,
  stopExtensionWorker,
  launchChromium,
  makeProfileDir,
  waitForServiceWorker,
} from '../../../scripts/lib/launch-extension.mjs';

export { expect } from '@playwright/test';
export {
  chromiumArgs,
  E2E_EXTENSION_DIR,
  EXPECTED_EXTENSION_ID,
  repoRoot,
} from '../../../scripts/lib/launch-extension.mjs';

export interface OpenPopupOptions {
  /** Makes the popup act on this tab, as the pop-out window does (`popup.html?tab=<id>`). */
  tabId?: number;
}

export interface ExtensionFixtures {
  /** Unpacked build to load; a test file may `test.use({ extensionDir })` another one. */
  extensionDir: string;
  /** Chromium user-data dir of this test, deleted afterwards. */
  profileDir: string;
  context: BrowserContext;
  /**
   * The extension's service worker. Playwright keeps this handle across a worker stop and
   * restart (it re-attaches to the new instance), but `evaluate` on a stopped worker waits
   * until something wakes it.
   */
  serviceWorker: Worker;
  extensionId: string;
  openPopup: (opts?: OpenPopupOptions) => Promise<Page>;
  /** {@link dumpStorage} bound to this test's context and extension. */
  dumpStorage: () => Promise<string>;
  /** {@link stopServiceWorker} bound to this test's context and extension. */
  stopServiceWorker: () => Promise<void>;
  /** {@link reloadExtension} bound to this test's context and extension. */
  reloadExtension: () => Promise<Worker>;
}

export const test = base.extend<ExtensionFixtures>({
  extensionDir: [E2E_EXTENSION_DIR, { option: true }],
  // Playwright's own `locale` option only emulates the language inside pages (navigator.language
  // and, in extension pages, chrome.i18n.getUILanguage()); the extension's _locales text comes
  // from the browser process. Redefined so that `test.use({ locale: 'it' })` also starts the
  // browser in that UI language; Playwright still applies it to pages too. English by default,
  // as before, whatever the machine's own language. Still an option: Playwright carries that
  // over when an existing fixture is redefined.
  // eslint-disable-next-line no-empty-pattern
  locale: async ({}, use) => use('en-US'),

  // Playwright reads fixture dependencies from the destructuring pattern, so it must exist.
  // eslint-disable-next-line no-empty-pattern
  profileDir: async ({}, use) => {
    const dir = makeProfileDir('tessera-e2e-');
    await use(dir);
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  },

  context: async ({ extensionDir, profileDir, locale }, use, testInfo) => {
    if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
      throw new Error(`No extension build at ${extensionDir}: run \`npm run build:e2e\` first.`);
    }
    const context = await launchChromium({ extensionDir, profileDir, locale });
    const consoleLog = keepConsole(context);
    await use(context);
    // A failure that is hard to reproduce (a request never answered on a busy CI machine) is
    // reported with what the service worker and the pages said: in the run's output, which is
    // all CI keeps (reporters shorten an attachment's text), and as a file beside the trace.
    if (testInfo.status !== testInfo.expectedStatus) {
      const text = consoleLog.text() || '(nothing was logged)';
      process.stderr.write(
        `--- browser console: ${testInfo.titlePath.join(' › ')} ---\n${text}\n---\n`,
      );
      const file = testInfo.outputPath('browser-console.txt');
      await writeFile(file, text + '\n');
      await testInfo.attach('browser console', { path: file, contentType: 'text/plain' });
    }
    await context.close();
  },

  serviceWorker: async ({ context }, use) => {
    await use(await waitForServiceWorker(context));
  },

  extensionId: async ({ serviceWorker }, use) => {
    await use(extensionIdOf(serviceWorker));
  },

  openPopup: async ({ context, extensionId }, use) => {
    await use(async (opts = {}) => {
      const page = await context.newPage();
      const query = opts.tabId === undefined ? '' : `?tab=${opts.tabId}`;
      await page.goto(`chrome-extension://${extensionId}/popup.html${query}`);
      return page;
    });
  },

  dumpStorage: async ({ context, extensionId }, use) => {
    await use(() => dumpStorage(context, extensionId));
  },

  stopServiceWorker: async ({ context, extensionId }, use) => {
    await use(() => stopServiceWorker(context, extensionId));
  },

  reloadExtension: async ({ context, extensionId }, use) => {
    await use(() => reloadExtension(context, extensionId));
  },
});

const CONSOLE_LINES_KEPT = 300;

/**
 * The last console lines of every page and worker of the context (the extension's service
 * worker included), and the errors nobody caught, with where each came from.
 */
function keepConsole(context: BrowserContext): { text: () => string } {
  const lines: string[] = [];
  const keep = (line: string) => {
    lines.push(`${new Date().toISOString()} ${line}`);
    if (lines.length > CONSOLE_LINES_KEPT) lines.shift();
  };
  context.on('console', (message) => {
    const from = message.worker()?.url() ?? message.page()?.url() ?? '?';
    keep(`[${from}] ${message.type()}: ${message.text()}`);
  });
  context.on('weberror', (error) => {
    keep(`[${error.page()?.url() ?? '?'}] uncaught: ${error.error().message}`);
  });
  return { text: () => lines.join('\n') };
}

/** The id of the (single) extension loaded in this context. */
export async function extensionIdIn(context: BrowserContext): Promise<string> {
  return extensionIdOf(await waitForServiceWorker(context));
}

/**
 * A page on the extension's origin that runs none of the extension's own code: Chromium's
 * viewer for manifest.json. Reading storage from here cannot change what we are reading.
 */
async function openInertExtensionPage(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/manifest.json`);
  return page;
}

/**
 * Everything Tessera keeps at rest, as one string for `expect(dump).not.toContain(secret)`:
 * every IndexedDB database and store of the extension origin, chrome.storage.local,
 * chrome.storage.sync and the origin's localStorage. chrome.storage.session is deliberately
 * left out: it is memory-only and is where the unlocked key is allowed to live.
 *
 * Binary values appear as base64, as latin1 text and as UTF-8 text, so that plaintext hidden
 * in bytes is still caught by a substring search. Strings that look like base64 are also shown
 * decoded (in the `decodedBase64` section) for the same reason.
 */
export async function dumpStorage(context: BrowserContext, extensionId?: string): Promise<string> {
  const id = extensionId ?? (await extensionIdIn(context));
  const page = await openInertExtensionPage(context, id);
  try {
    return await page.evaluate(async () => {
      const toBase64 = (bytes: Uint8Array): string => {
        let binary = '';
        for (const b of bytes) binary += String.fromCharCode(b);
        return btoa(binary);
      };
      const latin1 = (bytes: Uint8Array): string => String.fromCharCode(...bytes);
      const utf8 = (bytes: Uint8Array): string =>
        new TextDecoder('utf-8', { fatal: false }).decode(bytes);
      const describeBytes = (bytes: Uint8Array) => ({
        $bytes: {
          length: bytes.length,
          base64: toBase64(bytes),
          latin1: latin1(bytes),
          utf8: utf8(bytes),
        },
      });

      const decodedBase64: Record<string, string> = {};
      const noteString = (s: string) => {
        // Long enough that a random word is not mistaken for base64; secrets are >= 16 chars.
        if (s.length < 12 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(s)) return;
        try {
          const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
          decodedBase64[s] = bin;
        } catch {
          // Not base64 after all; the raw string is already in the dump.
        }
      };

      const seen = new WeakSet<object>();
      const plain = (value: unknown): unknown => {
        if (typeof value === 'string') {
          noteString(value);
          return value;
        }
        if (value === null || typeof value !== 'object') {
          return typeof value === 'bigint' ? `${value}n` : value;
        }
        if (value instanceof ArrayBuffer) return describeBytes(new Uint8Array(value));
        if (ArrayBuffer.isView(value)) {
          return describeBytes(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
        }
        if (value instanceof Date) return { $date: value.toISOString() };
        if (value instanceof CryptoKey) {
          // Structured-cloned keys are stored by the browser; tests may want to see them.
          return {
            $cryptoKey: {
              type: value.type,
              extractable: value.extractable,
              algorithm: value.algorithm,
              usages: value.usages,
            },
          };
        }
        if (value instanceof Blob) return { $blob: { size: value.size, type: value.type } };
        if (seen.has(value)) return '[circular]';
        seen.add(value);
        if (value instanceof Map) return { $map: [...value].map(([k, v]) => [plain(k), plain(v)]) };
        if (value instanceof Set) return { $set: [...value].map(plain) };
        if (Array.isArray(value)) return value.map(plain);
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
          noteString(k);
          out[k] = plain(v);
        }
        return out;
      };

      const request = <T>(req: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });

      const indexedDb: Record<string, unknown> = {};
      for (const info of await indexedDB.databases()) {
        if (!info.name) continue;
        const openReq = indexedDB.open(info.name);
        const db = await request(openReq);
        try {
          const stores: Record<string, unknown> = {};
          for (const storeName of Array.from(db.objectStoreNames)) {
            const store = db.transaction(storeName, 'readonly').objectStore(storeName);
            const [keys, values] = await Promise.all([
              request(store.getAllKeys()),
              request(store.getAll()),
            ]);
            stores[storeName] = keys.map((key, i) => ({
              key: plain(key),
              value: plain(values[i]),
            }));
          }
          indexedDb[info.name] = { version: db.version, stores };
        } finally {
          db.close();
        }
      }

      const localStorageDump: Record<string, unknown> = {};
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i);
        if (key !== null) localStorageDump[key] = plain(localStorage.getItem(key));
      }

      const dump = {
        indexedDB: indexedDb,
        storageLocal: plain(await chrome.storage.local.get(null)),
        storageSync: plain(await chrome.storage.sync.get(null)),
        localStorage: localStorageDump,
        decodedBase64,
      };
      return JSON.stringify(dump, null, 2);
    });
  } finally {
    await page.close();
  }
}

/** Stops the extension's service worker as Chromium does when it goes idle (see stopExtensionWorker). */
export async function stopServiceWorker(
  context: BrowserContext,
  extensionId?: string,
): Promise<void> {
  await stopExtensionWorker(context, extensionId ?? (await extensionIdIn(context)));
}

/**
 * chrome.runtime.reload(), as an update or a developer reload does: memory and
 * chrome.storage.session are cleared, IndexedDB and storage.local/sync stay. Open extension
 * pages are closed by the browser. Resolves with the new service worker.
 *
 * Needs developer mode in the profile (launchChromium sets it): Chromium >= 137 otherwise
 * disables a command-line-loaded extension instead of reloading it.
 */
export async function reloadExtension(
  context: BrowserContext,
  extensionId?: string,
): Promise<Worker> {
  const id = extensionId ?? (await extensionIdIn(context));
  const old = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${id}/`));
  const oldClosed = old ? new Promise<void>((resolve) => old.once('close', () => resolve())) : null;
  const next = context.waitForEvent('serviceworker', {
    predicate: (w) => w.url().startsWith(`chrome-extension://${id}/`) && w !== old,
    timeout: 15_000,
  });
  const page = await openInertExtensionPage(context, id);
  // Deferred so that evaluate returns before the browser tears the page down.
  await page.evaluate(() => {
    setTimeout(() => chrome.runtime.reload(), 0);
  });
  await oldClosed;
  const worker = await next;
  if (!page.isClosed()) await page.close();
  return worker;
}
