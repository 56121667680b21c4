// Accessibility: axe-core over every screen and dialog of the built extension, in the
// light and the dark colour scheme, plus the things axe cannot see: keyboard-only use, a visible
// focus indicator, focus moving into dialogs and back, live announcements, reduced motion.
// One vault per test: each test creates it once and then navigates.
import { rm } from 'node:fs/promises';
import QRCode from 'qrcode';
import type { BrowserContext, Locator, Page } from '@playwright/test';
import {
  E2E_EXTENSION_DIR,
  extensionIdOf,
  launchChromium,
  makeProfileDir,
  waitForServiceWorker,
} from '../../scripts/lib/launch-extension.mjs';
import { PALETTE_RULES, runAxe } from '../support/axe';
import { expect, test } from './support/extension';
import { createVault } from './support/vault';

const PASS = 'A long and private passphrase';
const BLOCKING = new Set(['serious', 'critical']);

const S1 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const S2 = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const S3 = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U';
const S4 = 'ONSWG4TFOQQGC3TEEBZWK2LOMNSXE3TT';

function link(issuer: string, label: string, secret: string, type = 'totp'): string {
  const path = encodeURIComponent(`${issuer}:${label}`);
  const counter = type === 'hotp' ? '&counter=0' : '';
  return `otpauth://${type}/${path}?secret=${secret}&issuer=${encodeURIComponent(issuer)}${counter}`;
}

/**
 * Runs axe on the page as it is now, in the system's light and dark schemes and in the high
 * contrast theme (set on <html> as the theme setting does; tests/e2e/settings.spec.ts covers the
 * setting itself). Serious and critical violations fail the test (softly, so one run reports
 * every screen); minor and moderate ones are printed.
 */
async function audit(page: Page, screen: string): Promise<void> {
  const blocking: string[] = [];
  const backgrounds = new Set<string>();
  const theme = await page.evaluate(() => document.documentElement.dataset.theme ?? null);
  for (const colorScheme of ['light', 'dark', 'high-contrast'] as const) {
    if (colorScheme === 'high-contrast') {
      await page.evaluate(() => (document.documentElement.dataset.theme = 'high-contrast'));
    } else {
      await page.emulateMedia({ colorScheme });
    }
    // Let transitions (toast fade-in, theme switch) end so colours are the final ones: they
    // start at the next style update, so two frames first, then every finite animation.
    await page.evaluate(async () => {
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      const finite = document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity);
      await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
    });
    backgrounds.add(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
    // A palette changes colours only, so every rule runs once (light) and the rules that read
    // colours run again in the other two.
    const { violations, passes } = await runAxe(
      page,
      colorScheme === 'light' ? undefined : { type: 'rule', values: PALETTE_RULES },
    );
    // axe does not look at placeholders, yet WCAG 1.4.3 covers their text too.
    for (const low of await lowContrastPlaceholders(page)) {
      blocking.push(`${screen} [${colorScheme}] placeholder contrast: ${low}`);
    }
    // axe really looked at the page (an empty or unreadable page would pass vacuously).
    if (colorScheme === 'light') {
      expect(passes.length, `axe checked something on "${screen}"`).toBeGreaterThan(5);
    }
    const contrastChecked = [...passes, ...violations].some(
      (r) => r.id === 'color-contrast' && r.nodes.length > 0,
    );
    expect(contrastChecked, `axe checked contrast on "${screen}" [${colorScheme}]`).toBe(true);
    for (const v of violations) {
      const where = v.nodes.map((n) => `${n.target.join(' ')}${summary(n.failureSummary)}`);
      const line = `${screen} [${colorScheme}] ${v.id} (${v.impact}): ${v.help}\n    ${where.join('\n    ')}`;
      if (BLOCKING.has(v.impact ?? '')) blocking.push(line);
      else console.log(`a11y (not blocking): ${line}`);
    }
  }
  await page.evaluate((t) => {
    if (t === null) delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = t;
  }, theme);
  await page.emulateMedia({ colorScheme: 'light' });
  // Each theme was really rendered (otherwise its contrast went unchecked).
  expect(backgrounds.size, `light, dark and high contrast differ on "${screen}"`).toBe(3);
  expect.soft(blocking, `serious/critical axe violations on "${screen}"`).toEqual([]);
}

/** Inputs whose placeholder text is below 4.5:1 against the input's own background. */
async function lowContrastPlaceholders(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r = 0, g = 0, b = 0]: number[]) => {
      const lin = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLInputElement>('[placeholder]')) {
      if (!el.placeholder || el.getClientRects().length === 0) continue;
      const bg = rgb(getComputedStyle(el).backgroundColor);
      if (bg.length === 4 && bg[3] === 0) continue; // transparent: what shows through is unknown here
      const ph = getComputedStyle(el, '::placeholder');
      const fg = rgb(ph.color);
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x) as [number, number];
      const ratio = (a + 0.05) / (b + 0.05);
      if (ratio < 4.5 || Number(ph.opacity) < 1)
        out.push(
          `${el.id || el.name || el.placeholder}: ${ratio.toFixed(2)}:1, opacity ${ph.opacity}`,
        );
    }
    return out;
  });
}

function summary(failure: string | undefined): string {
  const first = failure
    ?.split('\n')
    .find((l) => /contrast|Element|Fix/.test(l) && !/^Fix (any|all)/.test(l));
  return first ? ` — ${first.trim()}` : '';
}

async function createVaultAuditing(popup: Page): Promise<void> {
  await expect(popup.getByRole('button', { name: 'Create vault' })).toBeVisible();
  await audit(popup, 'first run: create vault');
  // A client-side error (passphrases differ), so the alert's colours are checked too.
  await popup.getByLabel('Passphrase', { exact: true }).fill(PASS);
  await popup.getByLabel('Confirm passphrase').fill(`${PASS}!`);
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await expect(popup.getByRole('alert')).toBeVisible();
  await audit(popup, 'first run: passphrases differ');
  await popup.getByLabel('Confirm passphrase').fill(PASS);
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await expect(popup.getByLabel('I have saved my recovery key')).toBeVisible({ timeout: 30_000 });
  await audit(popup, 'recovery key shown');
  await popup.getByLabel('I have saved my recovery key').check();
  await popup.getByRole('button', { name: 'Continue' }).click();
  await expect(popup.getByRole('searchbox', { name: 'Search accounts' })).toBeVisible();
}

async function addByLink(popup: Page, uri: string): Promise<void> {
  await popup.getByRole('button', { name: 'Add account' }).first().click();
  const dialog = popup.getByRole('dialog', { name: 'Add account' });
  await dialog.getByLabel('otpauth:// link').fill(uri);
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(dialog).toHaveCount(0);
}

function row(popup: Page, text: string): Locator {
  return popup
    .getByRole('list', { name: 'Accounts' })
    .getByRole('listitem')
    .filter({ hasText: text });
}

async function openMenu(popup: Page, account: string): Promise<Locator> {
  await popup.getByRole('button', { name: `Actions for ${account}`, exact: true }).click();
  const menu = popup.getByRole('menu', { name: `Actions for ${account}` });
  await expect(menu).toBeVisible();
  return menu;
}

/** Sync storage of a profile, read from Chromium's inert manifest viewer (no Tessera code runs). */
async function readSync(context: BrowserContext, id: string): Promise<Record<string, unknown>> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/manifest.json`);
  const items = await page.evaluate(() => chrome.storage.sync.get(null));
  await page.close();
  return items;
}

test('axe finds no serious or critical problem on any screen, in light, dark and high contrast', async ({
  context,
  extensionId,
  openPopup,
}) => {
  // A hang guard for a 2-core machine loaded by other jobs, not a speed limit.
  test.setTimeout(900_000);
  const popup = await openPopup();
  // The harness itself: a planted low-contrast line must be reported, in either scheme.
  await expect(popup.getByRole('button', { name: 'Create vault' })).toBeVisible();
  await popup.evaluate(() => {
    const p = document.createElement('p');
    p.id = 'planted';
    p.textContent = 'Planted grey on grey';
    p.style.cssText = 'color:#9a9a9a;background:#a8a8a8';
    document.body.append(p);
  });
  const planted = await runAxe(popup);
  expect(planted.violations.map((v) => v.id)).toContain('color-contrast');
  await popup.evaluate(() => document.getElementById('planted')?.remove());

  await createVaultAuditing(popup);

  // The empty list, then the add dialog on both of its tabs (manual entry with Advanced open).
  await expect(popup.getByText('No accounts yet', { exact: false })).toBeVisible();
  await audit(popup, 'codes: empty list');
  await popup.getByRole('button', { name: 'Add account' }).first().click();
  const add = popup.getByRole('dialog', { name: 'Add account' });
  await expect(add).toBeVisible();
  await audit(popup, 'add account: paste a link');
  await add.getByRole('tab', { name: 'Enter manually' }).click();
  await add.getByText('Advanced', { exact: true }).click();
  await audit(popup, 'add account: manual entry');
  await add.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(add.getByRole('alert')).toBeVisible();
  await audit(popup, 'add account: manual entry with an error');
  await add.getByRole('button', { name: 'Cancel' }).click();

  await addByLink(popup, link('GitHub', 'alice@example.com', S1));
  await addByLink(popup, link('Example Mail', 'carol', S2));
  await addByLink(popup, link('Counter Co', 'dave', S3, 'hotp'));
  await addByLink(popup, link('Zürich Bank', 'bob', S4));
  await expect(row(popup, 'Zürich Bank')).toBeVisible();
  await popup.getByRole('button', { name: 'Next code for Counter Co' }).click();
  await expect(row(popup, 'Counter Co').getByTestId('code')).toHaveText(/\d{3} \d{3}/);
  await audit(popup, 'codes list (TOTP + HOTP)');

  await openMenu(popup, 'GitHub alice@example.com');
  await audit(popup, 'row menu');
  await popup.keyboard.press('Escape');

  await (
    await openMenu(popup, 'Example Mail carol')
  )
    .getByRole('menuitem', { name: 'Edit' })
    .click();
  const edit = popup.getByRole('dialog', { name: 'Edit account' });
  await expect(edit).toBeVisible();
  await audit(popup, 'edit dialog');
  await edit.getByLabel('Sites').fill('http://example.com');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit.getByRole('alert')).toBeVisible();
  await audit(popup, 'edit dialog with an error');
  await edit.getByRole('button', { name: 'Cancel' }).click();

  await (
    await openMenu(popup, 'GitHub alice@example.com')
  )
    .getByRole('menuitem', { name: 'Code not accepted?' })
    .click();
  const guide = popup.getByRole('dialog', { name: 'Code not accepted?' });
  await expect(guide.getByTestId('window-code')).toHaveCount(3);
  await audit(popup, 'code not accepted? guide');
  await guide.getByRole('button', { name: 'Close' }).click();
  await expect(guide).toHaveCount(0);

  await (
    await openMenu(popup, 'Zürich Bank bob')
  )
    .getByRole('menuitem', { name: 'Delete' })
    .click();
  await expect(popup.getByRole('button', { name: 'Undo' })).toBeVisible();
  // The pointer on the toast holds it: two axe runs take longer than Undo is on offer.
  await popup.getByRole('button', { name: 'Undo' }).hover();
  await audit(popup, 'delete: undo toast');
  await popup.getByRole('button', { name: 'Undo' }).click();
  await expect(row(popup, 'Zürich Bank')).toBeVisible();

  // The backup status line and its dialog (backup is on by default: wait for the first one).
  const backupLine = popup.getByTestId('backup-status');
  await expect(backupLine).toHaveText(/^Backed up/, { timeout: 30_000 });
  await backupLine.click();
  const backup = popup.getByRole('dialog');
  await expect(backup).toBeVisible();
  await audit(popup, 'backup status dialog');
  await popup.keyboard.press('Escape');
  await expect(backup).toHaveCount(0);

  // Scan: the popup as a tab cannot capture itself, so the dialog offers an image instead.
  await popup.getByRole('button', { name: 'Scan QR code' }).click();
  const scan = popup.getByRole('dialog', { name: 'Scan QR code' });
  await expect(scan.getByTestId('scan-preview').or(scan.getByRole('alert'))).toBeVisible({
    timeout: 15_000,
  });
  await audit(popup, 'scan: nothing captured');
  await scan.getByTestId('scan-file').setInputFiles({
    name: 'qr.png',
    mimeType: 'image/png',
    buffer: await QRCode.toBuffer(link('Scanned Co', 'erin', S1.replace('G', 'M')), {
      margin: 4,
      scale: 6,
    }),
  });
  await expect(scan.getByTestId('scan-preview')).toBeVisible();
  await audit(popup, 'scan: confirmation');
  await scan.getByRole('button', { name: 'Cancel' }).click();

  // The options page: every section its navigation offers, and the import preview.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByRole('navigation')).toBeVisible();
  const hashes = await options
    .getByRole('navigation')
    .locator('a[href^="#"]')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  expect(hashes.length).toBeGreaterThan(0);
  for (const hash of hashes) {
    await options.goto(`chrome-extension://${extensionId}/options.html${hash}`);
    await expect(options.locator(`nav a[href="${hash}"]`)).toHaveAttribute(
      'aria-current',
      /^(page|location)$/,
    );
    await expect(options.getByText('Loading…')).toHaveCount(0);
    await audit(options, `options ${hash}`);
  }
  await options.goto(`chrome-extension://${extensionId}/options.html#transfer`);
  const pasted = [
    link('Deno', 'me', 'GEZDGNBVGY3TQOJQ'),
    link('GitHub', 'alice@example.com', S1),
    'otpauth://totp/Broken:me?secret=!!!',
  ].join('\n');
  await options.getByLabel('Or paste the exported text').fill(pasted);
  await options.getByRole('button', { name: 'Preview' }).click();
  await expect(options.getByRole('region', { name: /^Preview of / })).toBeVisible();
  await audit(options, 'options: import preview');
  await options.close();

  // Locked, and a wrong passphrase.
  await popup.getByRole('button', { name: 'Lock' }).click();
  await expect(popup.getByRole('button', { name: 'Unlock' })).toBeVisible();
  await audit(popup, 'unlock');
  await popup.getByLabel('Passphrase', { exact: true }).fill('not the passphrase');
  await popup.getByRole('button', { name: 'Unlock' }).click();
  await expect(popup.getByRole('alert')).toBeVisible({ timeout: 30_000 });
  await audit(popup, 'unlock: wrong passphrase');

  // The restore offer, in a second profile whose sync already holds this backup.
  const items = await readSync(context, extensionId);
  const profileDir = makeProfileDir('tessera-a11y-');
  const second = await launchChromium({ extensionDir: E2E_EXTENSION_DIR, profileDir });
  try {
    const id = extensionIdOf(await waitForServiceWorker(second));
    const fresh = await second.newPage();
    await fresh.goto(`chrome-extension://${id}/manifest.json`);
    await fresh.evaluate((items) => chrome.storage.sync.set(items), items);
    await fresh.goto(`chrome-extension://${id}/popup.html`);
    const restore = fresh.getByRole('button', { name: "Restore from your browser's sync" });
    await expect(restore).toBeVisible({ timeout: 15_000 });
    await audit(fresh, 'first run: restore offer');
    await restore.click();
    await expect(fresh.getByRole('button', { name: 'Restore', exact: true })).toBeVisible();
    await audit(fresh, 'restore from sync');
  } finally {
    await second.close();
    await rm(profileDir, { recursive: true, force: true, maxRetries: 3 });
  }
});

/** What makes the focused element visibly focused: an outline or a box-shadow ring. */
async function focusIndicator(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1;
    const shadow = s.boxShadow !== 'none' && s.boxShadow !== '';
    const labelled = el instanceof HTMLInputElement || el instanceof HTMLSelectElement;
    const name =
      el.getAttribute('aria-label') ??
      (labelled ? el.labels?.[0]?.textContent : null) ??
      el.textContent ??
      '';
    return {
      tag: el.tagName.toLowerCase(),
      name: name.trim().replace(/\s+/g, ' ').slice(0, 40) || `#${el.id}`,
      focusVisible: el.matches(':focus-visible'),
      visible: outline || shadow,
    };
  });
}

/** Tabs through the page, checking every stop shows focus; returns the names it reached. */
async function tabThrough(page: Page, max = 40): Promise<string[]> {
  const reached: string[] = [];
  const missing: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focusIndicator(page);
    if (!f) continue;
    const key = `${f.tag}:${f.name}`;
    if (reached.includes(key)) break;
    reached.push(key);
    if (!f.focusVisible || !f.visible) missing.push(key);
  }
  console.log(`Tab order: ${reached.join(' | ')}`);
  expect(missing, 'elements reached by Tab without a visible focus indicator').toEqual([]);
  return reached;
}

test('keyboard alone: Tab reaches every control with a visible focus ring; dialogs take and give back focus; announcements land in live regions', async ({
  context,
  openPopup,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const popup = await openPopup();
  await createVault(popup, PASS);
  await addByLink(popup, link('GitHub', 'alice@example.com', S1));
  await addByLink(popup, link('Counter Co', 'dave', S3, 'hotp'));
  // A fresh popup, as the toolbar button opens it: nothing focused yet.
  await popup.reload();
  await expect(row(popup, 'Counter Co')).toBeVisible();

  const reached = await tabThrough(popup);
  for (const name of [
    'Search accounts',
    'Add account',
    'Lock',
    'Scan QR code',
    'Actions for GitHub',
  ])
    expect(reached.join('\n')).toContain(name);
  // Every row is reached (Enter on a row copies its code), not only the first one.
  expect(reached.filter((r) => r.startsWith('li:'))).toHaveLength(2);

  // Add dialog from the keyboard: focus moves into the dialog, Escape gives it back.
  const addButton = popup.getByRole('button', { name: 'Add account' });
  await addButton.focus();
  await popup.keyboard.press('Enter');
  const add = popup.getByRole('dialog', { name: 'Add account' });
  await expect(add).toBeVisible();
  expect(await add.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  const inDialog = await tabThrough(popup, 20);
  expect(inDialog.join('\n')).toContain('Cancel');
  await popup.keyboard.press('Escape');
  await expect(add).toHaveCount(0);
  await expect(addButton).toBeFocused();

  // An error inside a dialog is an alert.
  await addButton.press('Space');
  await expect(add).toBeVisible();
  // The mode tabs follow the ARIA tabs pattern: one tab stop, arrows switch.
  await popup.keyboard.press('Shift+Tab');
  await expect(add.getByRole('tab', { name: 'Paste a link' })).toBeFocused();
  await popup.keyboard.press('ArrowRight');
  await expect(add.getByRole('tab', { name: 'Enter manually' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await popup.keyboard.press('Tab');
  await expect(add.getByLabel('Issuer')).toBeFocused();
  await popup.keyboard.press('Enter');
  await expect(add.getByRole('alert')).not.toBeEmpty();
  await popup.keyboard.press('Escape');
  await expect(addButton).toBeFocused();

  // The row menu: Enter opens it with focus on the first item, Escape returns to the button.
  const more = popup.getByRole('button', { name: 'Actions for GitHub alice@example.com' });
  await more.focus();
  await popup.keyboard.press('Enter');
  const menu = popup.getByRole('menu', { name: 'Actions for GitHub alice@example.com' });
  await expect(menu.getByRole('menuitem', { name: 'Edit' })).toBeFocused();
  await popup.keyboard.press('Escape');
  await expect(more).toBeFocused();

  // Edit from the menu: focus goes into the dialog, and back to the menu button on close.
  await popup.keyboard.press('Enter');
  await expect(menu.getByRole('menuitem', { name: 'Edit' })).toBeFocused();
  await popup.keyboard.press('Enter');
  const edit = popup.getByRole('dialog', { name: 'Edit account' });
  await expect(edit).toBeVisible();
  expect(await edit.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await popup.keyboard.press('Escape');
  await expect(edit).toHaveCount(0);
  await expect(more).toBeFocused();

  // The backup status dialog too.
  const backupLine = popup.getByTestId('backup-status');
  await backupLine.focus();
  await popup.keyboard.press('Enter');
  const backup = popup.getByRole('dialog');
  await expect(backup).toBeVisible();
  expect(await backup.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  // The verify result lands in a status region that was there, empty, before it arrived.
  const verified = backup.getByTestId('backup-verify');
  await expect(verified).toHaveAttribute('role', 'status');
  await expect(verified).toBeEmpty();
  const verify = backup.getByRole('button', { name: 'Verify backup' });
  await expect(verify).toBeEnabled({ timeout: 30_000 });
  await verify.press('Enter');
  await expect(verified).not.toBeEmpty({ timeout: 30_000 });
  await popup.keyboard.press('Escape');
  await expect(backupLine).toBeFocused();

  // The scan dialog (it opens on a message: the popup as a tab cannot capture itself).
  const scanButton = popup.getByRole('button', { name: 'Scan QR code' });
  await scanButton.focus();
  await popup.keyboard.press('Space');
  const scan = popup.getByRole('dialog', { name: 'Scan QR code' });
  await expect(scan.getByTestId('scan-preview').or(scan.getByRole('alert'))).toBeVisible({
    timeout: 15_000,
  });
  expect(await scan.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await popup.keyboard.press('Escape');
  await expect(scan).toHaveCount(0);
  await expect(scanButton).toBeFocused();

  // The settings page: every control is reached by Tab and shows where focus is.
  const options = await context.newPage();
  await options.goto(popup.url().replace('popup.html', 'options.html'));
  await expect(options.getByRole('navigation')).toBeVisible();
  await expect(options.getByText('Loading…')).toHaveCount(0);
  const onOptions = await tabThrough(options, 80);
  expect(onOptions.filter((r) => r.startsWith('a:')).length).toBeGreaterThan(0);
  await options.close();
  await popup.bringToFront();

  // Copying from the keyboard: "Copied" is announced by a polite status region.
  const github = row(popup, 'GitHub');
  await github.focus();
  await popup.keyboard.press('Enter');
  const status = popup.locator('[role="status"][aria-live="polite"]');
  await expect(status).toHaveText('Copied');
  // HOTP before asking for a code: the explanation is announced the same way.
  await row(popup, 'Counter Co').getByTestId('code').click();
  await expect(status).toHaveText(/Next code/);

  // Errors are alerts: a wrong passphrase on the unlock screen.
  await popup.getByRole('button', { name: 'Lock' }).press('Enter');
  const passphrase = popup.getByLabel('Passphrase', { exact: true });
  await expect(passphrase).toBeVisible();
  await passphrase.fill('not the passphrase');
  await passphrase.press('Enter');
  await expect(popup.getByRole('alert')).toContainText(/passphrase/i, { timeout: 30_000 });
  // Focus stays usable: the field can be retyped without the mouse.
  await passphrase.fill(PASS);
  await passphrase.press('Enter');
  await expect(popup.getByRole('searchbox', { name: 'Search accounts' })).toBeVisible({
    timeout: 30_000,
  });

  // Delete from the keyboard; Undo is reached by Tab and stays while it has focus, however
  // long the user takes (WCAG 2.2.1), then brings the account back.
  const counterMenu = popup.getByRole('button', { name: 'Actions for Counter Co dave' });
  await counterMenu.focus();
  await popup.keyboard.press('Enter');
  await popup.keyboard.press('End');
  await expect(popup.getByRole('menuitem', { name: 'Delete' })).toBeFocused();
  await popup.keyboard.press('Enter');
  await expect(status).toHaveText('Deleted Counter Co.');
  const undo = popup.getByRole('button', { name: 'Undo' });
  for (let i = 0; i < 6 && !(await undo.evaluate((b) => b === document.activeElement)); i++)
    await popup.keyboard.press('Tab');
  await expect(undo).toBeFocused();
  await popup.waitForTimeout(9_000); // longer than UNDO_MS
  await expect(undo).toBeVisible();
  await popup.keyboard.press('Enter');
  await expect(row(popup, 'Counter Co')).toBeVisible();
});

test('the countdown ring steps with the seconds and never animates; with reduced motion nothing moves', async ({
  openPopup,
}) => {
  const popup = await openPopup();
  await createVault(popup, PASS);
  await addByLink(popup, link('GitHub', 'alice@example.com', S1));
  const ring = row(popup, 'GitHub').locator('.countdown circle.left');
  const motion = () =>
    ring.evaluate((el) => {
      const s = getComputedStyle(el);
      const seconds = (list: string) =>
        Math.max(
          ...list.split(',').map((d) => parseFloat(d) * (d.trim().endsWith('ms') ? 0.001 : 1)),
        );
      return {
        transition: seconds(s.transitionDuration),
        animation: s.animationName === 'none' ? 0 : seconds(s.animationDuration),
      };
    });

  // An animation between the steps would have the browser redraw the open popup every frame.
  await popup.emulateMedia({ reducedMotion: 'no-preference' });
  const secondsLeft = row(popup, 'GitHub').locator('.countdown .seconds [aria-hidden="true"]');
  for (let tick = 0; tick < 3; tick++) {
    const before = (await secondsLeft.textContent()) ?? '';
    await expect(secondsLeft).not.toHaveText(before);
    // Just after a step, when a transition to the new value would be running.
    expect(await ring.evaluate((el) => el.getAnimations().length)).toBe(0);
    expect(await motion()).toEqual({ transition: 0, animation: 0 });
  }

  await popup.emulateMedia({ reducedMotion: 'reduce' });
  expect(await motion()).toEqual({ transition: 0, animation: 0 });
  // And nothing else on the page moves either (toast, dialogs).
  const moving = await popup.evaluate(() =>
    [...document.querySelectorAll('*')]
      .filter((el) => {
        const s = getComputedStyle(el);
        return (
          s.transitionDuration.split(',').some((d) => parseFloat(d) > 0) ||
          (s.animationName !== 'none' &&
            s.animationDuration.split(',').some((d) => parseFloat(d) > 0))
        );
      })
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`),
  );
  expect(moving).toEqual([]);
});
