// Hostile and look-alike pages: each gets nothing, while the same steps on the bound
// site (the control in each test) do fill, so "nothing happened" is never a broken test.
import type { BrowserContext, Frame, Page, Worker } from '@playwright/test';
import { expect, test } from './support/extension';
import { startFixtureServer, type FixtureServer } from './support/server';
import {
  call,
  clickInlineButton,
  inlineButtonBox,
  ok,
  PASS,
  pressFillCommand,
  seen,
  tabIdOf,
  vaultWith,
} from './pages/autofill/harness';

let server: FixtureServer;
test.beforeAll(async () => {
  server = await startFixtureServer();
});
test.afterAll(async () => {
  await server?.close();
});

const site = (host: string) => server.url(host, '/').replace(/\/$/, '');

/** The content script's answer for this frame has arrived and showed no button. */
async function expectNoButton(frame: Page | Frame): Promise<void> {
  await expect(frame.locator('html')).toHaveAttribute('data-tessera-inline', 'hidden');
}

async function tabState(popup: Page, tabId: number) {
  return ok(
    call<{ hasField: boolean; origin: string | null; boundIds: string[] }>(
      popup,
      'autofill.tabState',
      {
        tabId,
      },
    ),
  );
}

test('look-alike hosts get nothing for an account bound to github.test', async ({
  context,
  openPopup,
  serviceWorker,
}) => {
  const popup = await openPopup();
  await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);

  for (const host of [
    'github.com.evil.test',
    'evilgithub.test',
    'github.test.evil.test',
    'www.github.test',
  ]) {
    const page = await context.newPage();
    await page.goto(server.url(host, '/autofill/signin.html'));
    const field = page.getByLabel('Authentication code');
    await field.click();
    await expectNoButton(page);
    expect(await inlineButtonBox(page)).toBeNull();

    const tabId = await tabIdOf(serviceWorker, page);
    await pressFillCommand(serviceWorker, tabId);
    const state = await tabState(popup, tabId);
    expect(state).toMatchObject({ hasField: true, origin: site(host), boundIds: [] });
    const filler = await openPopup({ tabId });
    await expect(filler.getByRole('listitem').filter({ hasText: 'GitHub' })).toBeVisible();
    await expect(filler.getByRole('button', { name: /^Fill/ })).toHaveCount(0);
    await filler.close();

    await page.waitForTimeout(300);
    expect(await field.inputValue(), host).toBe('');
    expect(await seen(page)).toEqual([]);
    await page.close();
  }

  // Control: the bound site itself.
  const real = await context.newPage();
  await real.goto(server.url('github.test', '/autofill/signin.html'));
  await real.getByLabel('Authentication code').click();
  await pressFillCommand(serviceWorker, await tabIdOf(serviceWorker, real));
  await expect(real.getByLabel('Authentication code')).toHaveValue(/^\d{6}$/);
});

test('an http page never gets the code of an https binding', async ({
  context,
  openPopup,
  serviceWorker,
}) => {
  const popup = await openPopup();
  const https = site('github.test').replace('http://', 'https://');
  await vaultWith(popup, [{ issuer: 'GitHub', sites: [https] }]);
  const page = await context.newPage();
  await page.goto(server.url('github.test', '/autofill/signin.html'));
  await page.getByLabel('Authentication code').click();
  await expectNoButton(page);
  await pressFillCommand(serviceWorker, await tabIdOf(serviceWorker, page));
  await page.waitForTimeout(300);
  expect(await page.getByLabel('Authentication code').inputValue()).toBe('');
});

test.describe('frames', () => {
  async function openFramed(
    context: BrowserContext,
    top: string,
    query: string,
  ): Promise<{ page: Page; frame: Frame }> {
    const page = await context.newPage();
    await page.goto(server.url(top, `/autofill/frame.html?${query}`));
    const frame = await expect
      .poll(() =>
        page.frames().find((f) => f !== page.mainFrame() && f.url().includes('/autofill/')),
      )
      .toBeTruthy()
      .then(() => page.frames().find((f) => f !== page.mainFrame())!);
    await frame.waitForLoadState();
    return { page, frame };
  }

  async function expectFrameGetsNothing(
    page: Page,
    frame: Frame,
    popup: Page,
    serviceWorker: Worker,
  ): Promise<void> {
    const field = frame.getByLabel('Authentication code');
    await field.click();
    await expectNoButton(frame);
    const tabId = await tabIdOf(serviceWorker, page);
    await pressFillCommand(serviceWorker, tabId);
    expect((await tabState(popup, tabId)).hasField).toBe(false);
    await page.waitForTimeout(300);
    expect(await field.inputValue()).toBe('');
  }

  test('a cross-origin iframe inside a bound page gets nothing', async ({
    context,
    openPopup,
    serviceWorker,
  }) => {
    const popup = await openPopup();
    await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);
    const { page, frame } = await openFramed(context, 'github.test', 'frame=evilgithub.test');
    await expectFrameGetsNothing(page, frame, popup, serviceWorker);
  });

  test('a cross-origin iframe gets nothing even when its own site is bound', async ({
    context,
    openPopup,
    serviceWorker,
  }) => {
    const popup = await openPopup();
    await vaultWith(popup, [
      { issuer: 'GitHub', sites: [site('github.test'), site('widgets.test')] },
    ]);
    const { page, frame } = await openFramed(context, 'github.test', 'frame=widgets.test');
    await expectFrameGetsNothing(page, frame, popup, serviceWorker);
  });

  test('the bound site framed by another site gets nothing', async ({
    context,
    openPopup,
    serviceWorker,
  }) => {
    const popup = await openPopup();
    await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);
    const { page, frame } = await openFramed(context, 'evilgithub.test', 'frame=github.test');
    await expectFrameGetsNothing(page, frame, popup, serviceWorker);
  });

  test('a sandboxed same-origin iframe gets nothing', async ({
    context,
    openPopup,
    serviceWorker,
  }) => {
    const popup = await openPopup();
    await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);
    const { page, frame } = await openFramed(
      context,
      'github.test',
      `frame=github.test&sandbox=${encodeURIComponent('allow-scripts allow-forms')}`,
    );
    await expectFrameGetsNothing(page, frame, popup, serviceWorker);
  });

  test('control: a same-origin iframe of the bound page is filled', async ({
    context,
    openPopup,
    serviceWorker,
  }) => {
    const popup = await openPopup();
    await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);
    const { page, frame } = await openFramed(context, 'github.test', 'frame=github.test');
    const field = frame.getByLabel('Authentication code');
    await field.click();
    await expect(frame.locator('html')).toHaveAttribute('data-tessera-inline', 'fill');
    const tabId = await tabIdOf(serviceWorker, page);
    expect((await tabState(popup, tabId)).hasField).toBe(true);
    await pressFillCommand(serviceWorker, tabId);
    await expect(field).toHaveValue(/^\d{6}$/);
  });
});

test('a page that clicks the inline button from script gets nothing', async ({
  context,
  openPopup,
}) => {
  const popup = await openPopup();
  await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);
  const page = await context.newPage();
  await page.goto(server.url('github.test', '/autofill/hostile-click.html'));
  const field = page.getByLabel('Authentication code');
  await field.click();
  await expect(page.locator('html')).toHaveAttribute('data-tessera-inline', 'fill');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { attempts: number }).attempts))
    .toBeGreaterThan(0);
  await page.waitForTimeout(1000);
  expect(await field.inputValue()).toBe('');
  expect(await seen(page)).toEqual([]);

  // Control: the same button, clicked by a person, fills.
  await field.click();
  await clickInlineButton(page);
  await expect(field).toHaveValue(/^\d{6}$/);
});

test('a page that forges messages to the extension gets nothing', async ({
  context,
  openPopup,
  extensionId,
}) => {
  const popup = await openPopup();
  await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);
  const page = await context.newPage();
  await page.goto(server.url('github.test', '/autofill/forge.html'));
  await page.evaluate(
    (id) => (window as unknown as { forge: (id: string) => Promise<void> }).forge(id),
    extensionId,
  );
  const results = await page.evaluate(() => (window as unknown as { results: unknown[] }).results);
  expect(results).toHaveLength(5);
  for (const r of results) expect(r).toMatchObject({ ok: false });
  await page.waitForTimeout(500);
  expect(await page.getByLabel('Authentication code').inputValue()).toBe('');
  expect(await seen(page)).toEqual([]);
});

test('a page with a search box and a postal-code field gets no inline button', async ({
  context,
  openPopup,
  serviceWorker,
}) => {
  const popup = await openPopup();
  await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);
  const page = await context.newPage();
  await page.goto(server.url('github.test', '/autofill/distractors.html'));
  for (const label of ['Search', 'Postal code']) {
    await page.getByLabel(label).click();
    await expectNoButton(page);
    expect(await inlineButtonBox(page)).toBeNull();
  }
  expect((await tabState(popup, await tabIdOf(serviceWorker, page))).hasField).toBe(false);
});

test('a frame that navigated between request and fill gets nothing', async ({
  context,
  openPopup,
  serviceWorker,
}) => {
  const popup = await openPopup();
  await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);

  // The popup was opened on the bound page, which then navigates to a look-alike.
  const page = await context.newPage();
  await page.goto(server.url('github.test', '/autofill/signin.html'));
  const tabId = await tabIdOf(serviceWorker, page);
  const filler = await openPopup({ tabId });
  const fill = filler.getByRole('button', { name: 'Fill code for GitHub' });
  await expect(fill).toBeVisible();
  await page.goto(server.url('evilgithub.test', '/autofill/signin.html'));
  await page.getByLabel('Authentication code').click();
  // The popup follows the tab: nothing is bound to the new page, so there is no Fill to click.
  // A click that races the refresh is refused by the background (autofill-page-changed.spec.ts).
  await expect(fill).toHaveCount(0);
  await page.waitForTimeout(300);
  expect(await page.getByLabel('Authentication code').inputValue()).toBe('');

  // A fill postponed by a locked vault, after which the tab moved on.
  await ok(call(popup, 'vault.lock'));
  await page.goto(server.url('github.test', '/autofill/signin.html'));
  await page.getByLabel('Authentication code').click();
  await clickInlineButton(page);
  await expect
    .poll(() =>
      serviceWorker.evaluate(async () =>
        Object.keys(await chrome.storage.session.get('autofillPending')),
      ),
    )
    .toEqual(['autofillPending']);
  await page.goto(server.url('evilgithub.test', '/autofill/signin.html'));
  const unlock = await openPopup({ tabId });
  await unlock.getByLabel('Passphrase', { exact: true }).fill(PASS);
  await unlock.getByRole('button', { name: 'Unlock' }).click();
  await expect(unlock.getByRole('listitem').filter({ hasText: 'GitHub' })).toBeVisible({
    timeout: 30_000,
  });
  await page.waitForTimeout(500);
  expect(await page.getByLabel('Authentication code').inputValue()).toBe('');
  expect(await seen(page)).toEqual([]);
});
