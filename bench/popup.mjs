// Popup load cost: from navigation until every seeded account shows its code, against opening
// an empty page of the same extension (bench/empty.html) in the same run.
import { stopExtensionWorker } from '../scripts/lib/launch-extension.mjs';

const PASSPHRASE = 'bench passphrase that is long enough';

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Creates the vault through the same UI a person uses, leaving it unlocked.
 * @param {import('@playwright/test').Page} page
 */
export async function createVault(page) {
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Confirm passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Create vault' }).click();
  const proceed = page.getByRole('button', { name: /continue|I saved it|Done/i });
  await proceed.waitFor({ timeout: 60_000 });
  const savedBox = page.getByRole('checkbox', { name: /saved/i });
  if (await savedBox.count()) await savedBox.check();
  await proceed.click();
}

/**
 * Sends one protocol message the way @webext-core/messaging does ({ id, type, data, timestamp }
 * in, { res } or { err } out) and unwraps Tessera's Result.
 * @param {import('@playwright/test').Page} page
 */
export async function send(page, type, data) {
  const reply = await page.evaluate(
    ({ type, data }) => chrome.runtime.sendMessage({ id: 1, type, data, timestamp: Date.now() }),
    { type, data },
  );
  if (!reply || reply.err)
    throw new Error(`${type}: transport error ${JSON.stringify(reply?.err ?? reply)}`);
  if (!reply.res?.ok) throw new Error(`${type}: ${JSON.stringify(reply.res?.error ?? reply.res)}`);
  return reply.res.value;
}

/**
 * Installed in every popup page before its own scripts (Playwright's init script, in the page's
 * world). It defines the one test of "the list is ready" both sides use, `__benchShowsCodes`:
 * every rendered account row shows a code (five or more digits, optionally grouped by single
 * spaces) and the list holds `expected` accounts. A windowed list renders only the rows in
 * view, so its size is read from the rows' aria-setsize; a list without it must render every
 * row. Bench labels and issuers contain no digits, and a countdown has at most two.
 *
 * It also notes, on the page's own clock (from the start of its navigation, so no harness round
 * trip is in it), when that test first holds after a batch of DOM changes, and when the frame
 * that shows it has been painted (a task queued from the next animation frame runs after that
 * frame's paint).
 */
export function watchCodes(expected) {
  const showsCodes = (count) => {
    const rows = document.querySelectorAll('[data-account-id]');
    if (rows.length === 0) return false;
    let total = rows.length;
    for (const row of rows) {
      if (!/\d(?:[\s\u00a0\u2009\u202f]?\d){4,}/.test(row.textContent ?? '')) return false;
      const size = row.getAttribute('aria-setsize');
      if (size) total = Number(size);
    }
    return total === count;
  };
  globalThis.__benchShowsCodes = showsCodes;
  const observer = new MutationObserver(() => {
    if (!showsCodes(expected)) return;
    observer.disconnect();
    globalThis.__benchCodesShown = performance.now();
    requestAnimationFrame(() =>
      setTimeout(() => (globalThis.__benchCodesPainted = performance.now()), 0),
    );
  });
  observer.observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
  });
}

/**
 * The harness's poll on a popup page (opened with watchCodes installed): notes when it first
 * ran, then asks watchCodes' test.
 */
export function listShowsCodes(expected) {
  globalThis.__benchFirstLook ??= performance.now();
  return globalThis.__benchShowsCodes(expected);
}

/** The empty page's side of the poll: true once it has loaded (page.goto waited for that). */
function pageLoaded() {
  globalThis.__benchFirstLook ??= performance.now();
  return document.readyState === 'complete';
}

/** The page's own clock for one load: load event, codes shown and painted, harness's first look. */
export function inPageTimes() {
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    loadMs: nav ? nav.loadEventEnd : null,
    codesShownMs: globalThis.__benchCodesShown ?? null,
    codesPaintedMs: globalThis.__benchCodesPainted ?? null,
    harnessFirstLookMs: globalThis.__benchFirstLook ?? null,
  };
}

/**
 * Types each word into the search box one character at a time, then deletes it again, timing
 * every keystroke from the input event until the DOM has been updated and laid out: a
 * MessageChannel task runs after the microtasks in which Svelte applies the change, and reading
 * offsetHeight forces the style and layout work the change caused. Runs in the popup page.
 */
async function typeAndTime(words) {
  const input = document.querySelector('input[type="search"]');
  if (!(input instanceof HTMLInputElement)) throw new Error('no search box');
  const afterMicrotasks = () =>
    new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(undefined);
      channel.port2.postMessage(0);
    });
  const times = [];
  let found = true;
  const type = async (value) => {
    // Start each keystroke just after a frame, as a person's would land between frames.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const t0 = performance.now();
    input.value = value;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
    await afterMicrotasks();
    void document.body.offsetHeight;
    times.push(performance.now() - t0);
  };
  for (const word of words) {
    for (let i = 1; i <= word.length; i++) await type(word.slice(0, i));
    // The account searched for must now be on screen, or nothing real was measured.
    const rows = [...document.querySelectorAll('[data-account-id]')];
    if (!rows.some((row) => (row.textContent ?? '').includes(word))) found = false;
    for (let i = word.length - 1; i >= 0; i--) await type(word.slice(0, i));
  }
  return { times, found };
}

/**
 * Scrolls the nearest scrollable ancestor of the account rows by `step` px each animation frame
 * (turning at either end) and records the time between frames, plus long tasks. On a page
 * without rows (the baseline) it runs the same animation-frame loop with nothing to scroll.
 */
async function scrollAndTime({ frames, step }) {
  let scroller = document.querySelector('[data-account-id]');
  while (scroller && scroller !== document.body) {
    const overflow = getComputedStyle(scroller).overflowY;
    if (
      (overflow === 'auto' || overflow === 'scroll') &&
      scroller.scrollHeight > scroller.clientHeight
    )
      break;
    scroller = scroller.parentElement;
  }
  if (!scroller || scroller === document.body) scroller = document.scrollingElement;
  const longTasks = [];
  let observer = null;
  try {
    observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push(entry.duration);
    });
    observer.observe({ type: 'longtask' });
  } catch {
    // No long-task timing in this browser: the frame times still tell.
  }
  const deltas = [];
  let direction = 1;
  let reachedEnd = false;
  await new Promise((resolve) => {
    let last = null;
    const frame = (t) => {
      if (last !== null) deltas.push(t - last);
      last = t;
      if (deltas.length >= frames) return resolve(undefined);
      const max = scroller.scrollHeight - scroller.clientHeight;
      if (max > 0) {
        const next = scroller.scrollTop + direction * step;
        if (next >= max) {
          reachedEnd = true;
          direction = -1;
        } else if (next <= 0) direction = 1;
        scroller.scrollTop = Math.max(0, Math.min(max, next));
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  observer?.disconnect();
  return { deltas, longTasks, reachedEnd };
}

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** The account name of an otpauth:// link, which the search box finds it by. */
const labelOf = (uri) => {
  const name = decodeURIComponent(new URL(uri).pathname.replace(/^\/+(totp|hotp)\//, ''));
  return name.slice(name.indexOf(':') + 1);
};

/**
 * Waits a fixed pause, then for an idle moment in the extension's renderer.
 * @param {import('@playwright/test').Page} page an extension page
 */
export async function settle(page, ms = 500) {
  await page.waitForTimeout(ms);
  await page.evaluate(
    () =>
      new Promise((resolve) => requestIdleCallback(() => resolve(undefined), { timeout: 2000 })),
  );
}

/** Loads after a stopped service worker, per size: each restarts the worker. */
const COLD_REPS = 7;
const SCROLL_FRAMES = 240;
const SCROLL_STEP_PX = 160;

/**
 * Search keystrokes on every size measured, and (on the largest) scrolling, in one open popup.
 * @param {import('@playwright/test').BrowserContext} context
 */
async function measureInteraction(
  context,
  { popupUrl, emptyUrl, size, uris, result, log, scroll },
) {
  const page = await context.newPage();
  try {
    await page.addInitScript(watchCodes, size);
    await page.goto(popupUrl);
    await page.waitForFunction(listShowsCodes, size, { polling: 'raf', timeout: 60_000 });
    await settle(page);
    const words = [Math.floor(size * 0.8), Math.floor(size * 0.45)].map((i) => labelOf(uris[i]));
    log(`  ${size}: search keystrokes (${words.join(', ')})…`);
    const typed = await page.evaluate(typeAndTime, words);
    if (!typed.found) throw new Error(`search did not show ${words.join(' / ')}`);
    result.keystroke.medianMs[size] = median(typed.times);
    result.keystroke.samples[size] = typed.times;
    if (!scroll) return;

    log(`  ${size}: scrolling…`);
    await settle(page);
    const scrolled = await page.evaluate(scrollAndTime, {
      frames: SCROLL_FRAMES,
      step: SCROLL_STEP_PX,
    });
    await page.close();
    const empty = await context.newPage();
    await empty.goto(emptyUrl);
    await settle(empty);
    const still = await empty.evaluate(scrollAndTime, { frames: SCROLL_FRAMES, step: 0 });
    await empty.close();
    Object.assign(result.scroll, {
      accounts: size,
      p95FrameMs: percentile(scrolled.deltas, 95),
      maxFrameMs: Math.max(...scrolled.deltas),
      longTasks: {
        count: scrolled.longTasks.length,
        totalMs: scrolled.longTasks.reduce((a, b) => a + b, 0),
      },
      reachedEnd: scrolled.reachedEnd,
      emptyPageP95FrameMs: percentile(still.deltas, 95),
      emptyPageMaxFrameMs: Math.max(...still.deltas),
    });
  } finally {
    if (!page.isClosed()) await page.close();
  }
}

/**
 * @param {import('@playwright/test').BrowserContext} context
 * @param {string} extensionId
 * @param {{ sizes: number[], uris: string[], reps: Record<number, number>, log: (s: string) => void }} options
 */
export async function benchPopup(context, extensionId, { sizes, uris, reps, log }) {
  const popupUrl = `chrome-extension://${extensionId}/popup.html`;
  const emptyUrl = `chrome-extension://${extensionId}/bench-empty.html`;
  const setup = await context.newPage();
  await setup.goto(popupUrl);
  log('  creating the vault through the popup UI (Argon2id)…');
  await createVault(setup);
  // Messages go from the inert empty page: an open popup would keep re-rendering every code
  // each second in the extension's (shared) renderer process and skew both measurements.
  await setup.close();
  const control = await context.newPage();
  await control.goto(emptyUrl);
  const status = await send(control, 'vault.status', undefined);
  if (status.state !== 'unlocked') throw new Error(`vault is ${status.state} after creation`);

  const result = {
    runtime: 'headless Chromium with the e2e build',
    baseline:
      'chrome-extension://<id>/bench-empty.html: an empty HTML page of the same extension, page.goto then the same raf poll until it has loaded',
    measure:
      'new tab, then page.goto(popup.html) until the list holds every account and each row it renders shows a code (polled each animation frame)',
    keystroke: {
      measure:
        'type the account names of two accounts far down the list into the search box one character at a time, then delete them; each keystroke from the input event until the DOM is updated and laid out',
      baseline: `the same on ${Math.min(...sizes)} accounts`,
      medianMs: {},
      samples: {},
    },
    scroll: {
      measure: `scroll the list ${SCROLL_STEP_PX} px per animation frame for ${SCROLL_FRAMES} frames (turning at the ends); time between frames`,
      baseline: 'the same animation-frame loop on bench-empty.html',
      accounts: Math.max(...sizes),
      p95FrameMs: null,
      maxFrameMs: null,
      longTasks: null,
      reachedEnd: null,
      emptyPageP95FrameMs: null,
      emptyPageMaxFrameMs: null,
    },
    inPage: {
      measure:
        "each page's own clock (ms from the start of its navigation), medians of the same loads: the load event; when the codes were first in the page and when that frame was painted (popup); when the harness's poll first ran",
      popup: {},
      emptyPage: {},
    },
    emptyPageMs: {},
    coldWorker: {
      measure:
        "the same popup load right after the extension's service worker was stopped (CDP ServiceWorker.stopAllWorkers), as Chromium stops it after about 30 s without events; baseline: the same run's empty-page loads",
      timeToAllCodesMs: {},
      ratioToEmptyPage: {},
      codesPaintedMs: {},
      samples: {},
    },
    /** The baseline before it paid the poll's round trip too: page.goto alone. */
    emptyPageGotoOnlyMs: {},
    timeToAllCodesMs: {},
    ratioToEmptyPage: {},
    ratioToEmptyPageGotoOnly: {},
    samples: {},
    errors: {},
  };

  let seeded = 0;
  for (const size of sizes) {
    const batch = uris.slice(seeded, size);
    for (let i = 0; i < batch.length; i += 250) {
      const { added } = await send(control, 'account.addMany', { uris: batch.slice(i, i + 250) });
      if (added !== batch.slice(i, i + 250).length) {
        throw new Error(
          `account.addMany added ${added} of ${batch.slice(i, i + 250).length} links`,
        );
      }
    }
    seeded = size;
    const listed = await send(control, 'vault.list', undefined);
    if (listed.length !== size)
      throw new Error(`vault.list has ${listed.length} accounts, expected ${size}`);
    log(`  ${size} accounts seeded; measuring ${reps[size]} loads…`);
    // Let work the seeding started in the background (storage writes, backup) finish first.
    await settle(control, 2000);

    /** Opens the popup until every rendered row shows its code, and that frame is painted. */
    const loadPopup = async () => {
      const page = await context.newPage();
      await page.addInitScript(watchCodes, size);
      const t0 = performance.now();
      await page.goto(popupUrl);
      // Playwright ships the function's source to the page (no eval there: the CSP forbids it).
      await page.waitForFunction(listShowsCodes, size, { polling: 'raf', timeout: 60_000 });
      const t1 = performance.now();
      await page.waitForFunction(() => globalThis.__benchCodesPainted !== undefined, undefined, {
        timeout: 60_000,
      });
      const inPage = await page.evaluate(inPageTimes);
      await page.close();
      // Tearing down thousands of rows happens after close() resolves, in the renderer that
      // all extension pages share; without a pause it lands on the next measurement.
      await settle(control);
      return { ms: t1 - t0, inPage };
    };
    const popupTimes = [];
    const emptyTimes = [];
    const emptyGotoTimes = [];
    const popupInPageRuns = [];
    const emptyInPageRuns = [];
    try {
      // One untimed load of each warms the extension's caches the way a second popup open would.
      for (let i = -1; i < reps[size]; i++) {
        const emptyPage = await context.newPage();
        const e0 = performance.now();
        await emptyPage.goto(emptyUrl);
        const e1 = performance.now();
        // The same poll the popup side waits on: shipping it to the page and hearing back takes
        // Playwright a round trip (tens of ms, more on a busy machine) that neither page's own
        // work causes, so both sides pay it.
        await emptyPage.waitForFunction(pageLoaded, undefined, { polling: 'raf', timeout: 60_000 });
        const e2 = performance.now();
        const emptyInPage = await emptyPage.evaluate(inPageTimes);
        await emptyPage.close();
        await settle(control);

        const popup = await loadPopup();
        if (i >= 0) {
          emptyTimes.push(e2 - e0);
          emptyGotoTimes.push(e1 - e0);
          popupTimes.push(popup.ms);
          emptyInPageRuns.push(emptyInPage);
          popupInPageRuns.push(popup.inPage);
        }
      }
      const cold = { ms: [], painted: [] };
      for (let i = 0; i < Math.min(reps[size], COLD_REPS); i++) {
        // As Chromium does after about 30 s without events; the load below starts it again.
        await stopExtensionWorker(context, extensionId);
        const popup = await loadPopup();
        cold.ms.push(popup.ms);
        cold.painted.push(popup.inPage.codesPaintedMs);
      }
      result.coldWorker.timeToAllCodesMs[size] = median(cold.ms);
      result.coldWorker.codesPaintedMs[size] = median(cold.painted);
      result.coldWorker.ratioToEmptyPage[size] = median(cold.ms) / median(emptyTimes);
      result.coldWorker.samples[size] = cold.ms;
    } catch (e) {
      result.errors[size] = e instanceof Error ? e.message.split('\n')[0] : String(e);
      log(`  ${size}: ${result.errors[size]}`);
      continue;
    }
    const p = median(popupTimes);
    const b = median(emptyTimes);
    result.timeToAllCodesMs[size] = p;
    result.emptyPageMs[size] = b;
    result.ratioToEmptyPage[size] = p / b;
    result.emptyPageGotoOnlyMs[size] = median(emptyGotoTimes);
    result.ratioToEmptyPageGotoOnly[size] = p / median(emptyGotoTimes);
    const medianOf = (runs, key) => median(runs.map((r) => r[key]));
    result.inPage.popup[size] = {
      loadMs: medianOf(popupInPageRuns, 'loadMs'),
      codesShownMs: medianOf(popupInPageRuns, 'codesShownMs'),
      codesPaintedMs: medianOf(popupInPageRuns, 'codesPaintedMs'),
      harnessFirstLookMs: medianOf(popupInPageRuns, 'harnessFirstLookMs'),
    };
    result.inPage.emptyPage[size] = {
      loadMs: medianOf(emptyInPageRuns, 'loadMs'),
      harnessFirstLookMs: medianOf(emptyInPageRuns, 'harnessFirstLookMs'),
    };
    result.samples[size] = {
      popupMs: popupTimes,
      emptyPageMs: emptyTimes,
      emptyPageGotoOnlyMs: emptyGotoTimes,
    };

    if (size !== Math.min(...sizes) && size !== Math.max(...sizes)) continue;
    try {
      await measureInteraction(context, {
        popupUrl,
        emptyUrl,
        size,
        uris,
        result,
        log,
        scroll: size === Math.max(...sizes),
      });
    } catch (e) {
      result.errors[`interaction ${size}`] =
        e instanceof Error ? e.message.split('\n')[0] : String(e);
      log(`  ${size}: ${result.errors[`interaction ${size}`]}`);
    }
    await settle(control);
  }
  await control.close();
  return result;
}
