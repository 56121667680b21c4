// A vault with many accounts: the popup renders only the rows in view, yet scrolling reaches the
// last account, search finds accounts that were never rendered, the keyboard walks the whole
// list, and screen readers are told each row's place in it. Codes are checked against an
// independent implementation (the otpauth library).
import * as OTPAuth from 'otpauth';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/extension';
import { createVault } from './support/vault';

const PASS = 'A long and private passphrase';
const COUNT = 1000;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A distinct 20-byte Base32 secret per account (the vault refuses the same secret twice). */
function secretOf(i: number): string {
  let x = i + 1;
  let s = '';
  for (let k = 0; k < 32; k++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += BASE32[(x >> 16) % 32];
  }
  return s;
}

/** Names without digits, so any digit in a row comes from its code or countdown. */
function nameOf(i: number): string {
  let out = '';
  let n = i;
  do {
    out = String.fromCharCode(97 + (n % 26)) + out;
    n = Math.floor(n / 26);
  } while (n > 0);
  return `user-${out}`;
}

const issuerOf = (i: number) => `Service ${nameOf(i).slice(5).toUpperCase()}`;

function uriOf(i: number): string {
  const issuer = issuerOf(i);
  const path = encodeURIComponent(`${issuer}:${nameOf(i)}`);
  return `otpauth://totp/${path}?secret=${secretOf(i)}&issuer=${encodeURIComponent(issuer)}`;
}

/** The codes of the windows around `atMs`: the page may roll over between two reads. */
function totpAround(secret: string, atMs: number): string[] {
  return [atMs - 30_000, atMs, atMs + 30_000].map((t) =>
    new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp: t }),
  );
}

/** The route the benchmark seeds through: one protocol message as @webext-core/messaging sends it. */
async function addMany(page: Page, uris: string[]): Promise<number> {
  const reply = await page.evaluate(
    (data) =>
      chrome.runtime.sendMessage({ id: 1, type: 'account.addMany', data, timestamp: Date.now() }),
    { uris },
  );
  expect(reply?.res?.ok, JSON.stringify(reply)).toBe(true);
  return reply.res.value.added as number;
}

function accountsList(popup: Page): Locator {
  return popup.getByRole('list', { name: 'Accounts' });
}

/** The row of account `i`, matched on its whole name (user-b is not user-ba). */
function rowOf(popup: Page, i: number): Locator {
  return accountsList(popup)
    .getByRole('listitem')
    .filter({ has: popup.getByText(nameOf(i), { exact: true }) });
}

async function shownCode(row: Locator): Promise<string> {
  return (await row.getByTestId('code').innerText()).replace(/\s/g, '');
}

test('1,000 accounts: only rows in view are rendered; scrolling reaches the last, search finds one never rendered, the keyboard walks the list', async ({
  context,
  openPopup,
}) => {
  test.setTimeout(180_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  let popup = await openPopup();
  await createVault(popup, PASS);
  const uris = Array.from({ length: COUNT }, (_, i) => uriOf(i));
  let added = 0;
  for (let i = 0; i < COUNT; i += 250) added += await addMany(popup, uris.slice(i, i + 250));
  expect(added).toBe(COUNT);
  await popup.close();
  popup = await openPopup();

  const list = accountsList(popup);
  const first = rowOf(popup, 0);
  await expect(first).toBeVisible();
  await expect(first).toHaveAttribute('aria-posinset', '1');
  await expect(first).toHaveAttribute('aria-setsize', String(COUNT));
  // Windowed: a screenful and some spare, not a thousand rows.
  const rendered = await list.getByRole('listitem').count();
  expect(rendered).toBeGreaterThan(3);
  expect(rendered).toBeLessThan(60);
  let now = await popup.evaluate(() => Date.now());
  expect(totpAround(secretOf(0), now)).toContain(await shownCode(first));

  // The last account is not in the page until the list is scrolled to its end.
  const last = rowOf(popup, COUNT - 1);
  await expect(last).toHaveCount(0);
  await list.evaluate((ul) => {
    let node = ul.parentElement;
    while (node && !['auto', 'scroll'].includes(getComputedStyle(node).overflowY)) {
      node = node.parentElement;
    }
    const scroller = node ?? document.scrollingElement;
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
  });
  await expect(last).toBeInViewport();
  await expect(last).toHaveAttribute('aria-posinset', String(COUNT));
  now = await popup.evaluate(() => Date.now());
  expect(totpAround(secretOf(COUNT - 1), now)).toContain(await shownCode(last));
  expect(await list.getByRole('listitem').count()).toBeLessThan(60);
  await expect(first).toHaveCount(0);

  // Search finds an account from the middle that has never been on screen, with its code.
  const middle = 537;
  await expect(rowOf(popup, middle)).toHaveCount(0);
  const search = popup.getByRole('searchbox', { name: 'Search accounts' });
  await search.fill(nameOf(middle));
  const found = rowOf(popup, middle);
  await expect(found).toBeInViewport();
  await expect(found).toHaveAttribute('aria-posinset', '1');
  now = await popup.evaluate(() => Date.now());
  expect(totpAround(secretOf(middle), now)).toContain(await shownCode(found));
  // Clearing the search shows the list from its top again.
  await search.fill('');
  await expect(first).toBeInViewport();

  // The keyboard walks the whole list, bringing each focused row into view.
  await search.focus();
  await popup.keyboard.press('ArrowDown');
  await expect(first).toBeFocused();
  await popup.keyboard.press('End');
  await expect(last).toBeFocused();
  await expect(last).toBeInViewport();
  await popup.keyboard.press('ArrowUp');
  await expect(rowOf(popup, COUNT - 2)).toBeFocused();
  await expect(rowOf(popup, COUNT - 2)).toBeInViewport();
  await popup.keyboard.press('Home');
  await expect(first).toBeFocused();
  await expect(first).toBeInViewport();
  await popup.keyboard.press('PageDown');
  const paged = popup.locator('li[data-account-id]:focus');
  await expect(paged).toBeInViewport();
  expect(Number(await paged.getAttribute('aria-posinset'))).toBeGreaterThan(2);

  // A focused row scrolled out of view by the mouse keeps focus; ArrowDown brings the next
  // row into view.
  await popup.keyboard.press('Home');
  await expect(first).toBeFocused();
  await popup.mouse.move(180, 300);
  for (let i = 0; i < 20; i++) await popup.mouse.wheel(0, 600);
  await expect(rowOf(popup, 0)).not.toBeInViewport();
  await expect(first).toBeFocused();
  await popup.keyboard.press('ArrowDown');
  await expect(rowOf(popup, 1)).toBeFocused();
  await expect(rowOf(popup, 1)).toBeInViewport();

  // Enter on a row far down copies that row's code.
  await popup.keyboard.press('End');
  await expect(last).toBeFocused();
  await popup.keyboard.press('Enter');
  await expect(popup.getByRole('status')).toHaveText('Copied');
});

test('scrolled to the end in the first frame, before the rest of the list has arrived, the list ends on its last account', async ({
  openPopup,
}) => {
  test.setTimeout(180_000);
  let popup = await openPopup();
  await createVault(popup, PASS);
  const uris = Array.from({ length: COUNT }, (_, i) => uriOf(i));
  for (let i = 0; i < COUNT; i += 250) await addMany(popup, uris.slice(i, i + 250));
  await popup.close();
  popup = await openPopup();

  // In the frame the first rows appear in: the first 40 are all the popup has then.
  const early = await popup.waitForFunction(
    () => {
      const row = document.querySelector('[data-account-id]');
      if (!row) return false;
      let node = row.parentElement;
      while (node && !['auto', 'scroll'].includes(getComputedStyle(node).overflowY)) {
        node = node.parentElement;
      }
      const scroller = node ?? document.scrollingElement;
      if (!scroller) return false;
      scroller.scrollTop = scroller.scrollHeight;
      return document.querySelectorAll('[data-account-id]').length;
    },
    undefined,
    { polling: 'raf' },
  );
  expect(await early.jsonValue()).toBeLessThan(COUNT);
  const last = rowOf(popup, COUNT - 1);
  await expect(last).toBeInViewport();
  await expect(last).toHaveAttribute('aria-posinset', String(COUNT));
});
