// The popup gives the list the room: at 360×600 at least six accounts are fully visible, the
// compact density (a general setting) fits more, the backup line stays in view, and at 200 %
// browser zoom nothing overflows sideways and every control can still be reached.
import type { Page } from '@playwright/test';
import { expect, test } from './support/extension';
import { createVault } from './support/vault';

const PASS = 'A long and private passphrase';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function secretOf(i: number): string {
  let x = i + 7;
  let s = '';
  for (let k = 0; k < 32; k++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += BASE32[(x >> 16) % 32];
  }
  return s;
}

const uriOf = (i: number) =>
  `otpauth://totp/${encodeURIComponent(`Service ${i}:person${'x'.repeat(i)}@example.com`)}?secret=${secretOf(i)}&issuer=${encodeURIComponent(`Service ${i}`)}`;

async function addAccounts(page: Page, count: number): Promise<void> {
  const uris = Array.from({ length: count }, (_, i) => uriOf(i));
  const reply = await page.evaluate(
    (data) =>
      chrome.runtime.sendMessage({ id: 1, type: 'account.addMany', data, timestamp: Date.now() }),
    { uris },
  );
  expect(reply?.res?.ok, JSON.stringify(reply)).toBe(true);
}

/** Rows whose whole box lies inside the part of the list the user can see. */
async function fullyVisibleRows(popup: Page): Promise<number> {
  return popup.evaluate(() => {
    const list = document.querySelector('[role="list"], ul[aria-label]');
    const scroller = list?.closest('main');
    if (!list || !scroller) return -1;
    const view = scroller.getBoundingClientRect();
    const top = Math.max(view.top, 0);
    const bottom = Math.min(view.bottom, window.innerHeight);
    return [...list.querySelectorAll('li')].filter((row) => {
      const box = row.getBoundingClientRect();
      return box.height > 0 && box.top >= top - 0.5 && box.bottom <= bottom + 0.5;
    }).length;
  });
}

async function openUnlockedPopup(
  openPopup: () => Promise<Page>,
  size: { width: number; height: number },
): Promise<Page> {
  const popup = await openPopup();
  await popup.setViewportSize(size);
  await createVault(popup, PASS);
  await addAccounts(popup, 12);
  await popup.reload();
  await expect(popup.getByRole('list', { name: 'Accounts' }).getByRole('listitem')).not.toHaveCount(
    0,
  );
  return popup;
}

test('at 360×600 six accounts are fully visible; compact density shows more; the backup line stays', async ({
  context,
  extensionId,
  openPopup,
}) => {
  test.setTimeout(120_000);
  const popup = await openUnlockedPopup(openPopup, { width: 360, height: 600 });
  // The set-once settings are no longer in the popup; Settings has them.
  await expect(popup.getByLabel('Lock automatically')).toHaveCount(0);
  await expect(popup.getByLabel('Also copy the code when filling it')).toHaveCount(0);
  await expect(popup.getByTestId('backup-status')).toBeInViewport({ ratio: 1 });
  await expect(popup.getByRole('button', { name: 'Settings', exact: true })).toBeInViewport();

  const comfortable = await fullyVisibleRows(popup);
  expect(comfortable).toBeGreaterThanOrEqual(6);

  const settings = await context.newPage();
  await settings.goto(`chrome-extension://${extensionId}/options.html`);
  const density = settings.getByLabel('Density of the account list');
  await expect(density).toHaveValue('comfortable');
  await density.selectOption({ label: 'Compact' });
  await expect(density).toBeEnabled();
  await expect(settings.locator('html')).toHaveAttribute('data-density', 'compact');

  // The open popup follows the stored setting, and so does a popup opened afterwards.
  await expect(popup.locator('html')).toHaveAttribute('data-density', 'compact');
  await expect.poll(() => fullyVisibleRows(popup)).toBeGreaterThan(comfortable);
  await popup.close();
  const again = await openPopup();
  await again.setViewportSize({ width: 360, height: 600 });
  await expect(again.locator('html')).toHaveAttribute('data-density', 'compact');
  await expect(again.getByTestId('backup-status')).toBeInViewport({ ratio: 1 });
  await settings.reload();
  await expect(settings.getByLabel('Density of the account list')).toHaveValue('compact');
});

test('at 200 % browser zoom nothing overflows sideways and every control can be reached', async ({
  openPopup,
}) => {
  test.setTimeout(120_000);
  // Chromium grows a popup to at most 800×600 device pixels; at 200 % zoom the 360 px page is
  // 720 device pixels wide and the 600 device pixels high window is 300 CSS pixels high.
  const popup = await openUnlockedPopup(openPopup, { width: 360, height: 300 });

  const overflow = await popup.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);

  const controls = popup.locator('button:visible, input:visible, select:visible');
  const count = await controls.count();
  expect(count).toBeGreaterThan(5);
  for (let i = 0; i < count; i++) {
    const control = controls.nth(i);
    await control.scrollIntoViewIfNeeded();
    await expect(control).toBeInViewport();
    const box = await control.boundingBox();
    expect(box, `control ${i}`).not.toBeNull();
    if (box) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(360 + 0.5);
    }
  }
  // The last thing in the page, the backup line, is reachable and works.
  await popup.getByTestId('backup-status').click();
  await expect(popup.getByRole('dialog')).toBeVisible();
});
