// Recovery codes and notes per account, through the controls a person uses.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/extension';
import { createVault } from './support/vault';

const PASS = 'A long and private passphrase';
const S1 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const S2 = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const CODES = ['rcva-7391-qkzt', 'rcvb-2846-mxwp', 'rcvc-5502-hdjn'];
const NOTE = 'Printed copy in the blue folder zq81';

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

function row(popup: Page, text: string): Locator {
  return popup
    .getByRole('list', { name: 'Accounts' })
    .getByRole('listitem')
    .filter({ hasText: text });
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

test('recovery codes and notes: saved in Edit, marked in the list, a code marked used, nothing readable at rest', async ({
  openPopup,
  dumpStorage,
  context,
  extensionId,
}) => {
  test.setTimeout(180_000);
  const popup = await openPopup();
  await createVault(popup, PASS);

  // Adding an account offers to save its recovery codes; the button opens Edit on that field.
  await addByLink(popup, link('GitHub', 'alice', S1));
  await popup.getByRole('button', { name: 'Add recovery codes' }).click();
  let edit = popup.getByRole('dialog', { name: 'Edit account' });
  const codesBox = edit.getByRole('textbox', { name: 'Recovery codes' });
  await expect(codesBox).toBeFocused();
  await codesBox.fill(`  ${CODES[0]}\n\n${CODES[1]}\n${CODES[2]}\n${CODES[0]}\n`);
  await edit.getByRole('textbox', { name: 'Notes' }).fill(NOTE);
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toHaveCount(0);

  await addByLink(popup, link('Example Bank', 'bob', S2));
  await popup.getByRole('button', { name: 'Dismiss' }).click();

  // The list marks only the account that has codes, by name, and never shows a code or note.
  await expect(row(popup, 'GitHub').getByText('Recovery codes saved')).toHaveCount(1);
  await expect(row(popup, 'Example Bank').getByText('Recovery codes saved')).toHaveCount(0);
  const listText = await popup.getByRole('list', { name: 'Accounts' }).innerText();
  for (const secret of [...CODES, NOTE]) expect(listText).not.toContain(secret);

  // Reopen: the codes are there, trimmed and without the repeat; mark one as used.
  edit = await openEdit(popup, 'GitHub alice');
  await expect(edit.getByRole('textbox', { name: 'Recovery codes' })).toHaveValue(CODES.join('\n'));
  await expect(edit.getByRole('textbox', { name: 'Notes' })).toHaveValue(NOTE);
  const used = edit.getByRole('group', { name: 'Mark codes you have used' });
  await used.getByRole('checkbox', { name: CODES[1] }).check();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toHaveCount(0);

  // After a reload of the popup (a fresh read from the background) the used mark stays.
  await popup.reload();
  edit = await openEdit(popup, 'GitHub alice');
  const usedAgain = edit.getByRole('group', { name: 'Mark codes you have used' });
  await expect(usedAgain.getByRole('checkbox', { name: CODES[1] })).toBeChecked();
  await expect(usedAgain.getByRole('checkbox', { name: CODES[0] })).not.toBeChecked();
  await edit.getByRole('button', { name: 'Cancel' }).click();

  // Settings counts the account without codes.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html#security`);
  await expect(
    options
      .getByRole('region', { name: 'Security' })
      .getByText('1 account has no recovery codes saved.'),
  ).toBeVisible();

  // Nothing of the codes or the note is readable in storage.
  const dump = await dumpStorage();
  for (const secret of [...CODES, NOTE, 'zq81']) expect(dump).not.toContain(secret);
});
