// What a page's content-script world can do to Tessera's settings. The isolated world of a
// script injected with chrome.scripting is the world the autofill content script runs in, with
// the same chrome.storage access: if it could change the auto-lock, so could any page whose
// renderer is compromised.
import type { Page, Worker } from '@playwright/test';
import { backdateActivity } from './support/idle';
import { createVault } from './support/vault';
import { startFixtureServer, type FixtureServer } from './support/server';
import { expect, test } from './support/extension';

const PASS = 'A long and private passphrase';

let server: FixtureServer;
test.beforeAll(async () => {
  server = await startFixtureServer();
});
test.afterAll(async () => {
  await server.close();
});

/** Runs `chrome.storage[area].set(items)` in the content-script world of the page's tab. */
async function writeFromContentScriptWorld(
  sw: Worker,
  url: string,
  items: Record<string, unknown>,
  area: 'local' | 'sync' = 'local',
) {
  return sw.evaluate(
    async ({ url, items, area }) => {
      const tab = (await chrome.tabs.query({})).find((t) => t.url === url);
      if (tab?.id === undefined) throw new Error(`no tab at ${url}`);
      const [result] = await chrome.scripting.executeScript({
        target: { tabId: tab.id },
        world: 'ISOLATED',
        args: [items, area],
        func: async (toWrite: Record<string, unknown>, where: 'local' | 'sync') => {
          try {
            await chrome.storage[where].set(toWrite);
            return 'written';
          } catch (e) {
            return `refused: ${e instanceof Error ? e.message : String(e)}`;
          }
        },
      });
      return result?.result as string;
    },
    { url, items, area },
  );
}

/** Three hours without use, then a new popup: it must ask for the passphrase. */
async function expectLockedAfterIdle(
  popup: Page,
  sw: Worker,
  openPopup: () => Promise<Page>,
): Promise<void> {
  await popup.close();
  await backdateActivity(sw, 3 * 3600_000);
  const again = await openPopup();
  await expect(again.getByRole('heading', { name: 'Unlock Tessera' })).toBeVisible({
    timeout: 30_000,
  });
}

test('a content-script-world write of autoLock "never" does not keep the vault unlocked', async ({
  context,
  openPopup,
  serviceWorker,
}) => {
  test.setTimeout(120_000);
  const popup = await openPopup();
  await createVault(popup, PASS);

  const url = server.url('127.0.0.1', '/autofill/distractors.html');
  const page = await context.newPage();
  await page.goto(url);
  const outcome = await writeFromContentScriptWorld(serviceWorker, url, {
    autoLock: { mode: 'never' },
  });
  // Chromium: storage.local is for trusted contexts only. (Firefox cannot restrict it; there
  // the value would land, and the next step shows it is not read.)
  expect(outcome).toMatch(/^refused/);
  // Nor can it plant a backup header in storage.sync.
  expect(await writeFromContentScriptWorld(serviceWorker, url, { h: { v: 1 } }, 'sync')).toMatch(
    /^refused/,
  );

  await expectLockedAfterIdle(popup, serviceWorker, openPopup);
});

test('whatever storage.local says, the auto-lock comes from where pages cannot write', async ({
  openPopup,
  serviceWorker,
}) => {
  test.setTimeout(120_000);
  const popup = await openPopup();
  await createVault(popup, PASS);
  // Firefox's content scripts can write storage.local: put the value there directly.
  await serviceWorker.evaluate(() => chrome.storage.local.set({ autoLock: { mode: 'never' } }));
  await expectLockedAfterIdle(popup, serviceWorker, openPopup);
});
