// Popup load cost: from navigation until every seeded account shows its code, against opening
// an empty page of the same extension (bench/empty.html) in the same run.

const PASSPHRASE = 'bench passphrase that is long enough';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Creates the vault through the same UI a person uses, leaving it unlocked.
 * @param {import('@playwright/test').Page} page
 */
async function createVault(page) {
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
async function send(page, type, data) {
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
 * Counts list rows whose text holds a code: five or more digits, optionally grouped by single
 * spaces. Bench labels and issuers contain no digits, and a countdown has at most two.
 */
function allRowsShowCodes(expected) {
  const rows = document.querySelectorAll('[role="list"] > [role="listitem"], ul > li, ol > li');
  let n = 0;
  for (const row of rows)
    if (/\d(?:[\s\u00a0\u2009\u202f]?\d){4,}/.test(row.textContent ?? '')) n++;
  return n === expected;
}

/**
 * Waits a fixed pause, then for an idle moment in the extension's renderer.
 * @param {import('@playwright/test').Page} page an extension page
 */
async function settle(page, ms = 500) {
  await page.waitForTimeout(ms);
  await page.evaluate(
    () =>
      new Promise((resolve) => requestIdleCallback(() => resolve(undefined), { timeout: 2000 })),
  );
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
    baseline: 'chrome-extension://<id>/bench-empty.html: an empty HTML page of the same extension',
    measure:
      'new tab, then page.goto(popup.html) until every list row shows a code (polled each animation frame)',
    emptyPageMs: {},
    timeToAllCodesMs: {},
    ratioToEmptyPage: {},
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

    const popupTimes = [];
    const emptyTimes = [];
    try {
      // One untimed load of each warms the extension's caches the way a second popup open would.
      for (let i = -1; i < reps[size]; i++) {
        const emptyPage = await context.newPage();
        const e0 = performance.now();
        await emptyPage.goto(emptyUrl);
        const e1 = performance.now();
        await emptyPage.close();
        await settle(control);

        const page = await context.newPage();
        const t0 = performance.now();
        await page.goto(popupUrl);
        // Playwright ships the function's source to the page (no eval there: the CSP forbids it).
        await page.waitForFunction(allRowsShowCodes, size, { polling: 'raf', timeout: 60_000 });
        const t1 = performance.now();
        await page.close();
        // Tearing down thousands of rows happens after close() resolves, in the renderer that
        // all extension pages share; without a pause it lands on the next measurement.
        await settle(control);
        if (i >= 0) {
          emptyTimes.push(e1 - e0);
          popupTimes.push(t1 - t0);
        }
      }
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
    result.samples[size] = { popupMs: popupTimes, emptyPageMs: emptyTimes };
  }
  await control.close();
  return result;
}
