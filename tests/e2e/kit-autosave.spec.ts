// Settings → Emergency kit → "Save an updated emergency kit to Downloads …": the optional
// `downloads` permission is asked for on the user's click, never before.
//
// Chromium shows its permission prompt as browser UI, which Playwright cannot answer (checked:
// it neither auto-accepts for unpacked extensions nor honours an auto-confirm switch), and the
// e2e build may add host access only. So this covers the setting up to the request; the save
// itself is covered in Firefox (tests/e2e-firefox/kit-autosave.spec.ts), whose
// extensions.webextOptionalPermissionPrompts pref grants the permission without a prompt.
import type { Page } from '@playwright/test';
import { expect, test } from './support/extension';
import { createVault } from './support/vault';

const PASS = 'A long and private passphrase';
const LABEL = 'Save an updated emergency kit to Downloads after changes (at most once a day)';

function hasDownloads(page: Page): Promise<boolean> {
  return page.evaluate(() => chrome.permissions.contains({ permissions: ['downloads'] }));
}

test('the kit auto-save is off until the downloads permission is granted on the click', async ({
  context,
  extensionId,
  openPopup,
}) => {
  test.setTimeout(180_000);
  const popup = await openPopup();
  await createVault(popup, PASS);

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const panel = options.getByRole('region', { name: 'Emergency kit' });
  const box = panel.getByRole('checkbox', { name: LABEL });
  await expect(box).toBeEnabled({ timeout: 30_000 });
  await expect(box).not.toBeChecked();
  expect(await hasDownloads(options)).toBe(false);

  // The click asks for the permission: the setting waits for the answer, granting nothing yet.
  await box.click();
  await expect(box).toBeDisabled();
  expect(await hasDownloads(options)).toBe(false);

  // Unanswered (the page went away): the background never turned it on.
  await options.reload();
  const again = options.getByRole('region', { name: 'Emergency kit' }).getByRole('checkbox', {
    name: LABEL,
  });
  await expect(again).toBeEnabled({ timeout: 30_000 });
  await expect(again).not.toBeChecked();
  expect(await hasDownloads(options)).toBe(false);
});
