// Accounts as real exports hold them: two enrolments of one login with different secrets get a
// warning mark in the popup, and odd but real names (emails with "+", ":" inside the account
// name, no issuer, names at the length limits) keep the 360 px popup's layout intact.
import type { Page } from '@playwright/test';
import { OptionsPage } from './pages/transfer/transferPage';
import { expect, test } from './support/extension';
import { createVault } from './support/vault';

const PASS = 'A long and private passphrase';
const CONFLICT =
  'Two different secrets for this account: one may be out of date. Try each code on the site, then delete the one it refuses.';

const link = (label: string, secret: string, issuer?: string) =>
  `otpauth://totp/${encodeURIComponent(label)}?secret=${secret}${
    issuer === undefined ? '' : `&issuer=${encodeURIComponent(issuer)}`
  }`;

async function importPasted(page: Page, extensionId: string, text: string, count: number) {
  const options = await OptionsPage.open(page, extensionId);
  await options.page.getByLabel('Or paste the exported text').fill(text);
  await options.page.getByRole('button', { name: 'Preview' }).click();
  await options.confirm(count);
}

function rows(popup: Page) {
  return popup.getByRole('list', { name: 'Accounts' }).getByRole('listitem');
}

test('two accounts with one name and different secrets are both kept and both marked', async ({
  context,
  extensionId,
  openPopup,
}) => {
  test.setTimeout(120_000);
  const popup = await openPopup();
  await popup.setViewportSize({ width: 360, height: 600 });
  await createVault(popup, PASS);
  await importPasted(
    await context.newPage(),
    extensionId,
    [
      link('GitHub:alice@example.com', 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'GitHub'),
      link('GitHub:alice@example.com', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'GitHub'),
      link('GitHub:bob@example.com', 'MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK', 'GitHub'),
    ].join('\n'),
    3,
  );

  await popup.reload();
  const alice = rows(popup).filter({ hasText: 'alice@example.com' });
  await expect(alice).toHaveCount(2);
  for (const row of await alice.all()) {
    await expect(row.getByTestId('secret-conflict')).toBeVisible();
    // Screen readers read the sentence as part of the row.
    await expect(row).toContainText(CONFLICT);
    // Sighted keyboard users see it while the row has focus, inside the row's width.
    const note = row.getByTestId('secret-conflict-note');
    expect((await note.boundingBox())?.width ?? 0).toBeLessThan(2);
    await row.focus();
    const box = await note.boundingBox();
    const rowBox = await row.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(100);
    expect(box!.x).toBeGreaterThanOrEqual(rowBox!.x);
    expect(box!.x + box!.width).toBeLessThanOrEqual(rowBox!.x + rowBox!.width);
    // The code stays in sight, not under the note.
    const code = await row.getByTestId('code').boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(code!.y + code!.height / 2);
  }
  const bob = rows(popup).filter({ hasText: 'bob@example.com' });
  await expect(bob.getByTestId('secret-conflict')).toHaveCount(0);

  // The same file again adds nothing: both secrets are already there.
  const options = await OptionsPage.open(await context.newPage(), extensionId);
  await options.page
    .getByLabel('Or paste the exported text')
    .fill(link('GitHub:alice@example.com', 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'GitHub'));
  await options.page.getByRole('button', { name: 'Preview' }).click();
  await expect(
    options.preview().getByRole('table', { name: 'Already in your vault (1)' }),
  ).toBeVisible();
  await popup.reload();
  await expect(rows(popup)).toHaveCount(3);
});

test('odd but real names fit the 360 px popup: no row overflows', async ({
  context,
  extensionId,
  openPopup,
}) => {
  test.setTimeout(120_000);
  const popup = await openPopup();
  await popup.setViewportSize({ width: 360, height: 600 });
  await createVault(popup, PASS);
  const longAccount = `${'averyveryverylongname'.repeat(12)}@example.com`.slice(0, 255);
  const names = [
    link('Google:first.last+2fa@gmail.com', 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'Google'),
    // ":" inside the account part: only the first colon separates the issuer.
    link('Corp VPN:DOMAIN:user:admin', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'Corp VPN'),
    // No issuer at all.
    link('someone+tag@example.org', 'MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK'),
    // A 300-character label: a 44-character issuer and a 255-character account name.
    link(`${'I'.repeat(44)}:${longAccount}`, 'KRUGS4ZANFZSAYJAORSXG5BAONSWG4TF', 'I'.repeat(44)),
    // A 128-character issuer (the longest kept) and a 300-character account name, in a script
    // without spaces.
    link(
      `${'東'.repeat(128)}:${'京'.repeat(300)}`,
      'ONSWG4TFOQQGC3TEEBZWKY3SMV2CAMRB',
      '東'.repeat(128),
    ),
  ];
  await importPasted(await context.newPage(), extensionId, names.join('\n'), names.length);

  await popup.reload();
  await expect(rows(popup)).toHaveCount(names.length);
  await expect(rows(popup).filter({ hasText: 'first.last+2fa@gmail.com' })).toHaveCount(1);
  await expect(rows(popup).filter({ hasText: 'DOMAIN:user:admin' })).toHaveCount(1);
  await expect(rows(popup).filter({ hasText: 'someone+tag@example.org' })).toHaveCount(1);

  const layout = await popup.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [...document.querySelectorAll<HTMLElement>('li[data-account-id]')].map((li) => {
      const r = li.getBoundingClientRect();
      const inner = [...li.querySelectorAll<HTMLElement>('*')].map((e) =>
        e.getBoundingClientRect(),
      );
      return {
        text: li.innerText.slice(0, 40),
        left: r.left,
        right: r.right,
        height: r.height,
        overflow: li.scrollWidth > li.clientWidth,
        widest: Math.max(...inner.filter((b) => b.width > 0).map((b) => b.right)),
      };
    });
    return { width, page: document.documentElement.scrollWidth, rows: out };
  });
  expect(layout.width).toBe(360);
  expect(layout.page, 'the popup scrolls sideways').toBeLessThanOrEqual(360);
  for (const row of layout.rows) {
    expect(row.overflow, `row "${row.text}" overflows`).toBe(false);
    expect(row.left).toBeGreaterThanOrEqual(0);
    expect(row.right).toBeLessThanOrEqual(360);
    expect(row.widest, `something in row "${row.text}" sticks out`).toBeLessThanOrEqual(360.5);
    // Long names are cut with an ellipsis, not wrapped into a tall row.
    expect(row.height).toBeLessThan(160);
  }
  // The code of the longest-named account is still there to copy.
  const longRow = rows(popup).filter({ hasText: 'averyveryverylongname' });
  await expect(longRow.getByTestId('code')).toBeVisible();
  expect((await longRow.getByTestId('code').innerText()).replace(/\s/g, '')).toMatch(/^\d{6}$/);
  // Different names: no row is marked as a conflict.
  await expect(popup.getByTestId('secret-conflict')).toHaveCount(0);
});
