// A copied code is wiped from the clipboard 30 s later, by the background (an alarm and, in
// Chromium, an offscreen document), because the popup is long closed by then. The clipboard is
// read the way any web page would, from an ordinary https page with clipboard permission.
import * as OTPAuth from 'otpauth';
import { rm } from 'node:fs/promises';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import {
  launchChromium,
  makeProfileDir,
  waitForServiceWorker,
} from '../../scripts/lib/launch-extension.mjs';
import { EXPECTED_EXTENSION_ID, expect, test } from './support/extension';

const PASS = 'A long and private passphrase';
const SECRET = 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF';
const ISSUER = 'Clipboard Bank';
const URI = `otpauth://totp/${encodeURIComponent(`${ISSUER}:grace`)}?secret=${SECRET}&issuer=${encodeURIComponent(ISSUER)}`;
const NOTES_URL = 'https://notes.example/';

function codesAround(atMs: number): string[] {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(SECRET) });
  return [atMs - 30_000, atMs, atMs + 30_000].map((t) => totp.generate({ timestamp: t }));
}

/** Creates the vault, adds one account, copies its code, closes the popup: the copied code. */
async function copyCodeAndClose(
  context: BrowserContext,
  openPopup: () => Promise<Page>,
): Promise<{ code: string; copiedAt: number }> {
  const popup = await openPopup();
  await popup.getByLabel('Passphrase', { exact: true }).fill(PASS);
  await popup.getByLabel('Confirm passphrase').fill(PASS);
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await popup.getByLabel('I have saved my recovery key').check({ timeout: 30_000 });
  await popup.getByRole('button', { name: 'Continue' }).click();
  await popup.getByRole('button', { name: 'Add account' }).click();
  await popup.getByLabel('otpauth:// link').fill(URI);
  await popup.getByRole('button', { name: 'Add', exact: true }).click();

  const copiedAt = Date.now();
  await popup.getByRole('listitem').filter({ hasText: ISSUER }).getByTestId('code').click();
  await expect(popup.getByRole('status')).toHaveText('Copied');
  const code = await popup.evaluate(() => navigator.clipboard.readText());
  expect(codesAround(copiedAt)).toContain(code);
  await popup.close();
  expect(context.pages().some((p) => p.url().includes('popup.html'))).toBe(false);
  return { code, copiedAt };
}

/** An ordinary web page (served by the test, not the extension) to read the clipboard from. */
async function openNotesPage(context: BrowserContext): Promise<Page> {
  await context.route(`${NOTES_URL}**`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<title>Notes</title><textarea></textarea>' }),
  );
  const page = await context.newPage();
  await page.goto(NOTES_URL);
  return page;
}

function readClipboard(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

/** Whether the background still has a clear pending (it drops it when the alarm fires). */
async function clearPending(worker: Worker): Promise<boolean> {
  return worker.evaluate(async () => {
    const [alarm, session] = await Promise.all([
      chrome.alarms.get('clipboard-clear'),
      chrome.storage.session.get('clipboardPending'),
    ]);
    return Boolean(alarm) || 'clipboardPending' in session;
  });
}

/**
 * Both outcomes need a real 30 s wait, and the clipboard holds one thing at a time. Headless
 * Chromium keeps a clipboard per browser, so the second story runs in a second browser at the
 * same time and the two waits overlap (if the clipboards were shared, the first story's reads
 * would see the second one's text and fail).
 */
test('30 s after a copy the code is wiped, but something the user copied since is left alone', async ({
  context,
  openPopup,
  serviceWorker,
  extensionDir,
}) => {
  test.setTimeout(120_000);
  const profileDir = makeProfileDir('tessera-e2e-clip-');
  const other = await launchChromium({ extensionDir, profileDir });
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await other.grantPermissions(['clipboard-read', 'clipboard-write']);
    const otherWorker = await waitForServiceWorker(other);
    const openOtherPopup = async () => {
      const page = await other.newPage();
      await page.goto(`chrome-extension://${EXPECTED_EXTENSION_ID}/popup.html`);
      return page;
    };

    // Story 1 (this browser): copy, close the popup, copy nothing else.
    const wiped = await copyCodeAndClose(context, openPopup);
    const notes = await openNotesPage(context);
    expect(await readClipboard(notes)).toBe(wiped.code);

    // Story 2 (the other browser): copy, close the popup, then copy some text from a page.
    const kept = await copyCodeAndClose(other, openOtherPopup);
    const otherNotes = await openNotesPage(other);
    expect(await readClipboard(otherNotes)).toBe(kept.code);
    expect(await clearPending(otherWorker)).toBe(true);
    await otherNotes.evaluate(() => navigator.clipboard.writeText('other text'));
    expect(await readClipboard(otherNotes)).toBe('other text');
    expect(await readClipboard(notes)).toBe(wiped.code);

    await test.step('the code is wiped once the 30 s are up, not before', async () => {
      // Poll as a page would: the code must stay until the 30 s are up, then go.
      let clearedAt: number | null = null;
      while (Date.now() - wiped.copiedAt < 45_000) {
        const now = Date.now();
        const value = await readClipboard(notes);
        if (value !== wiped.code) {
          expect(value).toBe('');
          clearedAt = now;
          break;
        }
        await notes.waitForTimeout(500);
      }
      expect(clearedAt, 'the clipboard still held the code 45 s after copying').not.toBeNull();
      const after = (clearedAt ?? 0) - wiped.copiedAt;
      expect(after).toBeGreaterThanOrEqual(29_000);
      expect(after).toBeLessThan(45_000);
      test.info().annotations.push({ type: 'cleared after', description: `${after} ms` });
      expect(await clearPending(serviceWorker)).toBe(false);
    });

    await test.step('text copied after the code stays when the 30 s are up', async () => {
      // Wait for the background to act on its alarm, then give the offscreen document time to
      // do whatever it would do; the clipboard must still hold what the user copied.
      await expect
        .poll(() => clearPending(otherWorker), {
          timeout: Math.max(1_000, 45_000 - (Date.now() - kept.copiedAt)),
        })
        .toBe(false);
      expect(Date.now() - kept.copiedAt).toBeGreaterThanOrEqual(29_000);
      for (let i = 0; i < 6; i++) {
        expect(await readClipboard(otherNotes)).toBe('other text');
        await otherNotes.waitForTimeout(500);
      }
    });
  } finally {
    await other.close();
    await rm(profileDir, { recursive: true, force: true, maxRetries: 3 });
  }
});
