// When the vault locks by itself: the user's "Lock automatically" choice, a browser restart
// (the same profile opened again), and idle time. A restart here is the real thing: the browser
// is closed and Chromium is started again on the same profile directory.
import * as OTPAuth from 'otpauth';
import { rm } from 'node:fs/promises';
import type { BrowserContext, Page } from '@playwright/test';
import {
  launchChromium,
  makeProfileDir,
  waitForServiceWorker,
} from '../../scripts/lib/launch-extension.mjs';
import { EXPECTED_EXTENSION_ID, expect, test } from './support/extension';
import { backdateActivity } from './support/idle';

const PASS = 'A long and private passphrase';
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const ISSUER = 'Lockable Inc';
const URI = `otpauth://totp/${encodeURIComponent(`${ISSUER}:frank`)}?secret=${SECRET}&issuer=${encodeURIComponent(ISSUER)}`;

const FAST_URI =
  'otpauth://totp/Fast%20Tick:frank?secret=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U&issuer=Fast%20Tick&period=10';

function codesAround(atMs: number): string[] {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(SECRET) });
  return [atMs - 30_000, atMs, atMs + 30_000].map((t) => totp.generate({ timestamp: t }));
}

async function createVaultWithAccount(popup: Page): Promise<void> {
  await popup.getByLabel('Passphrase', { exact: true }).fill(PASS);
  await popup.getByLabel('Confirm passphrase').fill(PASS);
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await popup.getByLabel('I have saved my recovery key').check({ timeout: 30_000 });
  await popup.getByRole('button', { name: 'Continue' }).click();
  await popup.getByRole('button', { name: 'Add account' }).click();
  await popup.getByLabel('otpauth:// link').fill(URI);
  await popup.getByRole('button', { name: 'Add', exact: true }).click();
  await expectCodes(popup);
}

/** The unlocked list, with a code that is right for the current time. */
async function expectCodes(popup: Page): Promise<void> {
  const item = popup.getByRole('listitem').filter({ hasText: ISSUER });
  await expect(item).toBeVisible();
  const shown = (await item.getByTestId('code').innerText()).replace(/\s/g, '');
  expect(codesAround(await popup.evaluate(() => Date.now()))).toContain(shown);
  await expect(popup.getByRole('heading', { name: 'Unlock Tessera' })).toHaveCount(0);
}

async function expectLocked(popup: Page): Promise<void> {
  await expect(popup.getByRole('heading', { name: 'Unlock Tessera' })).toBeVisible();
  await expect(popup.getByRole('button', { name: 'Unlock' })).toBeVisible();
  await expect(popup.getByText(ISSUER)).toHaveCount(0);
}

async function unlock(popup: Page): Promise<void> {
  await popup.getByLabel('Passphrase', { exact: true }).fill(PASS);
  await popup.getByRole('button', { name: 'Unlock' }).click();
  await expect(popup.getByRole('listitem').filter({ hasText: ISSUER })).toBeVisible({
    timeout: 30_000,
  });
}

/**
 * The auto-lock choice lives in Settings (the popup leaves its room to the list): open the
 * settings page next to the popup, in the same browser, and use it there.
 */
async function withSettings<T>(popup: Page, use: (settings: Page) => Promise<T>): Promise<T> {
  const settings = await popup.context().newPage();
  try {
    await settings.goto(`chrome-extension://${EXPECTED_EXTENSION_ID}/options.html#general`);
    return await use(settings);
  } finally {
    await settings.close();
  }
}

async function chooseAutoLock(popup: Page, text: string): Promise<void> {
  await withSettings(popup, async (settings) => {
    const select = settings.getByLabel('Lock automatically');
    await select.selectOption({ label: text });
    // The select is disabled while the background stores the choice.
    await expect(select).toBeEnabled();
    await expect(settings.getByRole('alert')).toHaveCount(0);
  });
}

async function expectAutoLock(popup: Page, text: string): Promise<void> {
  await withSettings(popup, async (settings) => {
    const select = settings.getByLabel('Lock automatically');
    await expect(select.locator('option:checked')).toHaveText(text);
  });
}

/** Opens the popup in a context, once the extension's background is up. */
async function openPopupIn(context: BrowserContext): Promise<Page> {
  await waitForServiceWorker(context);
  const page = await context.newPage();
  await page.goto(`chrome-extension://${EXPECTED_EXTENSION_ID}/popup.html`);
  return page;
}

/**
 * Quits the browser and starts it again on the same profile with the same extension, as a
 * person closing and reopening Chromium. Every context started here is closed by the test.
 */
function restarter(extensionDir: string, profileDir: string) {
  const started: BrowserContext[] = [];
  return {
    async restart(current: BrowserContext): Promise<BrowserContext> {
      await current.close();
      const next = await launchChromium({ extensionDir, profileDir });
      started.push(next);
      return next;
    },
    async closeAll(): Promise<void> {
      for (const c of started) await c.close().catch(() => undefined);
    },
  };
}

test('the auto-lock choice is kept, and a browser restart locks the vault', async ({
  context,
  openPopup,
  extensionDir,
  profileDir,
}) => {
  const browser = restarter(extensionDir, profileDir);
  try {
    let popup = await openPopup();
    await createVaultWithAccount(popup);
    await expectAutoLock(popup, 'After 15 minutes idle');

    await chooseAutoLock(popup, 'After 5 minutes idle');
    await popup.close();
    popup = await openPopup();
    await expectCodes(popup);
    await expectAutoLock(popup, 'After 5 minutes idle');

    // Idle mode: a restart locks.
    let ctx = await browser.restart(context);
    popup = await openPopupIn(ctx);
    await expectLocked(popup);
    await unlock(popup);
    await expectCodes(popup);
    await expectAutoLock(popup, 'After 5 minutes idle');

    // "When the browser closes": kept across reopening, and a restart locks.
    await chooseAutoLock(popup, 'When the browser closes');
    await popup.close();
    popup = await openPopupIn(ctx);
    await expectCodes(popup);
    await expectAutoLock(popup, 'When the browser closes');

    ctx = await browser.restart(ctx);
    popup = await openPopupIn(ctx);
    await expectLocked(popup);
    await unlock(popup);
    await expectAutoLock(popup, 'When the browser closes');
  } finally {
    await browser.closeAll();
  }
});

test('"Never on this device" survives a browser restart unlocked, but a manual Lock wins until the next unlock', async ({
  context,
  openPopup,
  extensionDir,
  profileDir,
}) => {
  // Four browser restarts: about 50 s on a busy two-core machine, too close to the default 60.
  test.setTimeout(180_000);
  const browser = restarter(extensionDir, profileDir);
  try {
    let popup = await openPopup();
    await createVaultWithAccount(popup);
    await chooseAutoLock(popup, 'Never on this device');
    await withSettings(popup, (settings) =>
      expect(
        settings.getByText(
          /^Anyone using this browser profile can see your codes, .* no protection at rest\.$/,
        ),
      ).toBeVisible(),
    );

    let ctx = await browser.restart(context);
    popup = await openPopupIn(ctx);
    await expectCodes(popup);
    await expectAutoLock(popup, 'Never on this device');

    // Lock by hand: locked now, and still locked after a restart.
    await popup.getByRole('button', { name: 'Lock', exact: true }).click();
    await expectLocked(popup);
    ctx = await browser.restart(ctx);
    popup = await openPopupIn(ctx);
    await expectLocked(popup);

    // Unlocking again puts "never" back in force for the next restart.
    await unlock(popup);
    ctx = await browser.restart(ctx);
    popup = await openPopupIn(ctx);
    await expectCodes(popup);

    // Choosing a locking mode again removes the device key: the next restart locks.
    await chooseAutoLock(popup, 'After 15 minutes idle');
    ctx = await browser.restart(ctx);
    popup = await openPopupIn(ctx);
    await expectLocked(popup);
  } finally {
    await browser.closeAll();
  }
});

/**
 * The shortest idle time a user can choose is one minute, and the background measures it with
 * the real clock (Date.now in the service worker). The first 45 s are taken as gone (the idle
 * clock set back); the last 15 s pass for real, in two browsers at once, while the pop-out
 * window refreshes its codes at least once.
 */
test('idle auto-lock: after a minute without use the vault locks, also with a pop-out window left open', async ({
  openPopup,
  extensionDir,
  serviceWorker,
}) => {
  test.setTimeout(150_000);
  const otherProfile = makeProfileDir('tessera-e2e-idle-');
  const other = await launchChromium({ extensionDir, profileDir: otherProfile });
  try {
    // Story 1 (this browser): choose one minute, then close the popup.
    let popup = await openPopup();
    await createVaultWithAccount(popup);
    await chooseAutoLock(popup, 'After 1 minute idle');
    // Using the popup is activity: reopening at once finds the vault still open.
    await popup.close();
    popup = await openPopup();
    await expectCodes(popup);
    await expectAutoLock(popup, 'After 1 minute idle');
    await popup.close();

    // Story 2 (another browser): the same, but the user pops the popup out into a window and
    // walks away from it. The window only redraws codes; nobody touches it.
    const otherPopup = await openPopupIn(other);
    await createVaultWithAccount(otherPopup);
    // A 10-second account makes the window refresh its codes every 10 s rather than every 30 s.
    await otherPopup.getByRole('button', { name: 'Add account' }).click();
    await otherPopup.getByLabel('otpauth:// link').fill(FAST_URI);
    await otherPopup.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(otherPopup.getByRole('listitem').filter({ hasText: 'Fast Tick' })).toBeVisible();
    await chooseAutoLock(otherPopup, 'After 1 minute idle');
    const opened = other.waitForEvent('page');
    await otherPopup.getByRole('button', { name: 'Open in a window' }).click();
    const popOutWindow = await opened;
    await expectCodes(popOutWindow);

    await Promise.all([
      backdateActivity(serviceWorker, 45_000),
      backdateActivity(await waitForServiceWorker(other), 45_000),
    ]);
    const agedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, agedAt + 16_000 - Date.now()));

    await test.step('closed popup: the next opening shows the unlock screen', async () => {
      popup = await openPopup();
      await expectLocked(popup);
      await unlock(popup);
      await expectCodes(popup);
      await expectAutoLock(popup, 'After 1 minute idle');
    });

    await test.step('pop-out window left open: its timed code refreshes are not use', async () => {
      // The forgotten window stops showing codes by itself, at its next refresh (every 10 s).
      await expect(popOutWindow.getByRole('heading', { name: 'Unlock Tessera' })).toBeVisible({
        timeout: 15_000,
      });
      await expectLocked(popOutWindow);
      const fresh = await other.newPage();
      await fresh.goto(`chrome-extension://${EXPECTED_EXTENSION_ID}/popup.html`);
      await expectLocked(fresh);
    });
  } finally {
    await other.close();
    await rm(otherProfile, { recursive: true, force: true, maxRetries: 3 });
  }
});
