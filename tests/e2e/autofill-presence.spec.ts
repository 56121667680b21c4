// A page must not learn from Tessera's inline button whether Tessera is installed, has a
// vault, or is locked: on a site no account is bound to, it sees the same thing in every state.
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './support/extension';
import { startFixtureServer, type FixtureServer } from './support/server';
import { call, inlineButtonBox, ok, vaultWith } from './pages/autofill/harness';

let server: FixtureServer;
test.beforeAll(async () => {
  server = await startFixtureServer();
});
test.afterAll(async () => {
  await server?.close();
});

const site = (host: string) => server.url(host, '/').replace(/\/$/, '');

/** Focuses the code field and returns the elements added to the page once Tessera answered. */
async function whatThePageSees(context: BrowserContext, host: string): Promise<string[]> {
  const page = await context.newPage();
  await page.goto(server.url(host, '/autofill/presence.html'));
  await page.getByLabel('Authentication code').click();
  // The e2e build marks the content script's answer (whatever it is) on <html>.
  await expect(page.locator('html')).toHaveAttribute('data-tessera-inline', /.+/);
  await page.waitForTimeout(300);
  const added = await page.evaluate(() => (window as unknown as { added: string[] }).added);
  await page.close();
  return added;
}

test('an unbound site sees the same whatever the vault state', async ({ context, openPopup }) => {
  const popup: Page = await openPopup();
  const seen: Record<string, string[]> = {};
  seen.noVault = await whatThePageSees(context, 'unbound.test');

  await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);
  seen.unlocked = await whatThePageSees(context, 'unbound.test');

  await ok(call(popup, 'vault.lock'));
  seen.locked = await whatThePageSees(context, 'unbound.test');

  expect(seen).toEqual({ noVault: [], unlocked: [], locked: [] });

  // Control: the bound site, while locked, still offers the button that unlocks and fills.
  const bound = await context.newPage();
  await bound.goto(server.url('github.test', '/autofill/presence.html'));
  await bound.getByLabel('Authentication code').click();
  await expect(bound.locator('html')).toHaveAttribute('data-tessera-inline', 'locked');
  expect(await inlineButtonBox(bound)).not.toBeNull();
});

test('the bound-site list kept for the locked state follows changes of sites', async ({
  context,
  openPopup,
}) => {
  const popup = await openPopup();
  const [id] = await vaultWith(popup, [{ issuer: 'GitHub', sites: [site('github.test')] }]);
  // Bound to another site now: github.test is no longer bound, widgets.test is.
  await ok(call(popup, 'account.update', { id, patch: { sites: [site('widgets.test')] } }));
  await ok(call(popup, 'vault.lock'));
  expect(await whatThePageSees(context, 'github.test')).toEqual([]);
  const page = await context.newPage();
  await page.goto(server.url('widgets.test', '/autofill/presence.html'));
  await page.getByLabel('Authentication code').click();
  await expect(page.locator('html')).toHaveAttribute('data-tessera-inline', 'locked');
});
