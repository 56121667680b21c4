// Scan a QR code from the current tab in Firefox: the popup acting on the enrollment tab
// (popup.html?tab=<id>) captures it with tabs.captureVisibleTab, the user confirms, and the
// account lands bound to the tab's site, with the code an independent TOTP gives.
import { otpauthUri, qrFigure, secretFor } from '../e2e/pages/scan/scanHarness';
import { call, codesAround, PASS } from './support/journeys';
import { expect, test } from './support/fixture';
import { click, waitForText } from './support/ui';

interface Listed {
  issuer: string;
  label: string;
  sites: string[];
  code: string | null;
}

test('scan the enrollment tab: the account is added, bound to the page’s site', async ({
  firefox,
  server,
}) => {
  const popup = await firefox.openPopup();
  await call(popup, 'vault.create', { passphrase: PASS, confirm: PASS });
  await popup.close();

  const issuer = 'Firefox Scan Bank';
  const secret = secretFor(`${issuer}/alice`);
  const page = await firefox.openPage(server.url('login.example.test', '/scan/enroll.html'));
  const figure = await qrFigure({ text: otpauthUri(issuer, 'alice@example.org', secret), px: 4 });
  await page.evaluate((html: string) => {
    document.getElementById('content')!.innerHTML = `<div class="codes">${html}</div>`;
  }, figure);
  await page.waitForFunction(
    () => Array.from(document.images).every((i) => i.complete && i.naturalWidth > 0),
    { timeout: 15_000 },
  );

  const tabId = await firefox.tabIdOf(page);
  const scanner = await firefox.openPopup({ tabId });
  await click(scanner, 'Scan QR code');
  await scanner.waitForSelector('[data-testid=scan-preview]', { timeout: 30_000 });
  const site = server.url('login.example.test', '/').replace(/\/$/, '');
  await waitForText(scanner, site);
  await waitForText(scanner, issuer);
  await click(scanner, 'Add', { within: '[role=dialog]' });
  await waitForText(scanner, `Added ${issuer}`);

  const list = await call<Listed[]>(scanner, 'vault.list');
  const account = list.find((a) => a.issuer === issuer);
  expect(account?.sites).toEqual([site]);
  expect(codesAround(secret, Date.now())).toContain(account?.code);
});
