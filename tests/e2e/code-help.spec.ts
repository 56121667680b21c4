// "Code not accepted?": the guide in each account's menu shows the previous, current and next
// codes with their times, points to accounts with the same name and another secret, and checks
// the computer's clock against the account's site with one request, after asking the browser
// for that one origin.
import * as OTPAuth from 'otpauth';
import type { Page } from '@playwright/test';
import { OTHER_SECRET, SECRET, vaultWith } from './pages/autofill/harness';
import { expect, test } from './support/extension';
import { startFixtureServer, type FixtureServer } from './support/server';

let server: FixtureServer;
test.beforeAll(async () => {
  server = await startFixtureServer();
});
test.afterAll(async () => {
  await server.close();
});

const HOST = 'clock.test';

function codeAt(secret: string, atMs: number): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({
    timestamp: atMs,
  });
}

async function openGuide(popup: Page, issuer: string): Promise<void> {
  const row = popup.getByRole('listitem').filter({ hasText: issuer }).first();
  await row.getByRole('button', { name: /^Actions for/ }).click();
  await popup.getByRole('menuitem', { name: 'Code not accepted?' }).click();
  await expect(popup.getByRole('dialog', { name: 'Code not accepted?' })).toBeVisible();
}

/** Records the page's optional-permission requests, and lets a test answer them itself. */
async function watchPermissionRequests(popup: Page, answer: 'browser' | 'deny'): Promise<void> {
  await popup.evaluate((answer) => {
    const asked: unknown[] = [];
    (window as unknown as { asked: unknown[] }).asked = asked;
    const api = chrome.permissions;
    const original = api.request.bind(api);
    api.request = ((p: chrome.permissions.Permissions) => {
      asked.push(p);
      return answer === 'deny' ? Promise.resolve(false) : original(p);
    }) as typeof api.request;
  }, answer);
}

const askedFor = (popup: Page) =>
  popup.evaluate(() => (window as unknown as { asked: unknown[] }).asked);

test('the guide shows the previous, current and next codes and points to a same-name account with another secret', async ({
  openPopup,
}) => {
  test.setTimeout(120_000);
  const popup = await openPopup();
  await vaultWith(popup, [
    { issuer: 'Example', label: 'alice', sites: [] },
    { issuer: 'Example', label: 'alice', secret: OTHER_SECRET, sites: [] },
  ]);
  await popup.reload();
  await openGuide(popup, 'Example');
  const dialog = popup.getByRole('dialog', { name: 'Code not accepted?' });

  const codes = dialog.getByTestId('window-code');
  await expect(codes).toHaveCount(3);
  const shown = (await codes.allInnerTexts()).map((c) => c.replace(/\s/g, ''));
  const now = await popup.evaluate(() => Date.now());
  // Which of the two accounts is first depends on their order; both secrets are candidates.
  const matches = (secret: string, at: number) =>
    shown[0] === codeAt(secret, at - 30_000) &&
    shown[1] === codeAt(secret, at) &&
    shown[2] === codeAt(secret, at + 30_000);
  const right = [SECRET, OTHER_SECRET].some(
    (secret) => matches(secret, now) || matches(secret, now - 30_000),
  );
  expect(right, `codes shown: ${shown.join(', ')}`).toBe(true);
  await expect(dialog.getByText('Previous')).toBeVisible();
  await expect(dialog.getByText('Next', { exact: true })).toBeVisible();

  await expect(dialog.getByText(/computer’s clock is off/)).toBeVisible();
  await expect(dialog.getByText(/newer secret/)).toBeVisible();
  await expect(dialog.getByText(/wrong account/)).toBeVisible();
  await expect(dialog.getByTestId('same-name')).toContainText('Example alice');
  for (const os of ['Windows:', 'macOS:', 'Linux:']) {
    await expect(dialog.getByText(os, { exact: false })).toBeVisible();
  }
  // Without a site there is nobody to ask.
  await expect(dialog.getByRole('button', { name: 'Check the clock' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
});

test('the clock check asks for the account site only, sends one request, and says how far off the clock is', async ({
  openPopup,
}) => {
  test.setTimeout(120_000);
  const site = new URL(server.url(HOST)).origin;
  const popup = await openPopup();
  await vaultWith(popup, [{ issuer: 'Clocked', label: 'bob', sites: [site] }]);
  await popup.reload();

  // The site's clock is 47 s behind this computer's: this one is 47 s fast. Worked out when the
  // request arrives, not now: a busy machine may take seconds to get to the click.
  const siteTime = (offsetMs: number) => () => new Date(Date.now() + offsetMs).toUTCString();
  server.setDate(HOST, siteTime(-47_000));
  await openGuide(popup, 'Clocked');
  const dialog = popup.getByRole('dialog', { name: 'Code not accepted?' });
  await expect(
    dialog.getByText(`Tessera can ask ${new URL(site).host} for its time`),
  ).toBeVisible();

  await watchPermissionRequests(popup, 'browser');
  await dialog.getByRole('button', { name: 'Check the clock' }).click();
  await expect(dialog.getByRole('status')).toHaveText(/^Your computer’s clock is 4[678] s fast\.$/);
  // The e2e build holds host access already (wxt.config.ts), so Chromium grants without a
  // prompt; what is checked here is that the page asked for this one origin and nothing more.
  expect(await askedFor(popup)).toEqual([{ origins: ['http://clock.test/*'] }]);
  const requests = server.requestsTo(HOST);
  expect(requests).toEqual([{ method: 'HEAD', path: '/', cookie: false }]);

  server.setDate(HOST, siteTime(30_000));
  await dialog.getByRole('button', { name: 'Check the clock' }).click();
  await expect(dialog.getByRole('status')).toHaveText(
    /^Your computer’s clock is (29|30|31) s slow\.$/,
  );

  server.setDate(HOST, siteTime(1_000));
  await dialog.getByRole('button', { name: 'Check the clock' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Your clock is right.');

  server.setDate(HOST, null);
  await dialog.getByRole('button', { name: 'Check the clock' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(/did not say what time it is/);
  server.setDate(HOST, undefined);

  // When the browser says no, no request leaves and the guide says why.
  await watchPermissionRequests(popup, 'deny');
  const before = server.requestsTo(HOST).length;
  await dialog.getByRole('button', { name: 'Check the clock' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(/did not allow the request/);
  expect(server.requestsTo(HOST).length).toBe(before);
});

test('a per-account time offset, set in Edit, changes the code the row shows and is shown in the row', async ({
  openPopup,
}) => {
  test.setTimeout(120_000);
  const popup = await openPopup();
  await vaultWith(popup, [{ issuer: 'Shifted', label: 'carol', sites: [] }]);
  await popup.reload();
  const row = popup.getByRole('listitem').filter({ hasText: 'Shifted' });
  await expect(row.getByTestId('time-offset')).toHaveCount(0);

  await row.getByRole('button', { name: /^Actions for/ }).click();
  await popup.getByRole('menuitem', { name: 'Edit' }).click();
  const edit = popup.getByRole('dialog', { name: 'Edit account' });
  await edit.getByLabel('Time offset (seconds)').fill('300');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toHaveCount(0);
  await expect(row.getByTestId('time-offset')).toHaveText('Clock +300 s');

  // Five minutes ahead: the code of ten windows later, never today's.
  const shown = (await row.getByTestId('code').innerText()).replace(/\s/g, '');
  const now = await popup.evaluate(() => Date.now());
  const shifted = [-30_000, 0, 30_000].map((d) => codeAt(SECRET, now + 300_000 + d));
  expect(shifted).toContain(shown);
  expect([-30_000, 0].map((d) => codeAt(SECRET, now + d))).not.toContain(shown);

  // The guide shows the same, shifted codes.
  await openGuide(popup, 'Shifted');
  const current = popup.getByTestId('window-code').nth(1);
  await expect
    .poll(async () => shifted.includes((await current.innerText()).replace(/\s/g, '')))
    .toBe(true);
  await popup.getByRole('button', { name: 'Close' }).click();

  // An offset out of range is refused with the reason; 0 removes it.
  await row.getByRole('button', { name: /^Actions for/ }).click();
  await popup.getByRole('menuitem', { name: 'Edit' }).click();
  await edit.getByLabel('Time offset (seconds)').fill('100000');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit.getByRole('alert')).toContainText('whole number of seconds');
  await edit.getByLabel('Time offset (seconds)').fill('0');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toHaveCount(0);
  await expect(row.getByTestId('time-offset')).toHaveCount(0);
});
