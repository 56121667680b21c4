// `npm run screenshots`: pictures of the popup for the README and the stores, in
// docs/screenshots/. Builds nothing: run `npm run build:e2e` first (the e2e build may fill the
// demo page without a toolbar click, which a headless browser cannot make).
//
// Each picture gets a fresh profile started in its language, a vault holding a few demo
// accounts (random secrets made here, plus the demo site's published one), and its theme.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startDemoServer } from '../demo/server.mjs';
import { DEMO_ACCOUNT, demoUri } from '../demo/account.mjs';
import {
  E2E_EXTENSION_DIR,
  extensionIdOf,
  launchChromium,
  makeProfileDir,
  repoRoot,
  waitForServiceWorker,
} from './lib/launch-extension.mjs';

const OUT_DIR = path.join(repoRoot, 'docs', 'screenshots');
// Chromium's popup: 360 px wide (theme.css) and as tall as its content, up to 600 px.
const POPUP = { width: 360, height: 600 };
const STORE = { width: 1280, height: 800 };
// Never used to sign in anywhere: the list only needs something to show.
const PASSPHRASE = 'screenshot passphrase, not a real one';

/** @typedef {'light' | 'dark'} Theme */
/** @type {{ locale: string, theme: Theme }[]} */
const SHOTS = [
  { locale: 'en', theme: 'light' },
  { locale: 'it', theme: 'dark' },
];

// Few enough that the whole list fits in the popup without scrolling.
// The third column picks a tag from DEMO_TAGS, so the pictures show tag chips and brand icons.
const DEMO_ACCOUNTS = [
  ['GitHub', 'alice@example.com', 0],
  ['Google', 'alice.martin@example.com', 1],
  ['Proton', 'alice@example.org', 1],
];
/** @type {Record<string, string[]>} */
const DEMO_TAGS = { en: ['Work', 'Personal'], it: ['Lavoro', 'Personale'] };

/** A fresh 160-bit Base32 secret, so no screenshot shows a secret that opens anything. */
function randomSecret() {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return [...randomBytes(32)].map((b) => alphabet[b % 32]).join('');
}

/** @param {string} issuer @param {string} label @param {string} secret */
function uriFor(issuer, label, secret) {
  const name = encodeURIComponent(`${issuer}:${label}`);
  return `otpauth://totp/${name}?secret=${secret}&issuer=${encodeURIComponent(issuer)}`;
}

/**
 * Calls a background route from an extension page, in @webext-core/messaging's wire format.
 * @param {import('@playwright/test').Page} page @param {string} type @param {unknown} [data]
 */
async function call(page, type, data) {
  const reply = await page.evaluate(
    ({ type, data }) => chrome.runtime.sendMessage({ id: 1, type, data, timestamp: Date.now() }),
    { type, data },
  );
  if (!reply?.res?.ok) throw new Error(`${type}: ${JSON.stringify(reply)}`);
  return reply.res.value;
}

/**
 * @param {{ locale: string, theme: Theme }} shot
 * @param {{ url: (p?: string) => string, port: number }} demo
 * @returns {Promise<string[]>} files written
 */
async function takeShot({ locale, theme }, demo) {
  const profileDir = makeProfileDir('tessera-shots-');
  const context = await launchChromium({
    extensionDir: E2E_EXTENSION_DIR,
    profileDir,
    locale,
    viewport: POPUP,
  });
  try {
    const id = extensionIdOf(await waitForServiceWorker(context));
    const popupUrl = `chrome-extension://${id}/popup.html`;
    const popup = await context.newPage();
    // The theme setting decides in the extension; the media query covers 'system' builds.
    await popup.emulateMedia({ colorScheme: theme });
    await popup.goto(popupUrl);

    await call(popup, 'vault.create', { passphrase: PASSPHRASE, confirm: PASSPHRASE });
    await call(popup, 'settings.set', { theme });
    const { id: demoId } = await call(popup, 'account.add', { kind: 'uri', uri: demoUri() });
    await call(popup, 'account.update', {
      id: demoId,
      patch: { sites: [`http://${new URL(demo.url()).host}`] },
    });
    const tags = DEMO_TAGS[locale] ?? DEMO_TAGS.en;
    for (const [issuer, label, tag] of DEMO_ACCOUNTS) {
      const { id } = await call(popup, 'account.add', {
        kind: 'uri',
        uri: uriFor(issuer, label, randomSecret()),
      });
      await call(popup, 'account.update', { id, patch: { tags: [tags[Number(tag)]] } });
    }

    // Settles the backup line ("Backed up just now") instead of catching it mid-write.
    await call(popup, 'backup.syncNow').catch(() => undefined);
    await popup.reload();
    await popup.getByRole('listitem').filter({ hasText: DEMO_ACCOUNT.issuer }).waitFor();
    // The brand icons arrive in their own chunk, just after the list.
    await popup.locator('svg[data-icon="github"]').waitFor();
    await popup.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
    // Fonts and the countdown's first frame.
    await popup.waitForTimeout(300);
    const height = await popup.evaluate(() => document.documentElement.scrollHeight);
    const size = { width: POPUP.width, height: Math.min(POPUP.height, height) };
    await popup.setViewportSize(size);
    const popupFile = path.join(OUT_DIR, `popup-${locale}-${theme}.png`);
    const popupPng = await popup.screenshot({ path: popupFile });

    // Store picture: the demo sign-in page with the popup drawn where the toolbar opens it.
    const page = await context.newPage();
    await page.setViewportSize(STORE);
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(demo.url('/signin.html'));
    // Focus shows Tessera's inline fill button in the code field (the demo site is bound).
    await page.locator('#code').focus();
    await page.waitForTimeout(300);
    await page.evaluate(
      ({ src, width, height, dark }) => {
        const img = document.createElement('img');
        img.src = src;
        img.alt = '';
        // CSSOM, not a style attribute: the demo's CSP forbids inline styles, not this.
        Object.assign(img.style, {
          position: 'fixed',
          top: '12px',
          right: '24px',
          width: `${width}px`,
          height: `${height}px`,
          borderRadius: '8px',
          border: `1px solid ${dark ? '#444' : '#ccc'}`,
          boxShadow: '0 8px 28px rgba(0, 0, 0, 0.35)',
          zIndex: '2147483647',
        });
        document.body.append(img);
        return img.decode();
      },
      {
        src: `data:image/png;base64,${popupPng.toString('base64')}`,
        ...size,
        dark: theme === 'dark',
      },
    );
    const storeFile = path.join(OUT_DIR, `store-${locale}-${theme}.png`);
    await page.screenshot({ path: storeFile });
    return [popupFile, storeFile];
  } finally {
    await context.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
}

if (!existsSync(path.join(E2E_EXTENSION_DIR, 'manifest.json'))) {
  console.error('No e2e build in .output/chrome-mv3-e2e: run `npm run build:e2e` first.');
  process.exit(1);
}
mkdirSync(OUT_DIR, { recursive: true });
const demo = await startDemoServer();
const written = [];
try {
  for (const shot of SHOTS) written.push(...(await takeShot(shot, demo)));
} finally {
  await demo.close();
}
console.log(['Screenshots:', ...written.map((f) => `  ${path.relative(repoRoot, f)}`)].join('\n'));
