// "Select area" acts on the page the user drags on. If the tab shows another page before the
// capture (a link, or the page that opened the window navigating it), nothing is decoded or
// bound, and the popup says the page changed.
import { expect, test } from './support/extension';
import { startFixtureServer, type FixtureServer } from './support/server';
import { ScanBrowser } from './pages/scan/scanHarness';

let server: FixtureServer;
let b: ScanBrowser;
test.beforeAll(async () => {
  server = await startFixtureServer();
  b = await ScanBrowser.launch(server);
});
test.afterAll(async () => {
  await b?.close();
  await server?.close();
});

test('"Select area" on a tab that navigates away before the capture: E_PAGE_CHANGED', async () => {
  const { tabId } = b;
  const pending = b.call('scan.area', { tabId });
  await expect(b.page.locator('[data-tessera-scan-area]')).toBeAttached();
  await b.page.goto(server.url('evil.test', '/scan/enroll.html'));
  const result = await pending;
  expect(result).toMatchObject({ ok: false, error: { code: 'E_PAGE_CHANGED' } });
});
