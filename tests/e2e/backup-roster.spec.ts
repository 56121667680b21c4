// The roster of browsers that hold the backup, with two real browser profiles of one vault. The
// browser's sync is played by the test, as in backup.spec.ts: it copies one profile's
// storage.sync into the other, key by key, from Chromium's inert manifest viewer.
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './support/extension';
import { createVault } from './support/vault';
import { copySync, secondProfile, send } from './support/twoProfiles';

const PASS = 'A long and private passphrase';
const LINKS = ['Alpha', 'Bravo', 'Charlie'].map(
  (issuer, i) =>
    `otpauth://totp/${issuer}:user${i}@example.org?secret=JBSWY3DPEHPK3PX${'ABC'[i]}&issuer=${issuer}`,
);

async function rosterKeys(context: BrowserContext, id: string): Promise<string[]> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/manifest.json`);
  const keys = await page.evaluate(async () =>
    Object.keys(await chrome.storage.sync.get(null)).filter((k) => k.startsWith('w:')),
  );
  await page.close();
  return keys.sort();
}

async function openSettings(context: BrowserContext, id: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/options.html#backup`);
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  return page;
}

const line = (popup: Page) => popup.getByTestId('backup-status');
const summary = (page: Page) => page.getByTestId('backup-roster-summary');

test.describe.configure({ timeout: 240_000 });

test('two profiles of one vault list each other: "2 browsers" in Settings and the popup; rename and forget', async ({
  context,
  extensionDir,
  extensionId,
  openPopup,
}) => {
  const a = await openPopup();
  await createVault(a, PASS);
  await send(a, 'account.addMany', { uris: LINKS });
  await a.reload();
  // One browser: the line says nothing about browsers yet.
  await expect(line(a)).toHaveText(/^Backed up .* · 3 accounts · [^·]* of sync space$/, {
    timeout: 30_000,
  });
  const aSettings = await openSettings(context, extensionId);
  await expect(summary(aSettings)).toHaveText('This backup is on 1 browser: this one.', {
    timeout: 30_000,
  });
  await expect(aSettings.getByTestId('backup-roster-device')).toContainText('Chrome on Linux');

  const b = await secondProfile(extensionDir);
  try {
    expect(b.id).toBe(extensionId);
    const bPopup = await b.context.newPage();
    await bPopup.goto(`chrome-extension://${b.id}/popup.html`);
    await expect(bPopup.getByRole('button', { name: 'Create vault' })).toBeVisible();
    const keys = await copySync(context, b.context, extensionId);
    expect(keys.filter((k) => k.startsWith('w:'))).toHaveLength(1);
    await bPopup.getByRole('button', { name: "Restore from your browser's sync" }).click();
    await bPopup.getByLabel('Passphrase', { exact: true }).fill(PASS);
    await bPopup.getByRole('button', { name: 'Restore', exact: true }).click();
    // B lists itself next to A at its first backup.
    await expect(line(bPopup)).toHaveText(/ · 3 accounts · .* · 2 browsers$/, { timeout: 30_000 });
    expect(await rosterKeys(b.context, b.id)).toHaveLength(2);

    // A receives B's items, merges, and counts two browsers too.
    await copySync(b.context, context, extensionId);
    await a.reload();
    await expect(line(a)).toHaveText(/ · 3 accounts · .* · 2 browsers$/, { timeout: 30_000 });
    await aSettings.reload();
    await expect(summary(aSettings)).toHaveText(
      /^This backup is on 2 browsers: this one and Chrome on Linux, last synced (just now|\d+ minutes? ago)\.$/,
      { timeout: 30_000 },
    );

    // A renames itself; B sees the new name once sync delivers it.
    await aSettings.getByRole('button', { name: 'Rename' }).click();
    await aSettings.getByLabel('Name of this browser').fill('Work laptop');
    await aSettings.getByRole('button', { name: 'Save name' }).click();
    await expect(aSettings.getByTestId('backup-roster-device').first()).toContainText(
      'Work laptop',
    );
    await copySync(context, b.context, extensionId);
    const bSettings = await openSettings(b.context, b.id);
    await expect(summary(bSettings)).toHaveText(
      /^This backup is on 2 browsers: this one and Work laptop, last synced .*\.$/,
      { timeout: 30_000 },
    );

    // B forgets A: one browser listed in B, and the page says a live browser comes back.
    await bSettings.getByRole('button', { name: 'Forget Work laptop' }).click();
    await expect(summary(bSettings)).toHaveText('This backup is on 1 browser: this one.');
    await expect(bSettings.getByTestId('backup-roster')).toContainText(
      'lists itself again the next time it syncs',
    );
    expect(await rosterKeys(b.context, b.id)).toHaveLength(1);

    // A is alive: when B's items reach it (its own entry gone), it lists itself again.
    await copySync(b.context, context, extensionId);
    await expect.poll(() => rosterKeys(context, extensionId), { timeout: 30_000 }).toHaveLength(2);
    await copySync(context, b.context, extensionId);
    await bSettings.reload();
    await expect(summary(bSettings)).toHaveText(
      /^This backup is on 2 browsers: this one and Work laptop/,
      {
        timeout: 30_000,
      },
    );
    // Both still hold every account.
    expect(await send<unknown[]>(bPopup, 'vault.list')).toHaveLength(3);
    expect(await send<unknown[]>(a, 'vault.list')).toHaveLength(3);
  } finally {
    await b.close();
  }
});
