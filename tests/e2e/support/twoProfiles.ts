/**
 * Two browser profiles of one user, as the backup and join specs drive them: a second profile
 * with the same build (so the same extension id), and the browser's sync played by the test.
 */
import { rm } from 'node:fs/promises';
import type { BrowserContext, Page } from '@playwright/test';
import { expect } from './extension';
import {
  launchChromium,
  makeProfileDir,
  waitForServiceWorker,
} from '../../../scripts/lib/launch-extension.mjs';

/** Sends one message to the background as the popup does, and returns its value. */
export async function send<T>(page: Page, type: string, data?: unknown): Promise<T> {
  const reply = (await page.evaluate(
    ({ type, data }) => chrome.runtime.sendMessage({ id: 1, type, data, timestamp: Date.now() }),
    { type, data },
  )) as { res?: { ok: boolean; value?: T; error?: unknown }; err?: unknown } | undefined;
  if (!reply?.res?.ok) throw new Error(`${type}: ${JSON.stringify(reply)}`);
  return reply.res.value as T;
}

/** The popup's one-line backup status. */
export const backupLine = (popup: Page) => popup.getByTestId('backup-status');

/**
 * Waits until the popup says the backup is done and holds `accounts` accounts (once a second
 * browser holds the backup, the line ends with the number of browsers).
 */
export async function backedUp(popup: Page, accounts: number): Promise<void> {
  const counted = `${accounts} ${accounts === 1 ? 'account' : 'accounts'}`;
  await expect(backupLine(popup)).toHaveText(
    new RegExp(
      `^Backed up (just now|\\d+ minutes? ago) · ${counted} · (<1|\\d+) ?% of sync space( · \\d+ browsers)?$`,
    ),
    { timeout: 30_000 },
  );
}

/**
 * What Chrome Sync would do between two profiles of one account: the source's items replace
 * the target's (keys the source no longer has go too). Done from Chromium's inert manifest
 * viewer on the extension's origin, so no Tessera code runs in the copying pages. The target's
 * background sees storage.onChanged, as it would when sync delivers. Returns the keys copied.
 */
export async function copySync(
  from: BrowserContext,
  to: BrowserContext,
  id: string,
): Promise<string[]> {
  const read = await from.newPage();
  await read.goto(`chrome-extension://${id}/manifest.json`);
  const items = await read.evaluate(() => chrome.storage.sync.get(null));
  await read.close();
  const write = await to.newPage();
  await write.goto(`chrome-extension://${id}/manifest.json`);
  await write.evaluate(async (items) => {
    const current = await chrome.storage.sync.get(null);
    const gone = Object.keys(current).filter((k) => !(k in items));
    if (gone.length > 0) await chrome.storage.sync.remove(gone);
    // One key at a time, as sync delivers them (and as the write-rate limit counts them).
    for (const [k, v] of Object.entries(items)) {
      if (JSON.stringify(current[k]) !== JSON.stringify(v))
        await chrome.storage.sync.set({ [k]: v });
    }
  }, items);
  await write.close();
  return Object.keys(items);
}

/**
 * A second browser profile (fresh user-data dir) with the same build: same extension id.
 * Restartable: the same dir opened again, as a browser closed and reopened.
 */
export async function secondProfile(extensionDir: string) {
  const dir = makeProfileDir('tessera-e2e-b-');
  let context = await launchChromium({ extensionDir, profileDir: dir });
  const id = new URL((await waitForServiceWorker(context)).url()).host;
  const popup = async () => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/popup.html`);
    return page;
  };
  return {
    get context() {
      return context;
    },
    id,
    popup,
    restart: async () => {
      await context.close();
      context = await launchChromium({ extensionDir, profileDir: dir });
      await waitForServiceWorker(context);
      return popup();
    },
    close: async () => {
      await context.close().catch(() => undefined);
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
