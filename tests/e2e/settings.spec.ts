// The settings page end to end: every section on one page with its own address, the
// popup's way there, a theme that follows into every open extension page, a stored clipboard
// delay, and the permissions the running manifest really has, each with its reason.
import type { Page } from '@playwright/test';
import {
  EXPECTED_EXTENSION_ID,
  waitForServiceWorker,
} from '../../scripts/lib/launch-extension.mjs';
import { createVault } from './pages/transfer/transferPage';
import { expect, test } from './support/extension';
import { canMountPrivately, launchWithPolicy, NO_PRIVATE_MOUNT } from './support/managedPolicy';
import { readProtectedSetting } from './support/vaultDb';

const PASS = 'A long and private passphrase';
const SECTIONS = ['General', 'Autofill', 'Backup', 'Security', 'Import & export', 'About'];

async function openSettings(page: Page, extensionId: string, hash = ''): Promise<Page> {
  await page.goto(`chrome-extension://${extensionId}/options.html${hash}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  return page;
}

const themeOf = (page: Page) => page.locator('html').getAttribute('data-theme');
const backgroundOf = (page: Page) =>
  page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('before a vault exists the page says where to create one; the popup’s Settings opens every section, each with its address', async ({
  context,
  extensionId,
  openPopup,
}) => {
  const early = await openSettings(await context.newPage(), extensionId);
  await expect(early.getByText('There is no vault yet.')).toBeVisible();
  // Sections that need no vault work already.
  await expect(early.getByLabel('Theme')).toBeEnabled();
  await early.close();

  const popup = await openPopup();
  await createVault(popup, PASS);
  const opened = context.waitForEvent('page');
  await popup.getByRole('button', { name: 'Settings', exact: true }).click();
  const page = await opened;
  await expect(page).toHaveURL(`chrome-extension://${extensionId}/options.html`);

  const nav = page.getByRole('navigation', { name: 'Settings sections' });
  for (const name of SECTIONS) {
    await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
    await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
  }
  // Each section's content is there, not just its heading.
  const general = page.getByRole('region', { name: 'General' });
  await expect(general.getByLabel('Lock automatically')).toBeVisible();
  await expect(general.getByLabel('Clear the clipboard after copying a code')).toBeVisible();
  const autofill = page.getByRole('region', { name: 'Autofill' });
  await expect(autofill.getByLabel('Show the fill button in code fields')).toBeChecked();
  await expect(autofill.getByLabel('Also copy the code when filling it')).not.toBeChecked();
  await expect(page.getByRole('region', { name: 'Autofill' })).toContainText('choose Edit');
  await expect(page.getByTestId('settings-backup-line')).not.toBeEmpty();
  await expect(
    page
      .getByRole('region', { name: 'Security' })
      .getByRole('button', { name: 'Change passphrase' }),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Import accounts' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Permissions' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);

  // A link lands on its section and says so; so does an address typed or reloaded.
  await nav.getByRole('link', { name: 'About' }).click();
  await expect(page).toHaveURL(/#about$/);
  await expect(nav.getByRole('link', { name: 'About' })).toHaveAttribute(
    'aria-current',
    'location',
  );
  await openSettings(page, extensionId, '#security');
  await expect(nav.getByRole('link', { name: 'Security' })).toHaveAttribute(
    'aria-current',
    'location',
  );
  await expect(page.getByRole('heading', { level: 2, name: 'Security' })).toBeInViewport();

  // Locked from the popup: the page asks to unlock, and the sections that need it say so.
  await popup.getByRole('button', { name: 'Lock' }).click();
  await page.reload();
  await expect(page.getByText('Tessera is locked.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Import accounts' })).toHaveCount(0);
  await expect(page.getByText('Unlock Tessera at the top of this page')).toHaveCount(2);
  await page.getByLabel('Passphrase', { exact: true }).fill(PASS);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { name: 'Import accounts' })).toBeVisible({
    timeout: 30_000,
  });
});

test('a theme chosen in Settings applies at once to the page and to an open popup, and to pages opened later', async ({
  context,
  extensionId,
  openPopup,
}) => {
  const popup = await openPopup();
  const page = await openSettings(await context.newPage(), extensionId, '#general');
  const theme = page.getByLabel('Theme');
  await expect(theme).toHaveValue('system');
  await expect.poll(() => themeOf(page)).toBe('system');
  await expect.poll(() => themeOf(popup)).toBe('system');

  await theme.selectOption({ label: 'Dark' });
  await expect.poll(() => themeOf(page)).toBe('dark');
  await expect.poll(() => themeOf(popup)).toBe('dark');
  // The palette really changed, not just the attribute.
  expect(await backgroundOf(popup)).toBe('rgb(29, 31, 36)');

  await theme.selectOption({ label: 'High contrast' });
  await expect.poll(() => themeOf(popup)).toBe('high-contrast');
  await expect.poll(() => backgroundOf(page)).toBe('rgb(0, 0, 0)');
  expect(await backgroundOf(popup)).toBe('rgb(0, 0, 0)');

  // A popup and a pop-out opened afterwards start in it.
  const later = await openPopup();
  await expect.poll(() => themeOf(later)).toBe('high-contrast');
  const popOut = await openPopup({ tabId: 1 });
  await expect.poll(() => themeOf(popOut)).toBe('high-contrast');

  await theme.selectOption({ label: 'Light' });
  await expect.poll(() => themeOf(later)).toBe('light');
  expect(await backgroundOf(later)).toBe('rgb(255, 255, 255)');
});

test('the clipboard clearing time is stored and shown again after a reload', async ({
  context,
  extensionId,
  serviceWorker,
}) => {
  const page = await openSettings(await context.newPage(), extensionId, '#general');
  const clear = page.getByLabel('Clear the clipboard after copying a code');
  await expect(clear).toHaveValue('30');
  await expect(clear.getByRole('option')).toHaveText([
    'Never',
    'After 15 seconds',
    'After 30 seconds',
    'After 1 minute',
    'After 2 minutes',
  ]);

  await clear.selectOption({ label: 'After 2 minutes' });
  await expect(clear).toBeEnabled();
  await page.reload();
  await expect(page.getByLabel('Clear the clipboard after copying a code')).toHaveValue('120');
  // Kept in the extension's IndexedDB, where content scripts cannot write (protectedSettings).
  const stored = await serviceWorker.evaluate(readProtectedSetting, 'generalSettings');
  expect(stored).toMatchObject({ clipboardClearSeconds: 120 });

  await page
    .getByLabel('Clear the clipboard after copying a code')
    .selectOption({ label: 'Never' });
  await page.reload();
  await expect(page.getByLabel('Clear the clipboard after copying a code')).toHaveValue('0');
});

test('About shows the version and every permission of the running manifest with its reason', async ({
  context,
  extensionId,
  serviceWorker,
}) => {
  const manifest = await serviceWorker.evaluate(() => {
    const m = chrome.runtime.getManifest();
    return { version: m.version, permissions: (m.permissions ?? []).map(String) };
  });
  expect(manifest.permissions.length).toBeGreaterThan(5);

  const page = await openSettings(await context.newPage(), extensionId, '#about');
  await expect(page.getByTestId('settings-version')).toHaveText(`Version ${manifest.version}`);
  const table = page.getByRole('table', { name: 'Permissions' });
  await expect(table.getByRole('row')).toHaveCount(manifest.permissions.length + 1);
  for (const permission of manifest.permissions) {
    const row = table.getByRole('row').filter({
      has: page.getByRole('rowheader', { name: permission, exact: true }),
    });
    await expect(row).toHaveCount(1);
    const reason = row.getByRole('cell');
    await expect(reason).not.toBeEmpty();
    await expect(reason).not.toHaveText('No explanation yet.');
  }
});

test('what the organisation decided is shown in its section as "Set by your organisation"', async () => {
  test.skip(!canMountPrivately(), NO_PRIVATE_MOUNT);
  const browser = await launchWithPolicy({
    minPassphraseLength: 12,
    maxAutoLockMinutes: 5,
    disablePlainTextExport: true,
    disableSyncBackup: true,
  });
  try {
    await waitForServiceWorker(browser.context);
    const page = await openSettings(await browser.context.newPage(), EXPECTED_EXTENSION_ID);
    const note = (section: string) =>
      page.getByRole('region', { name: section, exact: true }).getByTestId('policy-note');
    await expect(note('General')).toHaveText(
      /Set by your organisation\s*Tessera locks after at most 5 minutes without use\./,
    );
    await expect(note('Security')).toContainText('New passphrases need at least 12 characters.');
    await expect(note('Backup')).toContainText('Backup to browser sync storage is turned off.');
    await expect(page.getByRole('button', { name: 'Backup details' })).toBeDisabled();
    await expect(note('Import & export')).toContainText('Only the encrypted Tessera file');
    await expect(page.getByTestId('policy-note')).toHaveCount(4);
  } finally {
    await browser.close();
  }
});

test('without a policy no setting says it is set by an organisation', async ({
  context,
  extensionId,
}) => {
  const page = await openSettings(await context.newPage(), extensionId);
  await expect(page.getByRole('heading', { level: 2, name: 'About' })).toBeVisible();
  await expect(page.getByText('Set by your organisation')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Backup details' })).toBeEnabled();
});
