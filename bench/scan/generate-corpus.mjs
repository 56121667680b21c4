// Builds the scan benchmark corpus: realistic 2FA enrollment pages with one or more QR codes,
// screenshotted by headless Chromium at 1280×800 with device scale factor 1 and 2 (what
// captureVisibleTab hands Tessera on a normal and a HiDPI screen), and scale pages: one code
// drawn (by the `qrcode` package, scaled by the browser) from 2 to 40 CSS px per module, both
// polarities, a zoomed page and a phone screenshot, at device pixel ratios 1, 1.25, 1.5, 2 and 3.
//
//   node bench/scan/generate-corpus.mjs        → bench/corpus/scan/*.png + manifest.json
//
// The corpus is git-ignored; bench/scan/run.mjs regenerates it when the manifest is missing or
// was written by an older version of this file.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import QRCode from 'qrcode';
import { findChrome } from '../../scripts/find-chrome.mjs';
import { TEXTS } from './corpus-texts.mjs';

/** Bump when pages change, so run.mjs knows an existing corpus is stale. */
export const CORPUS_VERSION = 6;

const here = path.dirname(fileURLToPath(import.meta.url));
export const CORPUS_DIR = path.resolve(here, '..', 'corpus', 'scan');
export const MANIFEST_PATH = path.join(CORPUS_DIR, 'manifest.json');

const VIEWPORT = { width: 1280, height: 800 };
/** The enrollment pages, as before: a normal and a HiDPI screen. */
const DPRS = [1, 2];
/** The scale pages: every common device pixel ratio (Windows 125 % and 150 %, Mac, phones). */
export const SCALE_DPRS = [1, 1.25, 1.5, 2, 3];
/** Group of the enrollment pages in the bench's per-group rows. */
export const ENROLLMENT_GROUP = 'enrollment pages';

/**
 * @param {string} text
 * @param {{ scale?: number; margin?: number; dark?: string; light?: string; ec?: 'L'|'M'|'Q'|'H'; version?: number }} [o]
 */
async function qrImg(text, o = {}) {
  return QRCode.toDataURL(text, {
    errorCorrectionLevel: o.ec ?? 'M',
    ...(o.version === undefined ? {} : { version: o.version }),
    margin: o.margin ?? 4,
    scale: o.scale ?? 4,
    color: { dark: o.dark ?? '#000000ff', light: o.light ?? '#ffffffff' },
  });
}

/**
 * @param {string} src data: URL
 * @param {number | null} cssWidth null keeps the natural size (crisp, integer module size)
 * @param {string} [alt]
 */
function img(src, cssWidth, alt = 'QR code') {
  const size = cssWidth === null ? '' : ` style="width:${cssWidth}px;height:${cssWidth}px"`;
  return `<img src="${src}" alt="${alt}"${size}>`;
}

const LOREM =
  'Two-factor authentication adds an extra layer of security to your account. In addition to ' +
  'your password, you will need a six-digit code from an authenticator app on your phone or in ' +
  'your browser each time you sign in from a new device. Keep your recovery codes somewhere safe: ' +
  'they are the only way back in if you lose access to your authenticator.';

/**
 * A typical "set up your authenticator" page; `qr` is the HTML that holds the code(s).
 * @param {{ title: string; qr: string; theme?: 'light' | 'dark'; aside?: string; before?: string; extraCss?: string; filler?: number }} p
 */
function enrollmentPage(p) {
  const dark = p.theme === 'dark';
  const bg = dark ? '#0d1117' : '#f6f8fa';
  const card = dark ? '#161b22' : '#ffffff';
  const fg = dark ? '#e6edf3' : '#1f2328';
  const muted = dark ? '#8d96a0' : '#59636e';
  const border = dark ? '#30363d' : '#d1d9e0';
  const filler = Array.from({ length: p.filler ?? 1 }, () => `<p>${LOREM}</p>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${p.title}</title><style>
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.5 -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
         background: ${bg}; color: ${fg}; }
  header { height: 56px; background: ${dark ? '#010409' : '#24292f'}; color: #fff; display: flex;
           align-items: center; padding: 0 24px; gap: 16px; font-weight: 600; }
  header nav a { color: #d1d9e0; font-weight: 400; margin-right: 12px; text-decoration: none; }
  main { display: flex; gap: 24px; padding: 24px 48px; }
  .side { width: 240px; flex: none; }
  .side a { display: block; padding: 6px 8px; color: ${fg}; text-decoration: none;
            border-radius: 6px; }
  .side a.on { background: ${dark ? '#1f2937' : '#e7ecf0'}; font-weight: 600; }
  .card { background: ${card}; border: 1px solid ${border}; border-radius: 8px; padding: 20px 24px;
          flex: 1; min-width: 0; }
  h1 { font-size: 22px; margin: 0 0 8px; } h2 { font-size: 16px; margin: 16px 0 8px; }
  p { color: ${muted}; margin: 0 0 10px; }
  .row { display: flex; gap: 24px; align-items: flex-start; }
  .qr { flex: none; }
  code { background: ${dark ? '#262c36' : '#eff2f5'}; padding: 2px 6px; border-radius: 4px;
         word-break: break-all; }
  input { border: 1px solid ${border}; border-radius: 6px; padding: 6px 10px; width: 220px;
          background: ${card}; color: ${fg}; font: inherit; }
  button { background: #1f883d; color: #fff; border: 0; border-radius: 6px; padding: 7px 16px;
           font: inherit; font-weight: 600; margin-left: 8px; }
  ${p.extraCss ?? ''}
  </style></head><body>
  <header><span>◆ Example</span><nav><a href="#">Pull requests</a><a href="#">Issues</a>
  <a href="#">Marketplace</a><a href="#">Explore</a></nav></header>
  <main>
    <div class="side"><a href="#">Public profile</a><a href="#">Account</a><a href="#">Appearance</a>
      <a class="on" href="#">Password and authentication</a><a href="#">Sessions</a>
      <a href="#">SSH and GPG keys</a><a href="#">Organizations</a><a href="#">Notifications</a>
      ${p.aside ?? ''}</div>
    <div class="card">
      <h1>${p.title}</h1>
      <p>Authenticator apps and browser extensions like Tessera generate one-time passwords that
      are used as a second factor to verify your identity when prompted during sign-in.</p>
      ${p.before ?? ''}
      <h2>Scan the QR code</h2>
      <div class="row"><div class="qr">${p.qr}</div><div>${filler}
        <p>Unable to scan? You can use the <a href="#">setup key</a> to manually configure your
        authenticator app.</p>
        <h2>Verify the code from the app</h2>
        <input placeholder="XXXXXX" autocomplete="one-time-code"><button>Verify</button>
      </div></div>
    </div>
  </main></body></html>`;
}

/**
 * @typedef {{ name: string; html: string; expectedAuth: string[]; expectedOther: string[]; group: string; dprs: number[]; viewport: { width: number; height: number } }} PageSpec
 * @returns {Promise<PageSpec[]>}
 */
export async function buildPages() {
  /** @type {PageSpec[]} */
  const pages = [];
  const add = (name, html, expectedAuth, expectedOther = []) =>
    pages.push({
      name,
      html,
      expectedAuth,
      expectedOther,
      group: ENROLLMENT_GROUP,
      dprs: DPRS,
      viewport: VIEWPORT,
    });

  add(
    'basic',
    enrollmentPage({
      title: 'Set up two-factor authentication',
      qr: img(await qrImg(TEXTS.github), 200),
    }),
    [TEXTS.github],
  );

  // The decoy sits first in reading order, where plain jsQR tends to look first.
  add(
    'decoy-wifi',
    enrollmentPage({
      title: 'Welcome to the office network',
      before: `<div style="display:flex;gap:16px;align-items:center">${img(await qrImg(TEXTS.wifi), 130)}
        <p>First join the guest Wi-Fi: scan this code with your phone's camera.</p></div>`,
      qr: img(await qrImg(TEXTS.acme), 200),
    }),
    [TEXTS.acme],
    [TEXTS.wifi],
  );

  add(
    'app-links',
    enrollmentPage({
      title: 'Get an authenticator app',
      qr:
        `<div style="display:flex;gap:12px;margin-bottom:12px">` +
        `<figure style="margin:0">${img(await qrImg(TEXTS.playStore), 120)}<figcaption>Google Play</figcaption></figure>` +
        `<figure style="margin:0">${img(await qrImg(TEXTS.appStore), 120)}<figcaption>App Store</figcaption></figure></div>` +
        img(await qrImg(TEXTS.bank), 220),
    }),
    [TEXTS.bank],
    [TEXTS.playStore, TEXTS.appStore],
  );

  add(
    'dark-page',
    enrollmentPage({
      theme: 'dark',
      title: 'Two-factor authentication',
      qr: img(await qrImg(TEXTS.github), 200),
    }),
    [TEXTS.github],
  );

  add(
    'light-on-dark',
    enrollmentPage({
      theme: 'dark',
      title: 'Secure your account',
      qr: img(await qrImg(TEXTS.acme, { dark: '#e6edf3ff', light: '#161b22ff' }), 210),
    }),
    [TEXTS.acme],
  );

  add(
    'low-contrast',
    enrollmentPage({
      title: 'Add an authenticator',
      extraCss: '.card { background: #999999; } .card p { color: #333; }',
      qr: img(await qrImg(TEXTS.github, { dark: '#777777ff', light: '#999999ff' }), 200),
    }),
    [TEXTS.github],
  );

  // Two CSS pixels per module at natural size: the smallest code a site plausibly shows.
  add(
    'small',
    enrollmentPage({
      title: 'Enable 2-step verification',
      qr: img(await qrImg(TEXTS.shortSecret, { scale: 2 }), null),
    }),
    [TEXTS.shortSecret],
  );

  add(
    'dense-secret',
    enrollmentPage({ title: 'Register an authenticator', qr: img(await qrImg(TEXTS.dense), 230) }),
    [TEXTS.dense],
  );

  // A 10-account export batch (version 22, 105 modules) drawn at ~2.3 CSS px per module and
  // smoothed by the browser: plain jsQR loses the grid at 1×.
  add(
    'migration-batch',
    enrollmentPage({
      title: 'Transfer accounts',
      qr: img(await qrImg(TEXTS.migration, { ec: 'L' }), 264),
    }),
    [TEXTS.migration],
  );

  add(
    'batch-ecq',
    enrollmentPage({
      title: 'Export accounts',
      qr: img(await qrImg(TEXTS.migrationSix, { ec: 'Q' }), 300),
    }),
    [TEXTS.migrationSix],
  );

  const frameDoc = `<!doctype html><html><body style="margin:0;font:14px sans-serif;background:#fff">
    <p style="margin:8px 0">Scan with your authenticator:</p>${img(await qrImg(TEXTS.bank), 190)}
    </body></html>`;
  add(
    'iframe',
    enrollmentPage({
      title: 'Security settings',
      qr: `<iframe srcdoc="${frameDoc.replace(/"/g, '&quot;')}" style="width:240px;height:260px;border:1px solid #d1d9e0"></iframe>`,
    }),
    [TEXTS.bank],
  );

  add(
    'busy',
    enrollmentPage({
      title: 'Account security',
      filler: 4,
      extraCss:
        '.card { background: linear-gradient(135deg, #fff 0%, #eef3ff 60%, #ffe9d6 100%); }',
      qr: img(await qrImg(TEXTS.acme), 180),
    }),
    [TEXTS.acme],
  );

  add(
    'only-other',
    enrollmentPage({
      title: 'Download our app',
      qr: img(await qrImg(TEXTS.appStore), 200),
    }),
    [],
    [TEXTS.appStore],
  );

  add(
    'tight-margin',
    enrollmentPage({
      title: 'Configure authenticator',
      extraCss:
        '.qr { background:#fff; padding:6px; border:1px solid #d1d9e0; border-radius:6px; }',
      qr: img(await qrImg(TEXTS.github, { margin: 1 }), 180),
    }),
    [TEXTS.github],
  );

  add(
    'large',
    enrollmentPage({
      title: 'Set up your authenticator',
      qr: img(await qrImg(TEXTS.bank, { ec: 'H' }), 340),
    }),
    [TEXTS.bank],
  );

  add(
    'modal',
    enrollmentPage({
      title: 'Account',
      filler: 3,
      qr: `<div style="position:fixed;inset:0;background:rgba(0,0,0,.55)"></div>
        <div style="position:fixed;left:420px;top:150px;width:440px;padding:24px;background:#fff;
        border-radius:12px;box-shadow:0 8px 40px rgba(0,0,0,.4);text-align:center">
        <h2>Scan this code</h2>${img(await qrImg(TEXTS.dense), 260)}
        <p>Then enter the six-digit code below.</p></div>`,
    }),
    [TEXTS.dense],
  );

  pages.push(...(await buildScalePages()));
  return pages;
}

/**
 * A page that shows one code and a caption, nothing else in the way: the code is as large as
 * the site made it, up to filling the screen.
 * @param {{ title: string; qr: string; theme?: 'light' | 'dark'; top?: number }} p
 */
function codePage(p) {
  const dark = p.theme === 'dark';
  return `<!doctype html><html><head><meta charset="utf-8"><title>${p.title}</title><style>
  body { margin: 0; font: 15px/1.5 "DejaVu Sans", sans-serif; background: ${dark ? '#0d1117' : '#ffffff'};
         color: ${dark ? '#e6edf3' : '#1f2328'}; text-align: center; }
  .qr { padding-top: ${p.top ?? 24}px; } .qr img { display: block; margin: 0 auto; }
  p { margin: 12px 48px; }
  </style></head><body><div class="qr">${p.qr}</div>
  <p>${p.title}: scan the code with your authenticator, then enter the six-digit code it shows.</p>
  </body></html>`;
}

/**
 * The scale pages: each one code at one size, captured at every ratio in SCALE_DPRS. Module
 * sizes are CSS px, so at 1.25 and 1.5 the browser resamples them to fractional device sizes.
 * @returns {Promise<PageSpec[]>}
 */
async function buildScalePages() {
  /** @type {PageSpec[]} */
  const pages = [];
  /**
   * @param {string} name @param {string} group @param {string} html
   * @param {{ auth?: string[]; other?: string[]; viewport?: { width: number; height: number }; dprs?: number[] }} o
   */
  const add = (name, group, html, o) =>
    pages.push({
      name,
      html,
      group,
      expectedAuth: o.auth ?? [],
      expectedOther: o.other ?? [],
      dprs: o.dprs ?? SCALE_DPRS,
      viewport: o.viewport ?? VIEWPORT,
    });

  // 21-module codes (a short link: version 1 holds no otpauth link) from 2 CSS px per module to
  // 40, where it fills a 960-px-high screen (23 modules with a one-module margin).
  for (const px of [2, 4, 8, 12, 20, 40]) {
    for (const theme of /** @type {const} */ (['light', 'dark'])) {
      const colours =
        theme === 'dark' ? { dark: '#e6edf3ff', light: '#161b22ff' } : { dark: '#000000ff' };
      const margin = px === 40 ? 1 : 4;
      const qr = img(
        await qrImg(TEXTS.v1Link, { ec: 'L', version: 1, margin, ...colours }),
        (21 + 2 * margin) * px,
      );
      add(
        `v1-${px}px-${theme === 'dark' ? 'light-on-dark' : 'dark-on-light'}`,
        `21 modules, ${px} CSS px/module`,
        codePage({ title: 'Set up sign-in', qr, theme, top: px === 40 ? 0 : 24 }),
        {
          other: [TEXTS.v1Link],
          ...(px === 40 ? { viewport: { width: 1280, height: 960 } } : {}),
        },
      );
    }
  }

  // A 37-module enrollment code at the sizes that used to depend on alignment, and beyond.
  for (const px of [8, 10, 12, 16]) {
    add(
      `v5-${px}px`,
      `37 modules, ${px} CSS px/module`,
      // From 16 px up the code no longer fits below an enrollment page's header and intro.
      (px < 16 ? enrollmentPage : codePage)({
        title: 'Set up two-factor authentication',
        qr: img(await qrImg(TEXTS.v5, { ec: 'L', version: 5 }), 45 * px),
      }),
      { auth: [TEXTS.v5] },
    );
  }

  add(
    'v2-300px',
    'version 2, 300 px wide',
    codePage({
      title: 'Link your device',
      qr: img(await qrImg(TEXTS.v2Link, { ec: 'L', version: 2 }), 300),
    }),
    { other: [TEXTS.v2Link] },
  );

  add(
    'zoom-150',
    'page zoomed to 150 %',
    enrollmentPage({
      title: 'Set up two-factor authentication',
      extraCss: 'html { zoom: 1.5; }',
      qr: img(await qrImg(TEXTS.github), 200),
    }),
    { auth: [TEXTS.github] },
  );

  // A clean phone screenshot of an export screen: 407×875 CSS px at 2.5 gives 1018×2188.
  add(
    'phone-export',
    'phone screenshot 1018×2188',
    `<!doctype html><html><head><meta charset="utf-8"><style>
    body { margin: 0; font: 16px/1.5 "DejaVu Sans", sans-serif; background: #fff; color: #1f1f1f; }
    .bar { display: flex; justify-content: space-between; padding: 10px 22px; font-weight: 600; }
    h1 { font-size: 22px; font-weight: 400; margin: 28px 24px 12px; }
    p { margin: 0 24px 12px; color: #444; }
    img { display: block; margin: 24px auto; }
    .dots { text-align: center; color: #888; letter-spacing: 6px; }
    button { position: absolute; right: 24px; bottom: 28px; background: #0b57d0; color: #fff;
             border: 0; border-radius: 20px; padding: 10px 24px; font: inherit; }
    </style></head><body><div class="bar"><span>9:41</span><span>▾ ▴ ■</span></div>
    <h1>Export accounts</h1>
    <p>Scan this QR code with the authenticator on your new device. Your accounts are not
    removed from this phone.</p>${img(await qrImg(TEXTS.phoneBatch, { ec: 'L' }), 312)}
    <div class="dots">● ○ ○</div><p>QR code 1 of 1</p><button>Next</button></body></html>`,
    { other: [], auth: [TEXTS.phoneBatch], viewport: { width: 407, height: 875 }, dprs: [2.5] },
  );
  return pages;
}

/**
 * @returns {Promise<{ version: number; viewport: typeof VIEWPORT; images: { file: string; page: string; group: string; dpr: number; expectedAuth: string[]; expectedOther: string[] }[] }>}
 */
export async function generateCorpus({ quiet = false } = {}) {
  const executablePath = findChrome();
  if (!executablePath) throw new Error('No Chromium found (set CHROME_PATH).');
  rmSync(CORPUS_DIR, { recursive: true, force: true });
  mkdirSync(CORPUS_DIR, { recursive: true });
  const pages = await buildPages();
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--force-color-profile=srgb'],
  });
  const images = [];
  try {
    // One browser context per viewport and ratio; pages grouped so each context is made once.
    const contexts = new Map();
    for (const p of pages) {
      for (const dpr of p.dprs) {
        const key = `${p.viewport.width}x${p.viewport.height}@${dpr}`;
        if (!contexts.has(key)) contexts.set(key, { viewport: p.viewport, dpr, pages: [] });
        contexts.get(key).pages.push(p);
      }
    }
    for (const { viewport, dpr, pages: list } of contexts.values()) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: dpr });
      const tab = await context.newPage();
      for (const p of list) {
        await tab.setContent(p.html, { waitUntil: 'load' });
        // srcdoc frames load after the parent's load event in some builds; wait for their images.
        for (const frame of tab.frames()) {
          await frame.waitForFunction(() =>
            Array.from(document.images).every((i) => i.complete && i.naturalWidth > 0),
          );
        }
        const file = `${p.name}@${dpr}x.png`;
        await tab.screenshot({ path: path.join(CORPUS_DIR, file), animations: 'disabled' });
        images.push({
          file,
          page: p.name,
          group: p.group,
          dpr,
          expectedAuth: p.expectedAuth,
          expectedOther: p.expectedOther,
        });
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const manifest = { version: CORPUS_VERSION, viewport: VIEWPORT, images };
  writeFileSync(MANIFEST_PATH, JSON.stringify(manifest, null, 2));
  if (!quiet) console.log(`scan corpus: ${images.length} captures in ${CORPUS_DIR}`);
  return manifest;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await generateCorpus();
}
