// Two builds of the popup, side by side in one browser: each load of one is followed by a load
// of the other (in turns, A then B, then B then A), so both share the machine's slow and quick
// moments, which on a shared 2-core machine move a single run by ±10 ms. Timed on each page's
// own clock (bench/popup.mjs, watchCodes). For deciding a change to the popup's start-up:
//
//   node bench/popupCompare.mjs <e2e build A> <e2e build B> [--accounts=500] [--loads=30]
//
// Both must be e2e builds (`npm run build:e2e`, then copy .output/chrome-mv3-e2e aside). B runs
// without the manifest's fixed key, so the two get different extension ids.
import { copyFileSync, cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchAccountUris } from './accounts.mjs';
import {
  createVault,
  inPageTimes,
  listShowsCodes,
  median,
  send,
  settle,
  watchCodes,
} from './popup.mjs';
import {
  EXPECTED_EXTENSION_ID,
  extensionIdOf,
  launchChromium,
  makeProfileDir,
  repoRoot,
} from '../scripts/lib/launch-extension.mjs';

const USAGE =
  'usage: node bench/popupCompare.mjs <e2e build A> <e2e build B> [--accounts=500] [--loads=30]';
/** Stops with a sentence saying what is wrong, and how the command is used. */
function refuse(problem) {
  console.error(`${problem}\n${USAGE}`);
  process.exit(2);
}

const args = process.argv.slice(2);
const option = (name, fallback, max) => {
  const found = args.find((a) => a.startsWith(`--${name}=`));
  if (!found) return fallback;
  const text = found.slice(name.length + 3);
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > max) {
    refuse(`--${name} must be a whole number from 1 to ${max}, not "${text}".`);
  }
  return value;
};
const unknown = args.find((a) => a.startsWith('--') && !/^--(accounts|loads)=/.test(a));
if (unknown) refuse(`Unknown option ${unknown}.`);
const builds = args.filter((a) => !a.startsWith('--'));
if (builds.length !== 2) refuse(`Give two builds to compare (got ${builds.length}).`);
const [buildA, buildB] = builds;
for (const build of builds) {
  const manifestPath = path.join(path.resolve(build), 'manifest.json');
  if (!existsSync(manifestPath)) refuse(`${build} is not an extension build: no manifest.json.`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (manifest.manifest_version !== 3 || typeof manifest.key !== 'string') {
    refuse(`${build} is not a Chromium build of Tessera (Manifest V3 with the fixed key).`);
  }
}
// The capacity mix holds 2,000 accounts.
const ACCOUNTS = option('accounts', 500, 2000);
const LOADS = option('loads', 30, 1000);

/** A copy of one build with the benchmark's empty page; B without the fixed key. */
function prepare(from, name, keepKey) {
  const dir = path.join(repoRoot, '.cache', `popup-compare-${name}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(path.resolve(from), dir, { recursive: true });
  copyFileSync(path.join(repoRoot, 'bench', 'empty.html'), path.join(dir, 'bench-empty.html'));
  if (!keepKey) {
    const manifestPath = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    delete manifest.key;
    writeFileSync(manifestPath, JSON.stringify(manifest));
  }
  return dir;
}

const dirA = prepare(buildA, 'a', true);
const dirB = prepare(buildB, 'b', false);
const context = await launchChromium({
  extensionDir: `${dirA},${dirB}`,
  profileDir: makeProfileDir('tessera-compare-'),
});
try {
  const deadline = Date.now() + 30_000;
  let ids = [];
  while (ids.length < 2) {
    if (Date.now() > deadline) throw new Error('the two extensions did not both start');
    ids = [
      ...new Set(
        context
          .serviceWorkers()
          .filter((w) => w.url().startsWith('chrome-extension://'))
          .map(extensionIdOf),
      ),
    ];
    if (ids.length < 2) await new Promise((r) => setTimeout(r, 200));
  }
  const idOf = {
    A: EXPECTED_EXTENSION_ID,
    B: ids.find((id) => id !== EXPECTED_EXTENSION_ID),
  };
  const { uris } = benchAccountUris(repoRoot, ACCOUNTS);
  const controls = {};
  for (const build of ['A', 'B']) {
    const setup = await context.newPage();
    await setup.goto(`chrome-extension://${idOf[build]}/popup.html`);
    await createVault(setup);
    await setup.close();
    const control = await context.newPage();
    await control.goto(`chrome-extension://${idOf[build]}/bench-empty.html`);
    for (let i = 0; i < uris.length; i += 250) {
      await send(control, 'account.addMany', { uris: uris.slice(i, i + 250) });
    }
    controls[build] = control;
  }
  await settle(controls.A, 2000);

  const runs = { A: [], B: [] };
  const loadOnce = async (build) => {
    const page = await context.newPage();
    await page.addInitScript(watchCodes, ACCOUNTS);
    await page.goto(`chrome-extension://${idOf[build]}/popup.html`);
    await page.waitForFunction(listShowsCodes, ACCOUNTS, { polling: 'raf', timeout: 60_000 });
    await page.waitForFunction(() => globalThis.__benchCodesPainted !== undefined, undefined, {
      timeout: 60_000,
    });
    const times = await page.evaluate(inPageTimes);
    await page.close();
    await settle(controls[build]);
    return times;
  };
  // One untimed load of each first, as the bench does.
  await loadOnce('A');
  await loadOnce('B');
  for (let i = 0; i < LOADS; i++) {
    const order = i % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
    const pair = {};
    for (const build of order) pair[build] = await loadOnce(build);
    runs.A.push(pair.A);
    runs.B.push(pair.B);
    process.stdout.write(`\r${i + 1}/${LOADS} pairs`);
  }
  process.stdout.write('\n');

  console.log(`${ACCOUNTS} accounts, ${LOADS} pairs of loads; ms on each page's own clock`);
  console.log('measure                  A (median)   B (median)   B earlier in');
  for (const key of ['loadMs', 'codesShownMs', 'codesPaintedMs']) {
    const a = runs.A.map((r) => r[key]);
    const b = runs.B.map((r) => r[key]);
    const earlier = b.filter((v, i) => v < a[i]).length;
    console.log(
      `${key.padEnd(24)} ${median(a).toFixed(1).padStart(10)}   ${median(b).toFixed(1).padStart(10)}   ${earlier} of ${LOADS} pairs`,
    );
  }
} finally {
  await context.close();
}
