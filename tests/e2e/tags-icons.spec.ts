// Tags and brand icons in the popup, through the controls a person uses.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/extension';
import { runAxe } from '../support/axe';
import { createVault } from './support/vault';

const PASS = 'A long and private passphrase';
const S1 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const S2 = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const S3 = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U';

function link(issuer: string, label: string, secret: string): string {
  const path = encodeURIComponent(`${issuer}:${label}`);
  return `otpauth://totp/${path}?secret=${secret}&issuer=${encodeURIComponent(issuer)}`;
}

async function addByLink(popup: Page, uri: string): Promise<void> {
  await popup.getByRole('button', { name: 'Add account' }).click();
  const dialog = popup.getByRole('dialog', { name: 'Add account' });
  await dialog.getByLabel('otpauth:// link').fill(uri);
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(dialog).toHaveCount(0);
}

function accountsList(popup: Page): Locator {
  return popup.getByRole('list', { name: 'Accounts' });
}

function row(popup: Page, text: string): Locator {
  return accountsList(popup).getByRole('listitem').filter({ hasText: text });
}

async function names(popup: Page): Promise<string[]> {
  await expect(accountsList(popup)).toBeVisible();
  return accountsList(popup)
    .getByRole('button', { name: /^Actions for / })
    .evaluateAll((buttons) =>
      buttons.map((b) => (b.getAttribute('aria-label') ?? '').replace(/^Actions for /, '')),
    );
}

async function openEdit(popup: Page, account: string): Promise<Locator> {
  await popup.getByRole('button', { name: `Actions for ${account}`, exact: true }).click();
  await popup
    .getByRole('menu', { name: `Actions for ${account}` })
    .getByRole('menuitem', { name: 'Edit', exact: true })
    .click();
  const edit = popup.getByRole('dialog', { name: 'Edit account' });
  await expect(edit).toBeVisible();
  return edit;
}

/** No serious or critical axe finding with chips and brand icons shown, in every theme. */
async function expectAccessible(popup: Page): Promise<void> {
  for (const theme of ['light', 'dark', 'high-contrast'] as const) {
    await popup.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
    const { violations } = await runAxe(popup);
    const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      blocking.map((v) => `${theme}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);
  }
}

async function setTags(popup: Page, account: string, tags: string): Promise<void> {
  const edit = await openEdit(popup, account);
  await edit.getByRole('textbox', { name: 'Tags' }).fill(tags);
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toHaveCount(0);
}

test('tags: added in Edit, shown as chips that filter the list, found by search, kept on reopen', async ({
  openPopup,
}) => {
  const popup = await openPopup();
  await createVault(popup, PASS);
  await addByLink(popup, link('GitHub', 'alice', S1));
  await addByLink(popup, link('Example Bank', 'bob', S2));
  await addByLink(popup, link('Forum', 'carol', S3));

  // No tags yet: no chips.
  await expect(popup.getByRole('group', { name: 'Filter by tag' })).toHaveCount(0);

  await setTags(popup, 'GitHub alice', ' Work, client A ,work');
  await setTags(popup, 'Example Bank bob', 'Personal');

  const chips = popup.getByRole('group', { name: 'Filter by tag' });
  await expect(chips.getByRole('button')).toHaveText(['client A', 'Personal', 'Work']);
  const work = chips.getByRole('button', { name: 'Work', exact: true });
  await expect(work).toHaveAttribute('aria-pressed', 'false');

  // The Edit dialog shows the normalised tags.
  const edit = await openEdit(popup, 'GitHub alice');
  await expect(edit.getByRole('textbox', { name: 'Tags' })).toHaveValue('Work, client A');
  await edit.getByRole('button', { name: 'Cancel' }).click();

  // A chip filters; pressing it again shows everything.
  await work.click();
  await expect(work).toHaveAttribute('aria-pressed', 'true');
  expect(await names(popup)).toEqual(['GitHub alice']);
  await expectAccessible(popup);
  await work.click();
  await expect(work).toHaveAttribute('aria-pressed', 'false');
  expect(await names(popup)).toHaveLength(3);

  // The keyboard reaches the chips with Tab and presses them with Space.
  await chips.getByRole('button', { name: 'client A' }).focus();
  await popup.keyboard.press('Tab');
  await expect(chips.getByRole('button', { name: 'Personal' })).toBeFocused();
  await popup.keyboard.press('Tab');
  await expect(work).toBeFocused();
  await popup.keyboard.press('Space');
  await expect(work).toHaveAttribute('aria-pressed', 'true');
  await work.click();

  // Search matches tags.
  await popup.getByRole('searchbox', { name: 'Search accounts' }).fill('personal');
  expect(await names(popup)).toEqual(['Example Bank bob']);
  await popup.getByRole('searchbox', { name: 'Search accounts' }).fill('');

  // Stored with the account.
  await popup.close();
  const again = await openPopup();
  await expect(
    again.getByRole('group', { name: 'Filter by tag' }).getByRole('button', { name: 'Personal' }),
  ).toBeVisible();
});

test('brand icons: shown offline for a known issuer, none for an unknown one; "No icon" and another icon can be chosen', async ({
  openPopup,
}) => {
  const popup = await openPopup();
  await createVault(popup, PASS);
  await addByLink(popup, link('GitHub', 'alice', S1));
  await addByLink(popup, link('Example Bank', 'bob', S2));

  const githubIcon = row(popup, 'GitHub').locator('svg[data-icon]');
  await expect(githubIcon).toHaveAttribute('data-icon', 'github');
  // Decorative: the name beside it is what assistive technology reads.
  await expect(githubIcon).toHaveAttribute('aria-hidden', 'true');
  await expect(row(popup, 'Example Bank').locator('svg[data-icon]')).toHaveCount(0);

  // No icon for GitHub.
  let edit = await openEdit(popup, 'GitHub alice');
  await edit.getByLabel('Icon').selectOption({ label: 'No icon' });
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toHaveCount(0);
  await expect(row(popup, 'GitHub').locator('svg[data-icon]')).toHaveCount(0);

  // Another icon for the bank; then back to automatic for GitHub.
  edit = await openEdit(popup, 'Example Bank bob');
  await edit.getByLabel('Icon').selectOption('gitlab');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(row(popup, 'Example Bank').locator('svg[data-icon]')).toHaveAttribute(
    'data-icon',
    'gitlab',
  );
  edit = await openEdit(popup, 'GitHub alice');
  await expect(edit.getByLabel('Icon')).toHaveValue('none');
  await edit.getByLabel('Icon').selectOption({ label: 'Automatic (from the issuer)' });
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(row(popup, 'GitHub').locator('svg[data-icon]')).toHaveAttribute(
    'data-icon',
    'github',
  );
});
