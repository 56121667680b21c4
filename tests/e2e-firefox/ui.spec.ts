// The popup and Settings in Firefox: the settings page and a stored choice, German from the
// browser's language (Debian's langpack), axe over the popup's screens, and the phone-sized
// viewport of Firefox for Android (360×640), where the popup opens as a whole tab.
import type { Page } from 'puppeteer-core';
import { runAxe } from '../support/axe';
import { addByLink, createVault, PASS, totpUri } from './support/journeys';
import { expect, test } from './support/fixture';
import { check, click, field, fill, KDF_TIMEOUT, rowCode, waitForText } from './support/ui';

const SECRET = 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ';

test('Settings opens from the popup with every section; a theme choice is stored and applied', async ({
  firefox,
}) => {
  const popup = await firefox.openPopup();
  await createVault(popup);
  await click(popup, 'Settings');
  const settings = await firefox.waitForExtensionTab('options.html');
  await waitForText(settings, 'Import accounts');
  for (const section of ['General', 'Autofill', 'Backup', 'Security', 'Import & export', 'About'])
    expect(
      await settings.$$eval(
        'h2',
        (hs, name) => hs.some((h) => (h as HTMLElement).innerText.trim() === name),
        section,
      ),
    ).toBe(true);
  expect(await settings.evaluate(() => document.querySelectorAll('[role=alert]').length)).toBe(0);

  const theme = await field(settings, 'Theme');
  await theme.select('dark');
  await settings.waitForFunction(() => document.documentElement.dataset.theme === 'dark', {
    timeout: 10_000,
  });
  const later = await firefox.openPopup();
  await later.waitForFunction(() => document.documentElement.dataset.theme === 'dark', {
    timeout: 10_000,
  });
});

test.describe('in German', () => {
  test.use({ firefoxLocale: 'de' });

  test('the popup speaks the browser’s language', async ({ firefox }) => {
    const popup = await firefox.openPopup();
    await waitForText(popup, 'Willkommen bei Tessera');
    expect(await popup.evaluate(() => document.documentElement.lang)).toBe('de');
    await fill(popup, 'Passphrase', PASS);
    await fill(popup, 'Passphrase bestätigen', PASS);
    await click(popup, 'Tresor anlegen');
    await check(popup, 'Ich habe meinen Wiederherstellungsschlüssel gesichert', {
      timeout: KDF_TIMEOUT,
    });
    await click(popup, 'Weiter');
    await waitForText(popup, 'Konto hinzufügen');
  });
});

/** The serious and critical findings, and how many rules passed. */
async function axe(page: Page): Promise<{ passes: number; blocking: AxeViolation[] }> {
  const result = await runAxe(page);
  return {
    passes: result.passes.length,
    blocking: result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact ?? null, nodes: v.nodes.slice(0, 3) })),
  };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: unknown[] }[];
}

test('axe finds no serious or critical problem on the popup’s screens in Firefox', async ({
  firefox,
}) => {
  const popup = await firefox.openPopup();
  await waitForText(popup, 'Create vault');
  let result = await axe(popup);
  expect(result.passes).toBeGreaterThan(5);
  expect(result.blocking, 'first run').toEqual([]);

  await createVault(popup);
  await addByLink(popup, totpUri('Zyxwv Industries', 'q@example.org', SECRET), 'Zyxwv');
  await rowCode(popup, 'Zyxwv');
  result = await axe(popup);
  expect(result.passes).toBeGreaterThan(5);
  expect(result.blocking, 'codes').toEqual([]);

  await click(popup, 'Lock');
  await waitForText(popup, 'Unlock');
  result = await axe(popup);
  expect(result.blocking, 'unlock').toEqual([]);
});

/** Nothing wider than the screen, and the named controls fully on it. */
async function fitsPhone(page: Page, controls: string[]): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(overflow).toBeLessThanOrEqual(360);
  for (const name of controls) {
    const box = await page.evaluate((n: string) => {
      for (const el of document.querySelectorAll('button,input,select,label')) {
        const text = (el.getAttribute('aria-label') ?? (el as HTMLElement).innerText ?? '').trim();
        if (text !== n) continue;
        const r = el.getBoundingClientRect();
        if (r.width > 0) return { left: r.left, right: r.right };
      }
      return null;
    }, name);
    expect(box, `control "${name}"`).not.toBeNull();
    expect(box!.left, `control "${name}"`).toBeGreaterThanOrEqual(0);
    expect(box!.right, `control "${name}"`).toBeLessThanOrEqual(360);
  }
}

test('Firefox for Android: popup and Settings work at 360×640', async ({ firefox }) => {
  const popup = await firefox.openPopup();
  await popup.setViewport({ width: 360, height: 640 });
  await waitForText(popup, 'Create vault');
  await fitsPhone(popup, ['Create vault']);
  await createVault(popup);
  await addByLink(
    popup,
    totpUri(
      'A very long issuer name for a narrow screen',
      'someone.with.a.long.address@example.org',
      SECRET,
    ),
    'A very long issuer',
  );
  await rowCode(popup, 'A very long issuer');
  await fitsPhone(popup, ['Add account', 'Lock']);

  const settings = await firefox.openOptions();
  await settings.setViewport({ width: 360, height: 640 });
  await waitForText(settings, 'Import accounts');
  await fitsPhone(settings, ['Theme']);
  const theme = await field(settings, 'Theme');
  await theme.select('light');
  await settings.waitForFunction(() => document.documentElement.dataset.theme === 'light', {
    timeout: 10_000,
  });
});
