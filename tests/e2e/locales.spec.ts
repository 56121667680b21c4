// Every language Tessera ships, in a browser started in that language: the popup's main screens
// speak it (their text is compared with locales/<lang>.yml, never with English), say so in
// <html lang>, and fit the 360 px popup even with long account names and German word lengths.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseMessagesText } from '@wxt-dev/i18n/build';
import type { Page } from '@playwright/test';
import { expect, repoRoot, test } from './support/extension';

const LOCALES = ['en', 'it', 'sv', 'nl', 'de', 'fr', 'es'] as const;

const PASS = 'A long and private passphrase';
const POPUP_WIDTH = 360;
// Chromium's largest popup; the pages scroll vertically past it, never sideways.
const POPUP_HEIGHT = 600;

// Long names without spaces are the hard case: nothing to wrap at.
const ACCOUNTS = [
  ['GitHub', 'octocat@example.org'],
  [
    'Internationale Handelsgesellschaft für Datenverarbeitung',
    'verwaltung.buchhaltung.abteilung@sehr-lange-domain-beispiel.example',
  ],
  ['Caisse d’Épargne et de Prévoyance Île-de-France', 'jean-baptiste.dupont-lefebvre@example.fr'],
  ['Amazon Web Services', 'aws-root-account-production-eu-central-1@example.com'],
] as const;
// One secret each: the vault refuses the same secret twice.
const SECRETS = [
  'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
  'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U',
  'ONSWG4TFOQQGC3TEEBZWK2LOMNSXE3TT',
];

function uriFor(issuer: string, label: string, secret: string): string {
  return `otpauth://totp/${encodeURIComponent(`${issuer}:${label}`)}?secret=${secret}&issuer=${encodeURIComponent(issuer)}`;
}

/** The catalogue the build was made from: what a screen must show in that language. */
function catalogue(lang: string): (key: string) => string {
  const text = readFileSync(path.join(repoRoot, 'locales', `${lang}.yml`), 'utf8');
  const messages = new Map<string, string>();
  for (const m of parseMessagesText(text, 'YAML')) {
    if (m.type !== 'plural') messages.set(m.key.join('.'), m.message);
  }
  return (key) => {
    const message = messages.get(key);
    if (message === undefined) throw new Error(`locales/${lang}.yml has no ${key}`);
    return message;
  };
}

/** Calls a background route from the popup, in the wire format of @webext-core/messaging. */
async function call(page: Page, type: string, data?: unknown): Promise<unknown> {
  const reply = (await page.evaluate(
    ({ type, data }) => chrome.runtime.sendMessage({ id: 1, type, data, timestamp: Date.now() }),
    { type, data },
  )) as { res?: { ok: boolean; value?: unknown } } | undefined;
  if (!reply?.res?.ok) throw new Error(`${type}: ${JSON.stringify(reply)}`);
  return reply.res.value;
}

interface Overflow {
  /** How far the document scrolls sideways; the popup must not. */
  scrollWidth: number;
  /** Elements whose right edge passes the popup's, as "selector “text” (right edge)". */
  offenders: string[];
}

/**
 * What sticks out of the popup. An element clipped by an ancestor that itself fits (an
 * ellipsis, a scrolling box) does not count: the user never sees it outside the popup.
 */
async function overflowOf(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const describe = (el: Element): string => {
      const parts: string[] = [];
      for (let e: Element | null = el; e && e !== document.body && parts.length < 3;) {
        const classes = [...e.classList]
          .filter((c) => !c.startsWith('svelte-'))
          .map((c) => `.${c}`)
          .join('');
        parts.unshift(`${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${classes}`);
        e = e.parentElement;
      }
      return parts.join(' > ');
    };
    const clippedByFittingAncestor = (el: Element): boolean => {
      for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (style.overflowX !== 'visible' && a.getBoundingClientRect().right <= width + 0.5) {
          return true;
        }
      }
      return false;
    };
    const offenders: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      if (rect.right <= width + 0.5) continue;
      if (clippedByFittingAncestor(el)) continue;
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 50);
      offenders.push(`${describe(el)} “${text}” (right ${Math.round(rect.right)})`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, offenders };
  });
}

for (const lang of LOCALES) {
  test.describe(`popup in ${lang}`, () => {
    test.use({ locale: lang });

    test(`speaks ${lang} and fits 360 px on every main screen`, async ({
      serviceWorker,
      openPopup,
    }) => {
      // A vault creation (Argon2id) plus seven screens in a fresh browser.
      test.setTimeout(120_000);
      const t = catalogue(lang);

      // chrome.i18n.getUILanguage() follows only when Chromium has this language's locale
      // pack (Debian: chromium-l10n); without it the browser says en-US.
      const uiLanguage = await serviceWorker.evaluate(() => chrome.i18n.getUILanguage());
      expect(
        uiLanguage.split('-')[0],
        'browser UI language (Debian needs the chromium-l10n package)',
      ).toBe(lang);

      const results: Record<string, Overflow> = {};
      const check = async (screen: string, page: Page): Promise<void> => {
        results[screen] = await overflowOf(page);
      };

      const popup = await openPopup();
      await popup.setViewportSize({ width: POPUP_WIDTH, height: POPUP_HEIGHT });

      // First run: create a vault.
      await expect(popup.getByRole('heading', { level: 1 })).toHaveText(t('vault.welcome'));
      await expect(popup.locator('html')).toHaveAttribute('lang', new RegExp(`^${lang}(-|$)`));
      await expect(popup.getByRole('button', { name: t('vault.create') })).toBeVisible();
      await check('create vault', popup);

      await popup.getByLabel(t('vault.passphrase'), { exact: true }).fill(PASS);
      await popup.getByLabel(t('vault.confirmPassphrase')).fill(PASS);
      await popup.getByRole('button', { name: t('vault.create') }).click();

      // Recovery key, shown once.
      await expect(popup.getByRole('heading', { level: 1 })).toHaveText(
        t('vault.saveRecoveryKey'),
        { timeout: 30_000 },
      );
      await check('recovery key', popup);
      await popup.getByLabel(t('vault.recoveryKeySaved')).check();
      await popup.getByRole('button', { name: t('common.continue') }).click();

      // Codes list with long names.
      const search = popup.getByRole('searchbox', { name: t('codes.searchAccounts') });
      await expect(search).toBeVisible();
      for (const [i, [issuer, label]] of ACCOUNTS.entries()) {
        await call(popup, 'account.add', { kind: 'uri', uri: uriFor(issuer, label, SECRETS[i]!) });
      }
      await popup.reload();
      await expect(search).toBeVisible();
      await expect(popup.getByRole('listitem').filter({ hasText: ACCOUNTS[1][0] })).toBeVisible();
      await expect(popup.getByRole('button', { name: t('vault.lock') })).toBeVisible();
      await check('codes list', popup);

      // The actions menu of the longest row opens towards the popup's edge.
      const actions = t('codes.actionsFor').replace('$1', `${ACCOUNTS[1][0]} ${ACCOUNTS[1][1]}`);
      await popup.getByRole('button', { name: actions, exact: true }).click();
      const menu = popup.getByRole('menu');
      await expect(menu.getByRole('menuitem', { name: t('common.edit') })).toBeVisible();
      await check('row menu', popup);
      await popup.keyboard.press('Escape');
      await expect(menu).toHaveCount(0);

      // Add account dialog (the form with the most labels and hints).
      await popup
        .getByRole('button', { name: t('codes.addAccount') })
        .first()
        .click();
      const dialog = popup.getByRole('dialog', { name: t('codes.addAccount') });
      await expect(dialog).toBeVisible();
      await dialog.getByRole('tab', { name: t('codes.modeFields') }).click();
      await expect(dialog.getByLabel(t('codes.secretKey'))).toBeVisible();
      await check('add account', popup);
      await dialog.getByRole('button', { name: t('common.cancel') }).click();
      await expect(dialog).toHaveCount(0);

      // Unlock.
      await popup.getByRole('button', { name: t('vault.lock') }).click();
      await expect(popup.getByRole('heading', { level: 1 })).toHaveText(t('vault.unlockTitle'));
      await expect(popup.getByRole('button', { name: t('vault.unlock') })).toBeVisible();
      await check('unlock', popup);

      console.log(
        [
          `[locales] ${lang} (UI language ${uiLanguage}):`,
          ...Object.entries(results).map(
            ([screen, r]) =>
              `  ${screen}: scrollWidth ${r.scrollWidth}, ${r.offenders.length === 0 ? 'no overflow' : `overflow: ${r.offenders.join('; ')}`}`,
          ),
        ].join('\n'),
      );
      for (const [screen, r] of Object.entries(results)) {
        expect
          .soft(r.scrollWidth, `${lang} ${screen}: document width`)
          .toBeLessThanOrEqual(POPUP_WIDTH);
        expect.soft(r.offenders, `${lang} ${screen}: elements past the right edge`).toEqual([]);
      }
    });
  });
}
