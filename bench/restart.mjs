// The first popup after the browser starts: its service worker starts with it, reads the
// vault's state and the organisation's policy (Chromium answers storage.managed only seconds
// after it starts; lib/core/policy/reader.ts). Baseline: an empty page of the same extension,
// opened the same way after its own restart. Restarts alternate between the two.
// `benchRestart()` returns { results, rows } for scripts/bench.mjs.
import { rmSync } from 'node:fs';
import {
  EXPECTED_EXTENSION_ID,
  launchChromium,
  makeProfileDir,
} from '../scripts/lib/launch-extension.mjs';

const PASS = 'a bench passphrase of some length';
const RESTARTS = 7;

/** Opens `file` right after the browser starts; returns the page's clock once `ready` holds. */
async function firstOpen(extensionDir, profileDir, file, ready) {
  const context = await launchChromium({ extensionDir, profileDir });
  try {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${EXPECTED_EXTENSION_ID}/${file}`);
    await page.waitForFunction(ready, undefined, { polling: 'raf', timeout: 60_000 });
    return await page.evaluate(() => performance.now());
  } finally {
    await context.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** @param {string} extensionDir the bench's copy of the e2e build (it has bench-empty.html) */
export async function benchRestart(extensionDir) {
  const profileDir = makeProfileDir('tessera-bench-restart-');
  try {
    // A profile with a vault: after a restart the popup shows its unlock screen.
    const setup = await launchChromium({ extensionDir, profileDir });
    try {
      const page = await setup.newPage();
      await page.goto(`chrome-extension://${EXPECTED_EXTENSION_ID}/popup.html`);
      const reply = await page.evaluate(
        (passphrase) =>
          chrome.runtime.sendMessage({
            id: 1,
            type: 'vault.create',
            data: { passphrase, confirm: passphrase },
            timestamp: Date.now(),
          }),
        PASS,
      );
      if (!reply?.res?.ok) throw new Error(`vault.create: ${JSON.stringify(reply)}`);
      // The first policy answer is kept for the next start, as in a profile used before.
      await page.waitForTimeout(2_000);
    } finally {
      await setup.close();
    }
    const popup = [];
    const empty = [];
    for (let i = 0; i < RESTARTS; i++) {
      popup.push(
        await firstOpen(extensionDir, profileDir, 'popup.html', () =>
          [...document.querySelectorAll('button')].some((b) => b.textContent?.trim() === 'Unlock'),
        ),
      );
      empty.push(
        await firstOpen(
          extensionDir,
          profileDir,
          'bench-empty.html',
          () => document.readyState === 'complete',
        ),
      );
    }
    const results = {
      measure: `a browser restart, then popup.html in a new tab until its Unlock button is in the page (page clock, polled each animation frame); ${RESTARTS} restarts`,
      baseline: 'bench-empty.html opened the same way after its own restart, until loaded',
      popupMs: median(popup),
      emptyPageMs: median(empty),
      samples: { popup, empty },
    };
    const rows = [
      [
        'popup after a browser restart: unlock screen',
        `${results.popupMs.toFixed(0)} ms`,
        'empty extension page after a restart',
        `${results.emptyPageMs.toFixed(0)} ms`,
        `${(results.popupMs / results.emptyPageMs).toFixed(2)}×`,
      ],
    ];
    return { results, rows };
  } finally {
    rmSync(profileDir, { recursive: true, force: true });
  }
}
