// Clearing the clipboard in Firefox, which has no offscreen document: the background is a page
// with a document of its own, and clears the copied code there after the chosen delay, only if
// the clipboard still holds it.
import type { Page } from 'puppeteer-core';
import { addByLink, codesAround, createVault, totpUri } from './support/journeys';
import { expect, test } from './support/fixture';
import { field, rowCode, waitForText } from './support/ui';

const SECRET = 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ';

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

test('a copied code is cleared after the shortest delay; something copied since is left alone', async ({
  firefox,
}) => {
  const popup = await firefox.openPopup();
  await createVault(popup);
  await addByLink(popup, totpUri('Zyxwv Industries', 'q@example.org', SECRET), 'Zyxwv');

  const settings = await firefox.openOptions();
  await (await field(settings, 'Clear the clipboard after copying a code')).select('15');

  await rowCode(popup, 'Zyxwv');
  await popup.click('li [data-testid=code]');
  await waitForText(popup, 'Copied');
  const copied = await clipboard(popup);
  expect(codesAround(SECRET, Date.now())).toContain(copied);
  // The alarm fires 15 s after the copy; browsers may run alarms a little late.
  await expect.poll(() => clipboard(popup), { timeout: 60_000, intervals: [1_000] }).toBe('');

  // Copied again, then the user copies something else: that stays.
  await popup.click('li [data-testid=code]');
  await waitForText(popup, 'Copied');
  await popup.evaluate(() => navigator.clipboard.writeText('the user’s own text'));
  await new Promise((resolve) => setTimeout(resolve, 20_000));
  expect(await clipboard(popup)).toBe('the user’s own text');
});
