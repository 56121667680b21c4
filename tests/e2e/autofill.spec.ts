// Autofill end to end: the inline button, the popup's "Fill", locked vaults, split
// boxes and framework-controlled inputs, against pages served under real-looking host names.
import { expect, test } from './support/extension';
import { startFixtureServer, type FixtureServer } from './support/server';
import { backdateActivity } from './support/idle';
import {
  call,
  clickInlineButton,
  codesAround,
  inlineButtonBox,
  ok,
  OTHER_SECRET,
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

test('inline button: bind → visit → click → the field holds the code and the page saw it', async ({
  context,
  openPopup,
}) => {
  const popup = await openPopup();
  await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);

  const page = await context.newPage();
  await page.goto(server.url('github.test', '/autofill/signin.html'));
  const field = page.getByLabel('Authentication code');
  const layout = () =>
    page.evaluate(() => {
      const r = document.getElementById('app_totp')!.getBoundingClientRect();
      const b = document.querySelector('button')!.getBoundingClientRect();
      return [
        r.x,
        r.y,
        r.width,
        r.height,
        b.x,
        b.y,
        document.body.scrollHeight,
        document.body.scrollWidth,
      ];
    });
  const before = await layout();
  await field.click();
  await expect(page.locator('html')).toHaveAttribute('data-tessera-inline', 'fill');
  // The button sits on top of the page (top layer, fixed): nothing on the page moved.
  expect(await layout()).toEqual(before);
  const box = await inlineButtonBox(page);
  const fieldBox = (await field.boundingBox())!;
  expect(box!.x).toBeGreaterThan(fieldBox.x);
  expect(box!.x + box!.width).toBeLessThanOrEqual(fieldBox.x + fieldBox.width);
  await clickInlineButton(page);

  await expect(field).not.toHaveValue('');
  const value = await field.inputValue();
  const now = await page.evaluate(() => Date.now());
  expect(codesAround(now)).toContain(value);
  expect(await seen(page)).toContainEqual({ field: 'app_otp', value });
  // Focus stays in the field, ready for Enter.
  await expect(field).toBeFocused();
});

test('split boxes: one click fills every box, each box saw its digit', async ({
  context,
  openPopup,
}) => {
  const popup = await openPopup();
  await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);

  const page = await context.newPage();
  await page.goto(server.url('github.test', '/autofill/split.html'));
  await page.locator('input[name="d1"]').click();
  await clickInlineButton(page);

  const boxes = page.locator('.boxes input');
  await expect(boxes.nth(5)).not.toHaveValue('');
  const digits = await boxes.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  const code = digits.join('');
  expect(digits.every((d) => d.length === 1)).toBe(true);
  expect(codesAround(await page.evaluate(() => Date.now()))).toContain(code);
  const events = await seen(page);
  digits.forEach((d, i) => expect(events).toContainEqual({ field: `d${i + 1}`, value: d }));
});

test('a framework-controlled input (React-style value tracker) sees the fill', async ({
  context,
  openPopup,
}) => {
  const popup = await openPopup();
  await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);
  const page = await context.newPage();
  await page.goto(server.url('github.test', '/autofill/framework.html'));
  await page.getByLabel('Verification code').click();
  await clickInlineButton(page);
  await expect(page.locator('#state')).toHaveText(/^\d{6}$/);
  const state = await page.evaluate(
    () => (window as unknown as { frameworkState: string }).frameworkState,
  );
  expect(codesAround(await page.evaluate(() => Date.now()))).toContain(state);
});

test('several accounts bound to one site: the button offers a picker', async ({
  context,
  openPopup,
}) => {
  const popup = await openPopup();
  await vaultWith(popup, [
    { issuer: 'GitHub', label: 'work@example.org', sites: [site('github.test')] },
    {
      issuer: 'GitHub',
      label: 'home@example.org',
      secret: OTHER_SECRET,
      sites: [site('github.test')],
    },
  ]);
  const page = await context.newPage();
  await page.goto(server.url('github.test', '/autofill/signin.html'));
  const field = page.getByLabel('Authentication code');
  await field.click();
  await clickInlineButton(page);
  await expect(page.locator('html')).toHaveAttribute('data-tessera-inline', 'choose');
  expect(await field.inputValue()).toBe('');
  // The picker is in the closed shadow root too: pick with the keyboard, focus never left.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(field).not.toHaveValue('');
  expect(codesAround(await page.evaluate(() => Date.now()), OTHER_SECRET)).toContain(
    await field.inputValue(),
  );
});

test('popup "Fill": bound accounts first, fills the tab the popup acts on', async ({
  context,
  openPopup,
  serviceWorker,
}) => {
  const popup = await openPopup();
  await vaultWith(popup, [
    {
      issuer: 'Zyxwv Industries',
      label: 'first@example.org',
      secret: OTHER_SECRET,
      sites: ['https://zyxwv.example'],
    },
    { issuer: 'GitHub', sites: [site('github.test')] },
  ]);
  const page = await context.newPage();
  await page.goto(server.url('github.test', '/autofill/signin.html'));
  const tabId = await tabIdOf(serviceWorker, page);

  const filler = await openPopup({ tabId });
  const rows = filler.getByRole('listitem');
  await expect(rows.first()).toContainText('GitHub');
  // Bound elsewhere: never offered here.
  await expect(
    rows.filter({ hasText: 'Zyxwv' }).getByRole('button', { name: /^Fill/ }),
  ).toHaveCount(0);
  await rows
    .filter({ hasText: 'GitHub' })
    .getByRole('button', { name: 'Fill code for GitHub' })
    .click();
  await expect(filler.getByRole('status')).toContainText('Filled GitHub');

  const field = page.getByLabel('Authentication code');
  const value = await field.inputValue();
  expect(codesAround(Date.now())).toContain(value);
  expect(await seen(page)).toContainEqual({ field: 'app_otp', value });
});

test('popup "Fill" on a first fill asks to remember the site, then binds and fills', async ({
  context,
  openPopup,
  serviceWorker,
}) => {
  const popup = await openPopup();
  const [id] = await vaultWith(popup, [{ issuer: 'Acme', label: 'new@example.org', sites: [] }]);
  const page = await context.newPage();
  await page.goto(server.url('acme.test', '/autofill/split.html'));
  const filler = await openPopup({ tabId: await tabIdOf(serviceWorker, page) });

  await filler.getByRole('button', { name: 'Fill code for Acme on this site' }).click();
  const dialog = filler.getByRole('dialog', { name: 'Remember this site for Acme' });
  await expect(dialog).toContainText(site('acme.test'));
  await dialog.getByRole('button', { name: 'Remember and fill' }).click();
  await expect(page.locator('.boxes input').nth(5)).not.toHaveValue('');

  const list = await ok(call<{ id: string; sites: string[] }[]>(filler, 'vault.list'));
  expect(list.find((a) => a.id === id)?.sites).toEqual([site('acme.test')]);
  // From now on the inline button works there too.
  await page.reload();
  await page.locator('input[name="d1"]').click();
  await expect.poll(() => inlineButtonBox(page)).not.toBeNull();
});

test('locked vault: the button says so, opens the popup, and fills after unlocking', async ({
  context,
  openPopup,
  serviceWorker,
}) => {
  const popup = await openPopup();
  await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);
  await ok(call(popup, 'vault.lock'));
  await popup.close();

  const page = await context.newPage();
  await page.goto(server.url('github.test', '/autofill/signin.html'));
  const field = page.getByLabel('Authentication code');
  await field.click();
  await expect(page.locator('html')).toHaveAttribute('data-tessera-inline', 'locked');
  const popups = () =>
    serviceWorker.evaluate(
      async () =>
        (await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.POPUP] }))
          .length,
    );
  expect(await popups()).toBe(0);
  await clickInlineButton(page);
  // The toolbar popup opened (Playwright cannot drive that one; it is not a tab).
  await expect.poll(popups).toBe(1);
  expect(await field.inputValue()).toBe('');

  // Unlock in the pop-out window for the same tab, as a user could too.
  const unlock = await openPopup({ tabId: await tabIdOf(serviceWorker, page) });
  await unlock.getByLabel('Passphrase', { exact: true }).fill(PASS);
  await unlock.getByRole('button', { name: 'Unlock' }).click();
  await expect(field).not.toHaveValue('', { timeout: 30_000 });
  expect(codesAround(Date.now())).toContain(await field.inputValue());
  await expect(unlock.getByRole('status')).toContainText('Filled the code for GitHub');
});

test('auto-fill on focus is off by default and fills once when the account opts in', async ({
  context,
  openPopup,
}) => {
  const popup = await openPopup();
  const [id] = await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);
  const page = await context.newPage();
  await page.goto(server.url('github.test', '/autofill/signin.html'));
  const field = page.getByLabel('Authentication code');
  await field.click();
  await expect(page.locator('html')).toHaveAttribute('data-tessera-inline', 'fill');
  await page.waitForTimeout(500);
  expect(await field.inputValue()).toBe('');

  await ok(call(popup, 'account.update', { id, patch: { autoFill: true } }));
  await page.reload();
  await page.getByLabel('Authentication code').click();
  await expect(page.getByLabel('Authentication code')).toHaveValue(/^\d{6}$/);
});

test('with the inline button turned off in Settings, code fields get no button; the keyboard command still fills', async ({
  context,
  extensionId,
  openPopup,
  serviceWorker,
}) => {
  const popup = await openPopup();
  await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);
  const settings = await context.newPage();
  await settings.goto(`chrome-extension://${extensionId}/options.html#autofill`);
  const toggle = settings.getByLabel('Show the fill button in code fields');
  await expect(toggle).toBeChecked();
  await toggle.uncheck();
  await expect(toggle).toBeEnabled();
  await settings.reload();
  await expect(settings.getByLabel('Show the fill button in code fields')).not.toBeChecked();

  const page = await context.newPage();
  await page.goto(server.url('github.test', '/autofill/signin.html'));
  const field = page.getByLabel('Authentication code');
  await field.click();
  await expect(page.locator('html')).toHaveAttribute('data-tessera-inline', 'hidden');
  expect(await inlineButtonBox(page)).toBeNull();

  const tabId = await tabIdOf(serviceWorker, page);
  await pressFillCommand(serviceWorker, tabId);
  await expect(field).toHaveValue(/^\d{6}$/);
});

test('the context-menu item and the keyboard command fill the field (as the browser sends them)', async ({
  context,
  openPopup,
  serviceWorker,
}) => {
  const popup = await openPopup();
  await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);
  const page = await context.newPage();
  await page.goto(server.url('github.test', '/autofill/signin.html'));
  const tabId = await tabIdOf(serviceWorker, page);
  const field = page.getByLabel('Authentication code');

  // Browser-level shortcuts and menus cannot be pressed by Playwright; this is the message the
  // background sends when they are, to the frame where the user right-clicked.
  await field.click({ button: 'right' });
  await page.keyboard.press('Escape');
  await serviceWorker.evaluate(
    (id) => chrome.tabs.sendMessage(id, { tessera: 'autofill', op: 'menu' }, { frameId: 0 }),
    tabId,
  );
  await expect(field).toHaveValue(/^\d{6}$/);

  await field.fill('');
  await field.focus();
  await pressFillCommand(serviceWorker, tabId);
  await expect(field).toHaveValue(/^\d{6}$/);
});

test('copy after fill (setting): the code is also on the clipboard', async ({
  context,
  openPopup,
  serviceWorker,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const popup = await openPopup();
  await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);
  await ok(call(popup, 'autofill.setSettings', { copyAfterFill: true }));
  const page = await context.newPage();
  await page.goto(server.url('github.test', '/autofill/signin.html'));
  const filler = await openPopup({ tabId: await tabIdOf(serviceWorker, page) });
  await filler.getByRole('button', { name: 'Fill code for GitHub' }).click();
  await expect(filler.getByRole('status')).toContainText('Filled and copied GitHub');
  const value = await page.getByLabel('Authentication code').inputValue();
  expect(await filler.evaluate(() => navigator.clipboard.readText())).toBe(value);
});

test('copy after fill also works from the inline button', async ({ context, openPopup }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const popup = await openPopup();
  await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);
  await ok(call(popup, 'autofill.setSettings', { copyAfterFill: true }));
  const page = await context.newPage();
  await page.goto(server.url('github.test', '/autofill/signin.html'));
  const field = page.getByLabel('Authentication code');
  await field.click();
  await clickInlineButton(page);
  await expect(field).toHaveValue(/^\d{6}$/);
  const value = await field.inputValue();
  // Read back from an extension page: the test page is plain http, which has no async clipboard.
  await popup.bringToFront();
  await expect.poll(() => popup.evaluate(() => navigator.clipboard.readText())).toBe(value);
});

test('the edit dialog turns the per-account autofill choices on (both off by default)', async ({
  openPopup,
}) => {
  const popup = await openPopup();
  const [id] = await vaultWith(popup, [{ issuer: 'GitHub', sites: ['https://github.com'] }]);
  await popup.reload();
  const row = popup.getByRole('listitem').filter({ hasText: 'GitHub' });
  await row.getByRole('button', { name: /actions/i }).click();
  await popup.getByRole('menuitem', { name: 'Edit' }).click();
  const dialog = popup.getByRole('dialog', { name: 'Edit account' });
  const wide = dialog.getByLabel(/other addresses of the same site/);
  const auto = dialog.getByLabel(/Fill automatically/);
  await expect(wide).not.toBeChecked();
  await expect(auto).not.toBeChecked();
  await wide.check();
  await auto.check();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  const list = await ok(
    call<{ id: string; subdomains: boolean; autoFill: boolean }[]>(popup, 'vault.list'),
  );
  expect(list.find((a) => a.id === id)).toMatchObject({ subdomains: true, autoFill: true });
});

test('a page cannot get a code after the idle auto-lock limit, even before the alarm fires', async ({
  context,
  openPopup,
  serviceWorker,
}) => {
  const popup = await openPopup();
  await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);
  await popup.close();
  // Default auto-lock: 15 minutes idle. Pretend the last use was an hour ago.
  await backdateActivity(serviceWorker, 3_600_000);
  const page = await context.newPage();
  await page.goto(server.url('github.test', '/autofill/signin.html'));
  await page.getByLabel('Authentication code').click();
  await expect(page.locator('html')).toHaveAttribute('data-tessera-inline', 'locked');
  await pressFillCommand(serviceWorker, await tabIdOf(serviceWorker, page));
  await page.waitForTimeout(300);
  expect(await page.getByLabel('Authentication code').inputValue()).toBe('');
});
