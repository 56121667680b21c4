/**
 * Launches Debian's Firefox ESR with the e2e build of Tessera, driven by puppeteer-core over
 * WebDriver BiDi (Playwright cannot create a context in stock Firefox, and there is no
 * geckodriver without a download). The measured recipe:
 *   - `--remote-allow-system-access`, or BiDi refuses to navigate to moz-extension:// pages;
 *   - a fixed moz-extension UUID through `extensions.webextensions.uuids` (Firefox picks a
 *     random one per install otherwise, and IndexedDB lives under that origin);
 *   - `browser.installExtension(dir)` installs a temporary (unsigned) add-on;
 *   - `page.goto('moz-extension://…')` never resolves: start it, then wait on the document;
 *   - `network.dns.localDomains` maps the test host names to 127.0.0.1.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { findFirefox } from '../../../scripts/find-firefox.mjs';
import { repoRoot } from '../../../scripts/lib/launch-extension.mjs';

export const FIREFOX_E2E_DIR = path.join(repoRoot, '.output', 'firefox-mv2-e2e');
/** browser_specific_settings.gecko.id in wxt.config.ts. */
export const ADDON_ID = 'tessera@tessera.test';
/** The moz-extension host of the first install in every test profile. */
export const DEFAULT_UUID = '7e55e7a0-0000-4000-8000-000000000001';

/** Every host name the fixture pages use (Firefox has no wildcard form of this pref). */
export const TEST_HOSTS = [
  'github.test',
  'www.github.test',
  'evilgithub.test',
  'github.com.evil.test',
  'github.test.evil.test',
  'demo.tessera.test',
  'login.example.test',
  'frames.example.test',
  'acme.test',
];

export interface LaunchOptions {
  profileDir: string;
  /** moz-extension host for this install; a new one plays a reinstall. */
  uuid?: string;
  /** Firefox UI language (intl.locale.requested), e.g. 'de'. English by default. */
  locale?: string;
  extensionDir?: string;
  /** More about:config prefs for this profile (they win over the defaults here). */
  prefs?: Record<string, string | number | boolean>;
}

export interface FirefoxSession {
  browser: Browser;
  profileDir: string;
  uuid: string;
  /** Where downloads land without asking (exports). */
  downloadsDir: string;
  /** `moz-extension://<uuid>` */
  origin: string;
  /** Opens an extension page (e.g. 'popup.html?tab=3') in a new tab, once it has loaded. */
  extensionPage: (pathAndQuery: string) => Promise<Page>;
  openPopup: (opts?: { tabId?: number }) => Promise<Page>;
  openOptions: () => Promise<Page>;
  /**
   * A tab the extension opened itself (e.g. runtime.openOptionsPage), found by its address:
   * puppeteer's page.url() stays about:blank for moz-extension pages over BiDi.
   */
  waitForExtensionTab: (pathAndQuery: string, timeout?: number) => Promise<Page>;
  /** Opens a web page in a new tab and waits for its load event. */
  openPage: (url: string) => Promise<Page>;
  /** The browser's tab id of a page (the first tab at its address: give pages distinct ones). */
  tabIdOf: (page: Page) => Promise<number>;
  close: () => Promise<void>;
}

export function makeFirefoxProfileDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'tessera-ff-'));
}

export async function removeProfileDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Waits until a page started with `goto` (which may never resolve on moz-extension) is ready.
 * Polls from here rather than with waitForFunction: while the first about:blank document is
 * replaced, Firefox's BiDi can fail an evaluation outright ("right-hand side of 'in' should be
 * an object"), which waitForFunction reports as a failure instead of trying again.
 */
export async function waitForDocument(page: Page, url: string, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let last = '';
  for (;;) {
    try {
      const state = await page.evaluate(() => `${location.href} ${document.readyState}`);
      if (state === `${url} complete`) return;
      last = state;
    } catch (e) {
      last = String(e);
    }
    if (Date.now() > deadline) throw new Error(`${url} did not load within ${timeout} ms: ${last}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function requireFirefox(): string {
  const executablePath = findFirefox();
  if (!executablePath)
    throw new Error('No Firefox found: run `node scripts/ensure-firefox.mjs` or set FIREFOX_PATH.');
  return executablePath;
}

let template: Promise<string> | null = null;

/**
 * A profile this Firefox has already started and closed, without Tessera, made once per test
 * worker. Firefox's first start in an empty profile compiles its own front end into the
 * profile's startup cache and creates its databases: about 3 s of CPU, half of a launch.
 * A new test profile starts as a copy of this one, as a profile someone has used before would.
 */
function profileTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tessera-ff-template-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: requireFirefox(),
      headless: true,
      userDataDir: dir,
      protocolTimeout: 60_000,
    });
    await browser.close();
    return dir;
  })();
  // A failed start is reported by the test that asked; the next test tries again.
  template.catch(() => (template = null));
  return template;
}

/** Fills an empty profile folder from the template; a used one (a restart) is left alone. */
async function startFromTemplate(profileDir: string): Promise<void> {
  mkdirSync(profileDir, { recursive: true });
  if (readdirSync(profileDir).length > 0) return;
  cpSync(await profileTemplate(), profileDir, { recursive: true });
}

export async function launchFirefox(opts: LaunchOptions): Promise<FirefoxSession> {
  const extensionDir = opts.extensionDir ?? FIREFOX_E2E_DIR;
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(
      `No Firefox build at ${extensionDir}: run \`npx wxt build -b firefox --mode e2e\` first.`,
    );
  }
  const executablePath = requireFirefox();
  await startFromTemplate(opts.profileDir);
  const uuid = opts.uuid ?? DEFAULT_UUID;
  const downloadsDir = path.join(opts.profileDir, 'test-downloads');
  mkdirSync(downloadsDir, { recursive: true });
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    userDataDir: opts.profileDir,
    protocolTimeout: 60_000,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: uuid }),
      // A temporary add-on is uninstalled when the browser closes; an installed one keeps its
      // data across restarts, and this pref keeps that true for the test's restarts.
      'extensions.webextensions.keepStorageOnUninstall': true,
      'network.dns.localDomains': TEST_HOSTS.join(','),
      'intl.locale.requested': opts.locale ?? 'en-US',
      // Clipboard reads from extension pages without a paste prompt (clipboardRead granted).
      'dom.events.testing.asyncClipboard': true,
      // The add-on's JSON files open as plain text (an inert extension page for the tests),
      // not in the JSON viewer, which swaps the document under the driver.
      'devtools.jsonview.enabled': false,
      // Exports save straight into the test's folder, as with "Always save to" in settings.
      'browser.download.folderList': 2,
      'browser.download.dir': downloadsDir,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      ...opts.prefs,
    },
  });
  try {
    await browser.installExtension(extensionDir);
  } catch (e) {
    await browser.close();
    throw e;
  }
  const origin = `moz-extension://${uuid}`;

  const extensionPage = async (pathAndQuery: string): Promise<Page> => {
    const page = await browser.newPage();
    const url = `${origin}/${pathAndQuery}`;
    page.goto(url).catch(() => {
      // Over BiDi this navigation never reports completion; waitForDocument decides.
    });
    await waitForDocument(page, url);
    return page;
  };

  return {
    browser,
    profileDir: opts.profileDir,
    downloadsDir,
    uuid,
    origin,
    extensionPage,
    openPopup: (o = {}) =>
      extensionPage(o.tabId === undefined ? 'popup.html' : `popup.html?tab=${o.tabId}`),
    openOptions: () => extensionPage('options.html'),
    waitForExtensionTab: async (pathAndQuery, timeout = 15_000) => {
      const url = `${origin}/${pathAndQuery}`;
      const deadline = Date.now() + timeout;
      for (;;) {
        for (const page of await browser.pages()) {
          const href = await page.evaluate(() => location.href).catch(() => '');
          if (href === url) {
            await waitForDocument(page, url);
            return page;
          }
        }
        if (Date.now() > deadline) throw new Error(`No tab showed ${url} within ${timeout} ms`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    openPage: async (url) => {
      const page = await browser.newPage();
      await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
      return page;
    },
    tabIdOf: async (page) => {
      const url = page.url();
      const helper = await extensionPage('manifest.json');
      try {
        const id = await helper.evaluate(
          async (u: string) =>
            (await (globalThis as unknown as BrowserGlobal).browser.tabs.query({})).find(
              (t) => t.url === u,
            )?.id,
          url,
        );
        if (id === undefined) throw new Error(`No tab for ${url}`);
        return id;
      } finally {
        await helper.close();
      }
    },
    close: () => browser.close(),
  };
}

/**
 * Firefox without Tessera and without a network: every connection goes to a proxy that does not
 * exist, as for someone opening the emergency kit on a machine that never saw the extension.
 */
export async function launchPlainFirefox(profileDir: string): Promise<Browser> {
  const executablePath = requireFirefox();
  await startFromTemplate(profileDir);
  return puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    userDataDir: profileDir,
    protocolTimeout: 60_000,
    extraPrefsFirefox: {
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': 9,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': 9,
      'network.proxy.socks': '127.0.0.1',
      'network.proxy.socks_port': 9,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
    },
  });
}

/** The slice of the WebExtension API the tests call from extension pages. */
export interface BrowserGlobal {
  browser: {
    tabs: { query: (q: object) => Promise<{ id?: number; url?: string }[]> };
    storage: {
      local: StorageAreaLike;
      sync: StorageAreaLike;
    };
    runtime: { sendMessage: (m: unknown) => Promise<unknown> };
  };
}

interface StorageAreaLike {
  get: (keys: null | string | string[]) => Promise<Record<string, unknown>>;
  set: (items: Record<string, unknown>) => Promise<void>;
  remove: (keys: string | string[]) => Promise<void>;
  clear: () => Promise<void>;
}
