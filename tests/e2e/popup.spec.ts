// The popup's everyday journeys, through the same controls a person uses. Codes are checked
// against an independent implementation (the otpauth library), never against the extension.
import * as OTPAuth from 'otpauth';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/extension';
import { createVault } from './support/vault';

const PASS = 'A long and private passphrase';

// 20-byte Base32 secrets (no "short secret" warning in the way).
const S1 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const S2 = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const S3 = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U';
const S4 = 'ONSWG4TFOQQGC3TEEBZWK2LOMNSXE3TT';

interface TotpOptions {
  algorithm?: 'SHA1' | 'SHA256' | 'SHA512';
  digits?: number;
  period?: number;
}

function totp(secret: string, atMs: number, o: TotpOptions = {}): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), ...o }).generate({
    timestamp: atMs,
  });
}

/** The codes of the windows around `atMs`: the page may roll over between two reads. */
function totpAround(secret: string, atMs: number, o: TotpOptions = {}): string[] {
  const periodMs = (o.period ?? 30) * 1000;
  return [atMs - periodMs, atMs, atMs + periodMs].map((t) => totp(secret, t, o));
}

function hotp(secret: string, counter: number): string {
  return new OTPAuth.HOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({ counter });
}

function link(issuer: string, label: string, secret: string, extra = ''): string {
  const path = encodeURIComponent(`${issuer}:${label}`);
  return `otpauth://totp/${path}?secret=${secret}&issuer=${encodeURIComponent(issuer)}${extra}`;
}

function addDialog(popup: Page): Locator {
  return popup.getByRole('dialog', { name: 'Add account' });
}

async function openAdd(popup: Page): Promise<Locator> {
  // Either the header's button or the empty list's: only one of them is ever shown.
  await popup.getByRole('button', { name: 'Add account' }).click();
  const dialog = addDialog(popup);
  await expect(dialog).toBeVisible();
  return dialog;
}

async function addByLink(popup: Page, uri: string): Promise<void> {
  const dialog = await openAdd(popup);
  await dialog.getByLabel('otpauth:// link').fill(uri);
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(dialog).toHaveCount(0);
}

interface ManualEntry {
  issuer: string;
  label: string;
  secret: string;
  type?: 'totp' | 'hotp' | 'steam';
  algorithm?: 'SHA1' | 'SHA256' | 'SHA512';
  digits?: number;
  period?: number;
  counter?: number;
}

async function fillManually(dialog: Locator, e: ManualEntry): Promise<void> {
  await dialog.getByRole('tab', { name: 'Enter manually' }).click();
  await dialog.getByLabel('Issuer').fill(e.issuer);
  await dialog.getByLabel('Account name').fill(e.label);
  await dialog.getByLabel('Secret key').fill(e.secret);
  const advanced = e.type ?? e.algorithm ?? e.digits ?? e.period ?? e.counter;
  if (advanced === undefined) return;
  await dialog.getByText('Advanced', { exact: true }).click();
  if (e.type) await dialog.getByLabel('Type').selectOption(e.type);
  if (e.algorithm) await dialog.getByLabel('Algorithm').selectOption(e.algorithm);
  if (e.digits) await dialog.getByLabel('Digits').selectOption(String(e.digits));
  if (e.period !== undefined) await dialog.getByLabel('Period (seconds)').fill(String(e.period));
  if (e.counter !== undefined) await dialog.getByLabel('Counter').fill(String(e.counter));
}

async function addManually(popup: Page, e: ManualEntry): Promise<void> {
  const dialog = await openAdd(popup);
  await fillManually(dialog, e);
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(dialog).toHaveCount(0);
}

function accountsList(popup: Page): Locator {
  return popup.getByRole('list', { name: 'Accounts' });
}

function row(popup: Page, text: string): Locator {
  return accountsList(popup).getByRole('listitem').filter({ hasText: text });
}

/** Digits shown in a row, without the grouping space. */
async function shownCode(r: Locator): Promise<string> {
  return (await r.getByTestId('code').innerText()).replace(/\s/g, '');
}

/** The list order, read from each row's menu button ("Actions for <issuer> <account>"). */
async function order(popup: Page): Promise<string[]> {
  await expect(accountsList(popup)).toBeVisible();
  return accountsList(popup)
    .getByRole('button', { name: /^Actions for / })
    .evaluateAll((buttons) =>
      buttons.map((b) => (b.getAttribute('aria-label') ?? '').replace(/^Actions for /, '')),
    );
}

async function chooseAction(popup: Page, account: string, action: string): Promise<void> {
  await popup.getByRole('button', { name: `Actions for ${account}`, exact: true }).click();
  await popup
    .getByRole('menu', { name: `Actions for ${account}` })
    .getByRole('menuitem', {
      name: action,
      exact: true,
    })
    .click();
}

async function reopen(popup: Page, openPopup: () => Promise<Page>): Promise<Page> {
  await popup.close();
  const again = await openPopup();
  await expect(again.getByRole('searchbox', { name: 'Search accounts' })).toBeVisible();
  return again;
}

test('adding by typing with advanced options (SHA256, 8 digits, 60 s) shows the right code; bad input is refused with a reason', async ({
  openPopup,
}) => {
  const popup = await openPopup();
  await createVault(popup, PASS);

  const options = { algorithm: 'SHA256', digits: 8, period: 60 } as const;
  // Lower case with spaces, the way a person types a secret off a setup page.
  const typed = S3.toLowerCase()
    .replace(/(.{4})/g, '$1 ')
    .trim();
  await addManually(popup, { issuer: 'Advanced Corp', label: 'eve', secret: typed, ...options });

  const r = row(popup, 'Advanced Corp');
  await expect(r).toContainText('eve');
  await expect(r.getByTestId('code')).toHaveText(/^\d{4} \d{4}$/);
  const now = await popup.evaluate(() => Date.now());
  expect(totpAround(S3, now, options)).toContain(await shownCode(r));
  // Each option really applied: with SHA1, or with a 30 s period, the codes would differ.
  expect(totpAround(S3, now, { digits: 8, period: 60 })).not.toContain(await shownCode(r));
  expect(totpAround(S3, now, { algorithm: 'SHA256', digits: 8 })).not.toContain(await shownCode(r));

  // A secret with characters outside Base32.
  let dialog = await openAdd(popup);
  await fillManually(dialog, { issuer: 'Bad', label: 'x', secret: 'NOT BASE32 !!' });
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText(
    "The secret key contains characters that aren't allowed.",
  );

  // No secret at all.
  await dialog.getByLabel('Secret key').fill('');
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Enter the secret key.');

  // A link asking for 9 digits.
  await dialog.getByRole('tab', { name: 'Paste a link' }).click();
  await dialog.getByLabel('otpauth:// link').fill(link('Nine', 'x', S4, '&digits=9'));
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Codes must have 6, 7 or 8 digits.');

  // The same secret as an account already in the vault, under another name.
  await dialog.getByLabel('otpauth:// link').fill(link('Copycat', 'mallory', S3));
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText('That account is already in your vault.');

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  expect(await order(popup)).toEqual(['Advanced Corp eve']);

  // The dialog opens fresh, without the last error.
  dialog = await openAdd(popup);
  await expect(dialog.getByRole('alert')).toHaveCount(0);
});

test('HOTP: the code stays hidden until asked for, and the counter carries on after reopening', async ({
  openPopup,
}) => {
  const popup = await openPopup();
  await createVault(popup, PASS);
  await addManually(popup, {
    issuer: 'Counter Co',
    label: 'carol',
    secret: S1,
    type: 'hotp',
    counter: 3,
  });

  const r = row(popup, 'Counter Co');
  const next = popup.getByRole('button', { name: 'Next code for Counter Co' });
  await expect(r.getByTestId('code')).toHaveText('••• •••');

  // Copying before asking does not silently advance the counter.
  await r.getByTestId('code').click();
  await expect(popup.getByRole('status')).toHaveText('Press “Next code” to get a code first.');

  await next.click();
  await expect(r.getByTestId('code')).toHaveText(groupedSix(hotp(S1, 3)));
  await next.click();
  await expect(r.getByTestId('code')).toHaveText(groupedSix(hotp(S1, 4)));

  const again = await reopen(popup, openPopup);
  const r2 = row(again, 'Counter Co');
  await expect(r2.getByTestId('code')).toHaveText('••• •••');
  await again.getByRole('button', { name: 'Next code for Counter Co' }).click();
  await expect(r2.getByTestId('code')).toHaveText(groupedSix(hotp(S1, 5)));
});

function groupedSix(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}

test('search finds by issuer, account name and bound site, ignoring accents; the keyboard alone can find and copy', async ({
  context,
  openPopup,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const popup = await openPopup();
  await createVault(popup, PASS);
  await addByLink(popup, link('GitHub', 'alice@example.com', S1));
  await addByLink(popup, link('Zürich Bank', 'bob', S2));
  await addByLink(popup, link('Example Mail', 'carol', S3));

  // Bind a site whose name appears nowhere else.
  await chooseAction(popup, 'Example Mail carol', 'Edit');
  const edit = popup.getByRole('dialog', { name: 'Edit account' });
  await edit.getByLabel('Sites').fill('https://intranet.corp.example');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toHaveCount(0);

  const search = popup.getByRole('searchbox', { name: 'Search accounts' });
  const cases: [string, string[]][] = [
    ['github', ['GitHub alice@example.com']],
    ['CAROL', ['Example Mail carol']],
    ['intranet', ['Example Mail carol']],
    ['zurich', ['Zürich Bank bob']],
    ['ZÜRICH bob', ['Zürich Bank bob']],
    ['example', ['GitHub alice@example.com', 'Example Mail carol']],
  ];
  for (const [query, expected] of cases) {
    await search.fill(query);
    await expect.poll(() => order(popup), { message: `search "${query}"` }).toEqual(expected);
  }
  await search.fill('nothing like this');
  await expect(popup.getByText('No accounts match “nothing like this”.')).toBeVisible();
  await search.fill('');
  await expect.poll(() => order(popup)).toHaveLength(3);

  // Keyboard only from here. Escape in an empty search box leaves it; then `/` (typed anywhere
  // outside a text field) jumps back to it.
  await search.focus();
  await popup.keyboard.press('Escape');
  await expect(search).not.toBeFocused();
  await popup.keyboard.press('/');
  await expect(search).toBeFocused();
  await popup.keyboard.type('zurich');
  await expect.poll(() => order(popup)).toEqual(['Zürich Bank bob']);
  await popup.keyboard.press('ArrowDown');
  const zurich = row(popup, 'Zürich Bank');
  await expect(zurich).toBeFocused();
  await popup.keyboard.press('Enter');
  await expect(popup.getByRole('status')).toHaveText('Copied');
  const now = await popup.evaluate(() => Date.now());
  const copied = await popup.evaluate(() => navigator.clipboard.readText());
  expect(totpAround(S2, now)).toContain(copied);

  // ArrowUp from the first row goes back to the search box; Escape there clears the query.
  await popup.keyboard.press('ArrowUp');
  await expect(search).toBeFocused();
  await popup.keyboard.press('Escape');
  await expect(search).toHaveValue('');
  await expect.poll(() => order(popup)).toHaveLength(3);

  // Arrows move between rows in display order.
  await popup.keyboard.press('ArrowDown');
  await expect(row(popup, 'GitHub')).toBeFocused();
  await popup.keyboard.press('ArrowDown');
  await expect(row(popup, 'Zürich Bank')).toBeFocused();
  await popup.keyboard.press('End');
  await expect(row(popup, 'Example Mail')).toBeFocused();
});

test('editing renames an account and normalises its sites; a bad site is refused with the reason', async ({
  openPopup,
}) => {
  const popup = await openPopup();
  await createVault(popup, PASS);
  await addByLink(popup, link('GitHub', 'alice@example.com', S1));

  await chooseAction(popup, 'GitHub alice@example.com', 'Edit');
  let edit = popup.getByRole('dialog', { name: 'Edit account' });
  await expect(edit.getByLabel('Issuer')).toHaveValue('GitHub');
  await expect(edit.getByLabel('Account name')).toHaveValue('alice@example.com');
  await edit.getByLabel('Issuer').fill('  GitHub Enterprise ');
  await edit.getByLabel('Account name').fill('alice.w');
  await edit
    .getByLabel('Sites')
    .fill('HTTPS://GitHub.com/\n\n  https://gist.github.com  \nhttps://github.com:443');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toHaveCount(0);
  expect(await order(popup)).toEqual(['GitHub Enterprise alice.w']);

  // A real site over plain http, or with a password in it: refused before anything is saved.
  await chooseAction(popup, 'GitHub Enterprise alice.w', 'Edit');
  edit = popup.getByRole('dialog', { name: 'Edit account' });
  await expect(edit.getByLabel('Sites')).toHaveValue('https://github.com\nhttps://gist.github.com');
  await edit.getByLabel('Sites').fill('https://github.com\nhttp://github.com');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit.getByRole('alert')).toHaveText('"http://github.com" must be an https:// site.');
  await expect(edit.getByLabel('Sites')).toHaveAttribute('aria-invalid', 'true');
  await edit.getByLabel('Sites').fill('https://user:pw@github.com/login');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit.getByRole('alert')).toContainText(
    '"https://user:pw@github.com/login" must not contain a user name or password.',
  );

  // Neither an issuer nor a name: the background refuses, the dialog stays.
  await edit.getByLabel('Sites').fill('https://github.com');
  await edit.getByLabel('Issuer').fill('');
  await edit.getByLabel('Account name').fill(' ');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit.getByRole('alert')).toBeVisible();
  await expect(edit).toBeVisible();
  await edit.getByRole('button', { name: 'Cancel' }).click();
  await expect(edit).toHaveCount(0);

  // Only the first save happened, and it is stored.
  const again = await reopen(popup, openPopup);
  expect(await order(again)).toEqual(['GitHub Enterprise alice.w']);
  await chooseAction(again, 'GitHub Enterprise alice.w', 'Edit');
  await expect(again.getByRole('dialog', { name: 'Edit account' }).getByLabel('Sites')).toHaveValue(
    'https://github.com\nhttps://gist.github.com',
  );
});

test('pinning moves an account to the top, and pins and moves survive reopening', async ({
  openPopup,
}) => {
  const popup = await openPopup();
  await createVault(popup, PASS);
  await addByLink(popup, link('Alpha', 'a', S1));
  await addByLink(popup, link('Bravo', 'b', S2));
  await addByLink(popup, link('Charlie', 'c', S3));
  expect(await order(popup)).toEqual(['Alpha a', 'Bravo b', 'Charlie c']);

  await chooseAction(popup, 'Charlie c', 'Pin');
  await expect.poll(() => order(popup)).toEqual(['Charlie c', 'Alpha a', 'Bravo b']);
  await expect(row(popup, 'Charlie')).toContainText('Pinned:');

  await chooseAction(popup, 'Alpha a', 'Move down');
  await expect.poll(() => order(popup)).toEqual(['Charlie c', 'Bravo b', 'Alpha a']);

  let again = await reopen(popup, openPopup);
  expect(await order(again)).toEqual(['Charlie c', 'Bravo b', 'Alpha a']);
  await expect(row(again, 'Charlie')).toContainText('Pinned:');

  // Moves stay inside the pinned and unpinned groups.
  await again.getByRole('button', { name: 'Actions for Bravo b' }).click();
  let menu = again.getByRole('menu', { name: 'Actions for Bravo b' });
  await expect(menu.getByRole('menuitem', { name: 'Move up' })).toBeDisabled();
  await expect(menu.getByRole('menuitem', { name: 'Move down' })).toBeEnabled();
  await again.keyboard.press('Escape');
  await again.getByRole('button', { name: 'Actions for Charlie c' }).click();
  menu = again.getByRole('menu', { name: 'Actions for Charlie c' });
  await expect(menu.getByRole('menuitem', { name: 'Unpin' })).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'Move down' })).toBeDisabled();
  await again.keyboard.press('Escape');

  await chooseAction(again, 'Alpha a', 'Move up');
  await expect.poll(() => order(again)).toEqual(['Charlie c', 'Alpha a', 'Bravo b']);
  await chooseAction(again, 'Charlie c', 'Unpin');
  await expect(row(again, 'Charlie')).not.toContainText('Pinned:');

  again = await reopen(again, openPopup);
  expect(await order(again)).toEqual(['Charlie c', 'Alpha a', 'Bravo b']);
  await expect(row(again, 'Charlie')).not.toContainText('Pinned:');
  await chooseAction(again, 'Bravo b', 'Pin');
  await expect.poll(() => order(again)).toEqual(['Bravo b', 'Charlie c', 'Alpha a']);
  again = await reopen(again, openPopup);
  expect(await order(again)).toEqual(['Bravo b', 'Charlie c', 'Alpha a']);
});

test('delete takes an account away, Undo brings it back, and a delete without Undo sticks', async ({
  openPopup,
}) => {
  const popup = await openPopup();
  await createVault(popup, PASS);
  await addByLink(popup, link('Alpha', 'a', S1));
  await addByLink(popup, link('Bravo', 'b', S2));
  await addByLink(popup, link('Charlie', 'c', S3));

  await chooseAction(popup, 'Bravo b', 'Delete');
  await expect(popup.getByRole('status')).toHaveText('Deleted Bravo.');
  await expect.poll(() => order(popup)).toEqual(['Alpha a', 'Charlie c']);
  await popup.getByRole('button', { name: 'Undo' }).click();
  // Back in its old place, with its codes.
  await expect.poll(() => order(popup)).toEqual(['Alpha a', 'Bravo b', 'Charlie c']);
  const now = await popup.evaluate(() => Date.now());
  expect(totpAround(S2, now)).toContain(await shownCode(row(popup, 'Bravo')));

  let again = await reopen(popup, openPopup);
  expect(await order(again)).toEqual(['Alpha a', 'Bravo b', 'Charlie c']);

  // Closing the popup while Undo is still on offer does not undo.
  await chooseAction(again, 'Alpha a', 'Delete');
  await expect(again.getByRole('button', { name: 'Undo' })).toBeVisible();
  await expect.poll(() => order(again)).toEqual(['Bravo b', 'Charlie c']);
  again = await reopen(again, openPopup);
  expect(await order(again)).toEqual(['Bravo b', 'Charlie c']);
  await expect(again.getByRole('button', { name: 'Undo' })).toHaveCount(0);
});

test('the next code appears, labelled "Next", in the last seconds of a window and then becomes the code', async ({
  openPopup,
}) => {
  const popup = await openPopup();
  await createVault(popup, PASS);
  // A 10-second period keeps the wait for the end of a real window short (at most ~10 s); the
  // popup's countdown and the background's windows are the same code paths as for 30 s.
  const period = 10;
  await addManually(popup, { issuer: 'Quick Tick', label: 'dave', secret: S4, period });
  const r = row(popup, 'Quick Tick');
  const nextLabel = r.getByText('Next', { exact: true });

  // Early in a window (8 to 6 seconds left) nothing is labelled "Next". The row's text and the
  // clock are read in one evaluate, so a busy machine cannot put time between them; a reading
  // outside that part of the window is simply taken again.
  await expect(async () => {
    const early = await r.evaluate((li) => ({
      text: (li as HTMLElement).innerText,
      now: Date.now(),
    }));
    const into = early.now % (period * 1000);
    expect(into >= 2000 && into < 4000, `${into} ms into the window`).toBe(true);
    expect(early.text).not.toMatch(/Next/);
  }).toPass({ timeout: 60_000 });

  // Fewer than 5 seconds left: the next code is shown beside the current one.
  await expect(nextLabel).toBeVisible({ timeout: 15_000 });
  const snap = await r.evaluate((li) => ({
    code: li.querySelector('[data-testid="code"]')?.textContent ?? '',
    text: (li as HTMLElement).innerText,
    now: Date.now(),
  }));
  const shownNext = /Next\s+(\d{3} \d{3})/.exec(snap.text)?.[1];
  expect(shownNext, snap.text).toBeDefined();
  const pair = [snap.code.replace(/\s/g, ''), (shownNext ?? '').replace(/\s/g, '')];
  const periodMs = period * 1000;
  const windowStart = Math.floor(snap.now / periodMs) * periodMs;
  // The DOM is redrawn on whole-second ticks, so it may still show the window just ended.
  const candidates = [windowStart, windowStart - periodMs].map((w) => [
    totp(S4, w, { period }),
    totp(S4, w + periodMs, { period }),
  ]);
  expect(candidates).toContainEqual(pair);

  // When the window ends, the code shown as next becomes the code, and "Next" goes away.
  await expect(r.getByTestId('code')).toHaveText(shownNext ?? '', { timeout: 15_000 });
  await expect(nextLabel).toHaveCount(0);
});

test('pop-out: popup.html?tab=<id> has no pop-out button and lists the codes; the button opens such a window', async ({
  context,
  openPopup,
  serviceWorker,
}) => {
  const popup = await openPopup();
  await createVault(popup, PASS);
  await addByLink(popup, link('GitHub', 'alice@example.com', S1));

  // A real tab for the window to act on.
  await context.route('https://site.example/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<title>Site</title><p>A web page</p>' }),
  );
  const site = await context.newPage();
  await site.goto('https://site.example/login');
  const tabId = await serviceWorker.evaluate(async () => {
    const tabs = await chrome.tabs.query({ url: 'https://site.example/*' });
    return tabs[0]?.id ?? null;
  });
  expect(tabId).not.toBeNull();

  const windowed = await openPopup({ tabId: tabId ?? undefined });
  const r = row(windowed, 'GitHub');
  await expect(r).toBeVisible();
  const now = await windowed.evaluate(() => Date.now());
  expect(totpAround(S1, now)).toContain(await shownCode(r));
  await expect(windowed.getByRole('button', { name: 'Open in a window' })).toHaveCount(0);
  await expect(windowed.getByRole('button', { name: 'Lock' })).toBeVisible();

  // The toolbar popup (no ?tab=) offers the button; it opens popup.html?tab=<id> and closes.
  await popup.bringToFront();
  const opened = context.waitForEvent('page');
  await popup.getByRole('button', { name: 'Open in a window' }).click();
  const win = await opened;
  await win.waitForLoadState();
  expect(new URL(win.url()).pathname).toBe('/popup.html');
  expect(new URL(win.url()).searchParams.get('tab')).toMatch(/^\d+$/);
  await expect(row(win, 'GitHub')).toBeVisible();
  await expect(win.getByRole('button', { name: 'Open in a window' })).toHaveCount(0);
  await expect.poll(() => popup.isClosed()).toBe(true);
});
