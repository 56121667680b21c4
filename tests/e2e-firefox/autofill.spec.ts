// Autofill in Firefox: the inline button on a bound site, the popup's Fill on the tab it acts
// on, and refusal on a look-alike host, in a cross-origin frame and in a sandboxed frame (whose
// messages Firefox, since 126, marks with the opaque sender.origin "null").
import type { Frame, Page } from 'puppeteer-core';
import { call, codesAround, PASS, totpUri } from './support/journeys';
import { expect, test } from './support/fixture';
import { click, waitForText } from './support/ui';
import type { FirefoxSession } from './support/firefox';
import type { FixtureServer } from '../e2e/support/server';

const SECRET = 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ';

const site = (server: FixtureServer, host: string) => server.url(host, '/').replace(/\/$/, '');

async function vaultBoundTo(popup: Page, sites: string[]): Promise<void> {
  await call(popup, 'vault.create', { passphrase: PASS, confirm: PASS });
  const { id } = await call<{ id: string }>(popup, 'account.add', {
    kind: 'uri',
    uri: totpUri('GitHub', 'octocat@example.org', SECRET),
  });
  await call(popup, 'account.update', { id, patch: { sites } });
}

/** The content script's inline-button state for this document (e2e builds mark it). */
async function inlineState(frame: Page | Frame, want: string): Promise<void> {
  await frame.waitForFunction(
    (w: string) => document.documentElement.getAttribute('data-tessera-inline') === w,
    { timeout: 15_000, polling: 100 },
    want,
  );
}

async function focusField(frame: Page | Frame): Promise<void> {
  const input = await frame.waitForSelector('#app_totp', { visible: true, timeout: 15_000 });
  await input!.click();
}

const fieldValue = (frame: Page | Frame) =>
  frame.$eval('#app_totp', (el) => (el as HTMLInputElement).value);

/** The inline button's host element sits fixed in the top layer; click its centre like a person. */
async function clickInlineButton(page: Page): Promise<void> {
  const handle = await page.waitForFunction(
    () => {
      for (const el of document.querySelectorAll('body > *, html > *')) {
        const s = (el as HTMLElement).style;
        if (s.getPropertyValue('z-index') !== '2147483647') continue;
        const r = el.getBoundingClientRect();
        if (r.width > 0) return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }
      return false;
    },
    { timeout: 15_000, polling: 100 },
  );
  const { x, y } = (await handle.jsonValue()) as { x: number; y: number };
  await page.mouse.click(x, y);
}

async function framedSignIn(
  session: FirefoxSession,
  url: string,
): Promise<{ page: Page; frame: Frame }> {
  const page = await session.openPage(url);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const frame = page
      .frames()
      .find((f) => f !== page.mainFrame() && f.url().includes('/autofill/'));
    if (frame) {
      await frame.waitForSelector('#app_totp', { timeout: 15_000 });
      return { page, frame };
    }
    if (Date.now() > deadline) throw new Error(`No sign-in frame in ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * What the keyboard command (Alt+Shift+O) makes the background send the tab; a driver cannot
 * press extension shortcuts, so an already open extension page sends the same message (a new
 * tab would take the focus away from the field).
 */
async function pressFillCommand(extensionPage: Page, tabId: number): Promise<void> {
  await extensionPage.evaluate(
    (id: number) =>
      (
        globalThis as unknown as {
          browser: { tabs: { sendMessage: (t: number, m: unknown) => Promise<unknown> } };
        }
      ).browser.tabs.sendMessage(id, { tessera: 'autofill', op: 'command' }),
    tabId,
  );
}

async function tabState(popup: Page, tabId: number) {
  return call<{ hasField: boolean; origin: string | null; boundIds: string[] }>(
    popup,
    'autofill.tabState',
    { tabId },
  );
}

test('inline button and popup Fill on the bound site; nothing for a look-alike or a foreign or sandboxed frame', async ({
  firefox,
  server,
}) => {
  const popup = await firefox.openPopup();
  await vaultBoundTo(popup, [site(server, 'github.test')]);

  // The inline button, clicked like a person.
  const page = await firefox.openPage(server.url('github.test', '/autofill/signin.html'));
  await focusField(page);
  await inlineState(page, 'fill');
  await clickInlineButton(page);
  await page.waitForFunction(
    () => /^\d{6}$/.test((document.getElementById('app_totp') as HTMLInputElement).value),
    { timeout: 15_000 },
  );
  const value = await fieldValue(page);
  expect(codesAround(SECRET, Date.now())).toContain(value);
  expect(
    await page.evaluate(() => (window as unknown as { seen: { field: string }[] }).seen),
  ).toContainEqual({ field: 'app_otp', value });

  // The popup's Fill, on the tab it was opened for.
  const second = await firefox.openPage(server.url('github.test', '/autofill/signin.html?tab=2'));
  const tabId = await firefox.tabIdOf(second);
  const filler = await firefox.openPopup({ tabId });
  await click(filler, 'Fill code for GitHub');
  await waitForText(filler, 'Filled GitHub');
  expect(codesAround(SECRET, Date.now())).toContain(await fieldValue(second));

  // A look-alike host: no button, no Fill in the popup, nothing typed.
  const evil = await firefox.openPage(server.url('evilgithub.test', '/autofill/signin.html'));
  await focusField(evil);
  await inlineState(evil, 'hidden');
  const evilTab = await firefox.tabIdOf(evil);
  expect(await tabState(popup, evilTab)).toMatchObject({
    hasField: true,
    origin: site(server, 'evilgithub.test'),
    boundIds: [],
  });
  const evilFiller = await firefox.openPopup({ tabId: evilTab });
  await waitForText(evilFiller, 'GitHub');
  expect(
    await evilFiller.$$eval(
      'button',
      (bs) =>
        bs.filter((b) => /^Fill/.test((b.getAttribute('aria-label') ?? b.innerText).trim())).length,
    ),
  ).toBe(0);
  expect(await fieldValue(evil)).toBe('');

  // Frames of the bound page that are not the bound origin: cross-origin, and same-origin but
  // sandboxed (an opaque origin).
  for (const query of [
    'frame=evilgithub.test',
    `frame=github.test&sandbox=${encodeURIComponent('allow-scripts allow-forms')}`,
  ]) {
    const { page: top, frame } = await framedSignIn(
      firefox,
      server.url('github.test', `/autofill/frame.html?${query}`),
    );
    await focusField(frame);
    await inlineState(frame, 'hidden');
    const id = await firefox.tabIdOf(top);
    expect((await tabState(popup, id)).hasField, query).toBe(false);
    await pressFillCommand(popup, id);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await fieldValue(frame), query).toBe('');
  }

  // Control: a same-origin frame of the bound page gets the button.
  const { page: ownTop, frame: own } = await framedSignIn(
    firefox,
    server.url('github.test', '/autofill/frame.html?frame=github.test'),
  );
  await focusField(own);
  await inlineState(own, 'fill');
  await pressFillCommand(popup, await firefox.tabIdOf(ownTop));
  await own.waitForFunction(
    () => /^\d{6}$/.test((document.getElementById('app_totp') as HTMLInputElement).value),
    { timeout: 15_000 },
  );
});
