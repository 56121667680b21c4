// One place that knows how Tessera's Chromium is launched, shared by the Playwright fixture,
// `npm start` and `npm run bench`, so the flags cannot drift apart.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { findChrome } from '../find-chrome.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** WXT writes non-production modes next to the production build, suffixed with the mode. */
export const E2E_EXTENSION_DIR = path.join(repoRoot, '.output', 'chrome-mv3-e2e');
export const PRODUCTION_EXTENSION_DIR = path.join(repoRoot, '.output', 'chrome-mv3');

/** Fixed by the manifest `key` in wxt.config.ts (Chromium derives the id from it). */
export const EXPECTED_EXTENSION_ID = 'hjpcmoalhgldneeilajfleoehlhmgobk';

/** Test/demo pages use real-looking names (github.test, demo.tessera.test) served locally. */
export const HOST_RESOLVER_RULES = 'MAP *.test 127.0.0.1';

/**
 * @param {string | null} extensionDir absolute path of an unpacked build, or null for none
 * @returns {string[]}
 */
export function chromiumArgs(extensionDir) {
  return [
    // Containers and CI usually run as root, where Chromium refuses to start sandboxed.
    '--no-sandbox',
    ...(extensionDir
      ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`]
      : []),
    // Keep runs quiet and deterministic: no updates, sync, or network chatter from the browser.
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
    `--host-resolver-rules=${HOST_RESOLVER_RULES}`,
    '--disable-gpu',
    // Chromium 156 builds its omnibox popup from WebUI and preloads it in a renderer of its own
    // at startup, headless or not: about 1 s of CPU per launch, most of a launch's cost, for a
    // popup these browsers never show. Kept beside Playwright's own list by
    // chromium-merged-features.sh (Chromium would otherwise keep only the last list).
    '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup',
  ];
}

/** @returns {string} */
export function requireChrome() {
  const executablePath = findChrome();
  if (!executablePath) {
    throw new Error(
      'No Chromium found: run `node scripts/ensure-chromium.mjs` or set CHROME_PATH.',
    );
  }
  return executablePath;
}

/** Runs Chromium with all its feature lists joined into one (see the script). */
export const MERGED_FEATURES_LAUNCHER = path.join(
  repoRoot,
  'scripts',
  'lib',
  'chromium-merged-features.sh',
);

/**
 * What Playwright needs to start Chromium with {@link chromiumArgs}: the launcher that joins
 * their feature list with Playwright's, and an environment naming the real browser. Playwright's
 * `env` replaces the browser's whole environment, so `env` is the base to add to.
 * @param {Record<string, string | undefined>} [env]
 * @returns {{ executablePath: string, env: Record<string, string> }}
 */
export function chromiumLaunch(env = process.env) {
  /** @type {Record<string, string>} */
  const full = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) full[k] = v;
  return {
    executablePath: MERGED_FEATURES_LAUNCHER,
    env: { ...full, TESSERA_CHROMIUM: requireChrome() },
  };
}

/** @param {string} [prefix] */
export function makeProfileDir(prefix = 'tessera-profile-') {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/**
 * Chromium >= 137 disables (rather than reloads) a command-line-loaded unpacked extension on
 * chrome.runtime.reload() unless developer mode is on, so fresh profiles start with it on.
 * @param {string} profileDir
 */
function enableDeveloperMode(profileDir) {
  const prefsFile = path.join(profileDir, 'Default', 'Preferences');
  if (existsSync(prefsFile)) return;
  mkdirSync(path.dirname(prefsFile), { recursive: true });
  writeFileSync(prefsFile, JSON.stringify({ extensions: { ui: { developer_mode: true } } }));
}

/**
 * Launches Chromium with one unpacked extension in a persistent profile (extensions cannot be
 * loaded into Playwright's incognito-like default contexts).
 *
 * `locale` (a language tag such as 'it' or 'pt-BR') starts the browser in that UI language, so
 * that chrome.i18n.getUILanguage() and the extension's _locales follow it. Without it the
 * browser keeps whatever the environment gives it (English on CI).
 * @param {{ extensionDir: string | null, profileDir: string, headless?: boolean,
 *   extraArgs?: string[], viewport?: { width: number, height: number } | null,
 *   locale?: string }} options
 */
export async function launchChromium({
  extensionDir,
  profileDir,
  headless = true,
  extraArgs = [],
  viewport,
  locale,
}) {
  enableDeveloperMode(profileDir);
  // Chromium >= 132 only has the "new" headless mode, which runs extensions (the old one,
  // now chrome-headless-shell, never did); Playwright passes plain --headless.
  return chromium.launchPersistentContext(profileDir, {
    ...chromiumLaunch(locale ? localeEnv(locale) : process.env),
    headless,
    args: [...chromiumArgs(extensionDir), ...(locale ? localeArgs(locale) : []), ...extraArgs],
    ...(viewport !== undefined ? { viewport } : {}),
  });
}

/**
 * On Linux Chromium takes its UI language from LANGUAGE / LC_ALL / LANG, not from --lang
 * (which only reaches the extension message loader), and accepts it only if that language's
 * locales/<lang>.pak is installed (Debian: the chromium-l10n package); otherwise it falls back
 * to en-US and chrome.i18n.getUILanguage() says so.
 * @param {string} locale
 * @returns {string[]}
 */
export function localeArgs(locale) {
  return [`--lang=${locale}`];
}

/**
 * @param {string} locale
 * @returns {Record<string, string>}
 */
export function localeEnv(locale) {
  // POSIX spells regions with an underscore (pt_BR); a bare 'sv' is a valid language name too.
  const posix = locale.replace('-', '_');
  /** @type {Record<string, string>} */
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  // Playwright's env replaces the browser's whole environment, so the rest is passed through.
  return { ...env, LANGUAGE: posix, LANG: `${posix}.UTF-8`, LC_ALL: `${posix}.UTF-8` };
}

/**
 * The extension's service worker, waiting for it to register if needed.
 * @param {import('@playwright/test').BrowserContext} context
 */
export async function waitForServiceWorker(context, timeout = 15_000) {
  const existing = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  if (existing) return existing;
  return context.waitForEvent('serviceworker', {
    predicate: (w) => w.url().startsWith('chrome-extension://'),
    timeout,
  });
}

/** @param {import('@playwright/test').Worker} worker */
export function extensionIdOf(worker) {
  return new URL(worker.url()).host;
}

/**
 * Stops the extension's service worker the way Chromium does when it goes idle, and returns
 * once DevTools reports it stopped (Playwright's Worker does not say so). The next event (a
 * message from a page, an alarm) starts a fresh instance with empty memory;
 * chrome.storage.session survives.
 * @param {import('@playwright/test').BrowserContext} context
 * @param {string} extensionId
 */
export async function stopExtensionWorker(context, extensionId) {
  const origin = `chrome-extension://${extensionId}/`;
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    /** @type {Map<string, { scriptURL: string, runningStatus: string }>} */
    const status = new Map();
    let stopRequested = false;
    let onChange = () => {};
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const v of versions) status.set(v.versionId, v);
      onChange();
    });
    await cdp.send('ServiceWorker.enable');
    const allStopped = new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `Service worker of ${origin} did not stop: ${JSON.stringify([...status.values()])}`,
            ),
          ),
        10_000,
      );
      onChange = () => {
        const ours = [...status.values()].filter((v) => v.scriptURL.startsWith(origin));
        if (stopRequested && ours.length > 0 && ours.every((v) => v.runningStatus === 'stopped')) {
          clearTimeout(timer);
          resolve(undefined);
        }
      };
    });
    stopRequested = true;
    await cdp.send('ServiceWorker.stopAllWorkers');
    onChange();
    await allStopped;
    await cdp.detach();
  } finally {
    await page.close();
  }
}
