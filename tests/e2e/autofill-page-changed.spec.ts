// A popup action acts on exactly the page the popup showed. A page that opened the sign-in
// window keeps a handle on it and may navigate it to its own page while the user reads the
// popup; the click that follows must not fill or bind that page.
import type { Page } from '@playwright/test';
import { expect, test } from './support/extension';
import { startFixtureServer, type FixtureServer } from './support/server';
import { call, ok, OTHER_SECRET, seen, tabIdOf, vaultWith } from './pages/autofill/harness';

let server: FixtureServer;
test.beforeAll(async () => {
  server = await startFixtureServer();
});
test.afterAll(async () => {
  await server?.close();
});

const site = (host: string) => server.url(host, '/').replace(/\/$/, '');
const signin = (host: string) => server.url(host, '/autofill/signin.html');

interface Opened {
  opener: Page;
  victim: Page;
}

/** evil.test opens the real sign-in page with window.open, as a person clicking its link. */
async function openBankFromEvil(page: Page): Promise<Opened> {
  const opener = page;
  await opener.goto(
    server.url(
      'evil.test',
      `/autofill/opener.html?target=${encodeURIComponent(signin('bank.test'))}`,
    ),
  );
  const [victim] = await Promise.all([
    opener.context().waitForEvent('page'),
    opener.getByRole('button', { name: 'Sign in with your bank' }).click(),
  ]);
  await victim.waitForURL(signin('bank.test'));
  await victim.waitForLoadState();
  return { opener, victim };
}

async function takeOver(opened: Opened): Promise<void> {
  await opened.opener.evaluate(
    (url) => (window as unknown as { takeOver: (u: string) => void }).takeOver(url),
    signin('evil.test'),
  );
  await opened.victim.waitForURL(signin('evil.test'));
  await opened.victim.waitForLoadState();
  await expect(opened.victim.getByLabel('Authentication code')).toBeVisible();
}

async function sitesOf(popup: Page, id: string): Promise<string[]> {
  const list = await ok(call<{ id: string; sites: string[] }[]>(popup, 'vault.list'));
  return list.find((a) => a.id === id)?.sites ?? [];
}

test('"Remember and fill" after the opener swapped the page fills and binds nothing', async ({
  context,
  openPopup,
  serviceWorker,
}) => {
  const setup = await openPopup();
  const [id] = await vaultWith(setup, [{ issuer: 'Bank', label: 'me@example.org', sites: [] }]);
  const opened = await openBankFromEvil(await context.newPage());
  const tabId = await tabIdOf(serviceWorker, opened.victim);

  // The user opens Tessera for that tab and clicks Fill: the dialog names bank.test.
  const popup = await openPopup({ tabId });
  await popup.getByRole('button', { name: 'Fill code for Bank on this site' }).click();
  const dialog = popup.getByRole('dialog', { name: 'Remember this site for Bank' });
  await expect(dialog).toContainText(site('bank.test'));

  // The opener navigates that window to its own page with a code field.
  await takeOver(opened);

  // The user clicks "Remember and fill", if the dialog is still there to be clicked.
  const remember = dialog.getByRole('button', { name: 'Remember and fill' });
  if (await remember.isVisible()) await remember.click({ timeout: 2000 }).catch(() => undefined);

  await expect(popup.getByRole('status')).toContainText(
    'The page changed since you opened Tessera',
  );
  await expect(dialog).toBeHidden();
  await opened.victim.waitForTimeout(500);
  expect(await opened.victim.getByLabel('Authentication code').inputValue()).toBe('');
  expect(await seen(opened.victim)).toEqual([]);
  expect(await sitesOf(setup, id!)).toEqual([]);
});

test('the background refuses a fill for a page the popup no longer shows', async ({
  context,
  openPopup,
  serviceWorker,
}) => {
  const setup = await openPopup();
  const [unbound, bound] = await vaultWith(setup, [
    { issuer: 'Bank', label: 'me@example.org', sites: [] },
    { issuer: 'Evil', label: 'me@example.org', secret: OTHER_SECRET, sites: [site('evil.test')] },
  ]);
  const opened = await openBankFromEvil(await context.newPage());
  const tabId = await tabIdOf(serviceWorker, opened.victim);

  // What the popup displayed: bank.test, in this document.
  const shown = await ok(
    call<{ origin: string; frame: unknown }>(setup, 'autofill.tabState', { tabId }),
  );
  expect(shown.origin).toBe(site('bank.test'));
  await takeOver(opened);

  // A click made before the popup noticed: the request still names what the user saw.
  for (const request of [
    { tabId, accountId: unbound, remember: true, frame: shown.frame },
    { tabId, accountId: bound, frame: shown.frame },
  ]) {
    const result = await call(setup, 'autofill.fillTab', request);
    expect(result).toMatchObject({ ok: false, error: { code: 'E_PAGE_CHANGED' } });
  }
  // Without the page it showed, the popup cannot fill at all.
  const bare = await call(setup, 'autofill.fillTab', { tabId, accountId: bound });
  expect(bare).toMatchObject({ ok: false });
  await opened.victim.waitForTimeout(300);
  expect(await opened.victim.getByLabel('Authentication code').inputValue()).toBe('');
  expect(await sitesOf(setup, unbound!)).toEqual([]);

  // Control: what the popup shows now fills.
  const now = await ok(call<{ frame: unknown }>(setup, 'autofill.tabState', { tabId }));
  await ok(call(setup, 'autofill.fillTab', { tabId, accountId: bound, frame: now.frame }));
  await expect(opened.victim.getByLabel('Authentication code')).toHaveValue(/^\d{6}$/);
});
