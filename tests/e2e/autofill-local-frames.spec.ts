// Sign-in forms built inside about:blank or srcdoc iframes. Such documents inherit their origin
// from the page that made them: Tessera takes it from the browser (sender.origin), never from
// the URL, and refuses them like any frame when an ancestor is cross-origin or sandboxed.
import type { Frame, Page, Worker } from '@playwright/test';
import { expect, test } from './support/extension';
import { startFixtureServer, type FixtureServer } from './support/server';
import { call, ok, tabIdOf, vaultWith } from './pages/autofill/harness';

let server: FixtureServer;
test.beforeAll(async () => {
  server = await startFixtureServer();
});
test.afterAll(async () => {
  await server?.close();
});

const site = (host: string) => server.url(host, '/').replace(/\/$/, '');

/** The frame holding the code field, found by its local URL (about:blank / about:srcdoc). */
async function formFrame(page: Page, url: string): Promise<Frame> {
  let found: Frame | undefined;
  await expect
    .poll(async () => {
      for (const f of page.frames()) {
        if (f.url() !== url) continue;
        if (
          (await f
            .getByLabel('Authentication code')
            .count()
            .catch(() => 0)) > 0
        )
          found = f;
      }
      return found !== undefined;
    })
    .toBe(true);
  return found!;
}

/** What the keyboard command makes the background send (Playwright cannot press it). */
async function pressFillCommand(serviceWorker: Worker, tabId: number): Promise<void> {
  await serviceWorker.evaluate(
    (id) => chrome.tabs.sendMessage(id, { tessera: 'autofill', op: 'command' }),
    tabId,
  );
}

async function tabHasField(popup: Page, serviceWorker: Worker, page: Page): Promise<boolean> {
  const tabId = await tabIdOf(serviceWorker, page);
  return (await ok(call<{ hasField: boolean }>(popup, 'autofill.tabState', { tabId }))).hasField;
}

for (const kind of ['blank', 'srcdoc'] as const) {
  const url = `about:${kind}`;

  test(`a form in a same-origin ${url} frame gets the button and the fill`, async ({
    context,
    openPopup,
    serviceWorker,
  }) => {
    const popup = await openPopup();
    await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);
    const page = await context.newPage();
    await page.goto(server.url('github.test', `/autofill/blank-frame.html?kind=${kind}`));
    const frame = await formFrame(page, url);
    const field = frame.getByLabel('Authentication code');
    await field.click();
    // The content script in that frame shows its button (the e2e build marks it).
    await expect(frame.locator('html')).toHaveAttribute('data-tessera-inline', 'fill');
    const tabId = await tabIdOf(serviceWorker, page);
    await pressFillCommand(serviceWorker, tabId);
    await expect(field).toHaveValue(/^\d{6}$/);

    // The popup offers Fill for it too, and fills there.
    await field.fill('');
    const filler = await openPopup({ tabId });
    await filler.getByRole('button', { name: 'Fill code for GitHub' }).click();
    await expect(field).toHaveValue(/^\d{6}$/);
  });

  test(`a form in ${url} inside a cross-origin frame gets nothing`, async ({
    context,
    openPopup,
    serviceWorker,
  }) => {
    const popup = await openPopup();
    // Both sites bound: only the frame chain can refuse.
    await vaultWith(popup, [
      { issuer: 'GitHub', sites: [site('github.test'), site('widgets.test')] },
    ]);
    const page = await context.newPage();
    const inner = encodeURIComponent(`blank-frame.html?kind=${kind}`);
    await page.goto(
      server.url('github.test', `/autofill/frame.html?frame=widgets.test&page=${inner}`),
    );
    const frame = await formFrame(page, url);
    const field = frame.getByLabel('Authentication code');
    await field.click();
    await expect(frame.locator('html')).toHaveAttribute('data-tessera-inline', 'hidden');
    expect(await tabHasField(popup, serviceWorker, page)).toBe(false);
    expect(await field.inputValue()).toBe('');
  });

  // A sandboxed document cannot build a form in an about:blank child (each sandboxed document
  // gets a new opaque origin, so it cannot script the child): only srcdoc has the case.
  if (kind === 'blank') continue;

  test(`a form in ${url} inside a sandboxed frame gets nothing`, async ({
    context,
    openPopup,
    serviceWorker,
  }) => {
    const popup = await openPopup();
    await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);
    const page = await context.newPage();
    const inner = encodeURIComponent(`blank-frame.html?kind=${kind}`);
    const sandbox = encodeURIComponent('allow-scripts allow-forms');
    await page.goto(
      server.url(
        'github.test',
        `/autofill/frame.html?frame=github.test&page=${inner}&sandbox=${sandbox}`,
      ),
    );
    const frame = await formFrame(page, url);
    const field = frame.getByLabel('Authentication code');
    await field.click();
    await expect(frame.locator('html')).toHaveAttribute('data-tessera-inline', 'hidden');
    expect(await tabHasField(popup, serviceWorker, page)).toBe(false);
    expect(await field.inputValue()).toBe('');
  });
}

test('a sandboxed srcdoc frame of the bound page gets nothing', async ({
  context,
  openPopup,
  serviceWorker,
}) => {
  const popup = await openPopup();
  await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);
  const page = await context.newPage();
  const sandbox = encodeURIComponent('allow-scripts allow-forms');
  await page.goto(
    server.url('github.test', `/autofill/blank-frame.html?kind=srcdoc&sandbox=${sandbox}`),
  );
  const frame = await formFrame(page, 'about:srcdoc');
  const field = frame.getByLabel('Authentication code');
  await field.click();
  // Chromium may not run the content script in a sandboxed srcdoc at all; where it runs, the
  // background refuses the opaque origin. Either way: no button, no field, no code.
  await page.waitForTimeout(1000);
  expect([null, 'hidden']).toContain(
    await frame.locator('html').getAttribute('data-tessera-inline'),
  );
  const tabId = await tabIdOf(serviceWorker, page);
  await pressFillCommand(serviceWorker, tabId);
  expect(await tabHasField(popup, serviceWorker, page)).toBe(false);
  await page.waitForTimeout(300);
  expect(await field.inputValue()).toBe('');
});
