// `npm start`: build Tessera, serve the demo site and open both in Chromium.
//
// It uses the production build, not the e2e one: with a display the user clicks the toolbar
// button, which grants activeTab exactly as for a real install, so the demo exercises the
// permissions Tessera ships with. Without a display we only take screenshots of pages, which
// need no host access either.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './ensure-chromium.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function run(cmd, args) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(' ')} failed.`);
    process.exit(r.status ?? 1);
  }
}

if (!existsSync(path.join(repoRoot, 'node_modules'))) run('npm', ['install']);

try {
  ensureChromium();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}

run(path.join(repoRoot, 'node_modules', '.bin', 'wxt'), ['build']);

// Imported only now: they need node_modules, which may have just been installed.
const {
  launchChromium,
  makeProfileDir,
  PRODUCTION_EXTENSION_DIR,
  waitForServiceWorker,
  extensionIdOf,
} = await import('./lib/launch-extension.mjs');
const { startDemoServer } = await import('../demo/server.mjs');

const demo = await startDemoServer();
const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const hasPopup = existsSync(path.join(PRODUCTION_EXTENSION_DIR, 'popup.html'));
console.log(`Demo site: ${demo.url('/enroll.html')} (served on 127.0.0.1:${demo.port})`);

if (hasDisplay) {
  const profileDir = path.join(repoRoot, '.cache', 'start-profile');
  mkdirSync(profileDir, { recursive: true });
  const context = await launchChromium({
    extensionDir: PRODUCTION_EXTENSION_DIR,
    profileDir,
    headless: false,
    viewport: null,
  });
  const id = extensionIdOf(await waitForServiceWorker(context));
  const [first] = context.pages();
  const enroll = first ?? (await context.newPage());
  await enroll.goto(demo.url('/enroll.html'));
  if (hasPopup) await (await context.newPage()).goto(`chrome-extension://${id}/popup.html`);
  await enroll.bringToFront();
  console.log(
    [
      '',
      'Chromium is open with Tessera loaded (profile: .cache/start-profile).',
      '  1. Pin Tessera from the puzzle-piece menu, then open it on the enrollment tab to scan the QR code.',
      `  2. Sign in at ${demo.url('/signin.html')} with the code Tessera fills in.`,
      'Close the browser (or press Ctrl+C) to stop.',
    ].join('\n'),
  );
  const stop = async () => {
    await context.close().catch(() => undefined);
    await demo.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  context.on('close', () => void demo.close().then(() => process.exit(0)));
} else {
  console.log('No DISPLAY or WAYLAND_DISPLAY: running headless and saving screenshots instead.');
  const shotsDir = path.join(repoRoot, '.cache', 'screenshots');
  mkdirSync(shotsDir, { recursive: true });
  const profileDir = makeProfileDir('tessera-start-');
  const context = await launchChromium({ extensionDir: PRODUCTION_EXTENSION_DIR, profileDir });
  const saved = [];
  try {
    const id = extensionIdOf(await waitForServiceWorker(context));
    /** @param {string} name @param {string} url @param {{ width: number, height: number }} size */
    const shoot = async (name, url, size) => {
      const page = await context.newPage();
      await page.setViewportSize(size);
      await page.goto(url);
      // Let Svelte mount and the background answer before the picture is taken: extension pages
      // show "Loading…" (aria-busy) until it has, which takes longer on a busy machine.
      await page.waitForLoadState('networkidle');
      await page
        .waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, {
          timeout: 20_000,
        })
        .catch(() => console.warn(`${name}: still loading after 20 s; taking the picture anyway.`));
      await page.waitForTimeout(500);
      const file = path.join(shotsDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      saved.push(file);
      await page.close();
    };
    if (hasPopup) {
      await shoot('popup', `chrome-extension://${id}/popup.html`, { width: 380, height: 600 });
    } else {
      console.log('The build has no popup.html yet; skipping its screenshot.');
    }
    await shoot('demo-enroll', demo.url('/enroll.html'), { width: 900, height: 900 });
    await shoot('demo-signin', demo.url('/signin.html'), { width: 900, height: 700 });
  } finally {
    await context.close();
    await demo.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
  console.log(['Screenshots:', ...saved.map((f) => `  ${path.relative(repoRoot, f)}`)].join('\n'));
}
