// Joining the vault in browser sync with two real browser profiles that each made their own
// vault first. The browser's sync is played by the test, as in backup.spec.ts: one profile's
// storage.sync is written over the other's, key by key.
import * as OTPAuth from 'otpauth';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './support/extension';
import { createVault } from './support/vault';
import { backedUp, backupLine, copySync, secondProfile, send } from './support/twoProfiles';

const PASS_A = 'The passphrase of profile A, long';
const PASS_B = 'The passphrase of profile B, longer';

/** Deterministic, distinct 20-byte Base32 secrets. */
function secretFor(i: number): string {
  const bytes = new Uint8Array(20);
  for (let k = 0; k < 20; k++) bytes[k] = (i * 131 + k * 17 + 7) & 0xff;
  return new OTPAuth.Secret({ buffer: bytes.buffer }).base32;
}

function link(issuer: string, name: string, secret: number): string {
  const path = encodeURIComponent(`${issuer}:${name}`);
  return `otpauth://totp/${path}?secret=${secretFor(secret)}&issuer=${encodeURIComponent(issuer)}`;
}

interface Listed {
  issuer: string;
  label: string;
  secretConflict?: true;
}

async function names(popup: Page): Promise<string[]> {
  const list = await send<Listed[]>(popup, 'vault.list');
  return list.map((a) => `${a.issuer} ${a.label}`).sort();
}

/** Opens the backup dialog from the popup's status line and the join form in it. */
async function openJoin(popup: Page) {
  await expect(backupLine(popup)).toHaveText('Another vault’s backup is in sync — join it', {
    timeout: 30_000,
  });
  await backupLine(popup).click();
  const offer = popup.getByTestId('join-offer');
  await offer.getByRole('button', { name: 'Join the vault in your browser’s sync' }).click();
  await expect(offer.getByText(/old passphrase and recovery key stop working/)).toBeVisible();
  return offer;
}

/**
 * A's vault holds Alpha and B's holds Beta, each backed up in its own profile; then B receives
 * A's backup and opens the join form. B's profile is closed here if that fails.
 */
async function betaOffered(
  a: Page,
  context: BrowserContext,
  extensionDir: string,
  extensionId: string,
) {
  const recoveryKey = await createVault(a, PASS_A);
  await send(a, 'account.addMany', { uris: [link('Alpha', 'a1@example.org', 1)] });
  await a.reload();
  await backedUp(a, 1);

  const b = await secondProfile(extensionDir);
  try {
    const bPopup = await b.popup();
    await createVault(bPopup, PASS_B);
    await send(bPopup, 'account.addMany', { uris: [link('Beta', 'b1@example.org', 11)] });
    await bPopup.reload();
    await backedUp(bPopup, 1);

    await copySync(context, b.context, extensionId);
    return { recoveryKey, b, bPopup, offer: await openJoin(bPopup) };
  } catch (e) {
    await b.close();
    throw e;
  }
}

test.describe.configure({ timeout: 300_000 });

test('B joins A’s vault: both hold every account, B unlocks with A’s passphrase after a restart', async ({
  context,
  extensionDir,
  extensionId,
  openPopup,
}) => {
  const a = await openPopup();
  await createVault(a, PASS_A);
  await send(a, 'account.addMany', {
    uris: [
      link('Alpha', 'a1@example.org', 1),
      link('Alpha', 'a2@example.org', 2),
      link('Shared', 'me@example.org', 9),
      link('Clash', 'me@example.org', 50),
    ],
  });
  await a.reload();
  await backedUp(a, 4);

  const b = await secondProfile(extensionDir);
  try {
    expect(b.id).toBe(extensionId);
    let bPopup = await b.popup();
    await createVault(bPopup, PASS_B);
    await send(bPopup, 'account.addMany', {
      uris: [
        link('Beta', 'b1@example.org', 11),
        link('Shared', 'me@example.org', 9),
        link('Clash', 'me@example.org', 51),
      ],
    });
    await bPopup.reload();
    await backedUp(bPopup, 3);
    const before = await names(bPopup);

    // Sync delivers A's backup over B's: B is offered to join it.
    await copySync(context, b.context, extensionId);
    const offer = await openJoin(bPopup);

    // A wrong passphrase (B's own) changes nothing.
    await offer.getByLabel('Passphrase', { exact: true }).fill(PASS_B);
    await offer.getByRole('button', { name: 'Join this vault' }).click();
    await expect(offer.getByRole('alert')).toContainText(/wrong passphrase/i, { timeout: 30_000 });
    expect(await names(bPopup)).toEqual(before);

    await offer.getByLabel('Passphrase', { exact: true }).fill(PASS_A);
    await offer.getByRole('button', { name: 'Join this vault' }).click();
    await expect(bPopup.getByText('Joined. This vault now holds 6 accounts.')).toBeVisible({
      timeout: 60_000,
    });
    const union = [
      'Alpha a1@example.org',
      'Alpha a2@example.org',
      'Beta b1@example.org',
      'Clash me@example.org',
      'Clash me@example.org',
      'Shared me@example.org',
    ];
    expect(await names(bPopup)).toEqual(union);
    const clash = (await send<Listed[]>(bPopup, 'vault.list')).filter((x) => x.issuer === 'Clash');
    expect(clash.map((x) => x.secretConflict)).toEqual([true, true]);
    await bPopup.getByRole('button', { name: 'Close' }).click();
    await backedUp(bPopup, 6);

    // A receives B's sync items and merges what B brought, with no action.
    await copySync(b.context, context, extensionId);
    await expect.poll(() => names(a), { timeout: 30_000 }).toEqual(union);
    // A's merged backup lists both browsers; sync takes it back to B, so B lists both too.
    await a.reload();
    await expect(backupLine(a)).toHaveText(/^Backed up .* · 6 accounts · .* · 2 browsers$/, {
      timeout: 30_000,
    });
    await copySync(context, b.context, extensionId);

    // B after a restart: locked; its old passphrase opens nothing, A's does.
    bPopup = await b.restart();
    await bPopup.getByLabel('Passphrase', { exact: true }).fill(PASS_B);
    await bPopup.getByRole('button', { name: 'Unlock' }).click();
    await expect(bPopup.getByRole('alert')).toContainText(/wrong passphrase/i, {
      timeout: 30_000,
    });
    await bPopup.getByLabel('Passphrase', { exact: true }).fill(PASS_A);
    await bPopup.getByRole('button', { name: 'Unlock' }).click();
    await expect(bPopup.getByRole('searchbox', { name: 'Search accounts' })).toBeVisible({
      timeout: 30_000,
    });
    expect(await names(bPopup)).toEqual(union);
    // Both profiles show "2 browsers".
    await expect(backupLine(bPopup)).toHaveText(/ · 6 accounts · .* · 2 browsers$/, {
      timeout: 30_000,
    });
    await a.reload();
    await expect(backupLine(a)).toHaveText(/ · 6 accounts · .* · 2 browsers$/, {
      timeout: 30_000,
    });
  } finally {
    await b.close();
  }
});

test('B joins with A’s recovery key', async ({ context, extensionDir, extensionId, openPopup }) => {
  const { recoveryKey, b, bPopup, offer } = await betaOffered(
    await openPopup(),
    context,
    extensionDir,
    extensionId,
  );
  try {
    await offer.getByRole('button', { name: 'Use recovery key' }).click();
    await offer.getByLabel('Recovery key').fill(recoveryKey);
    await offer.getByRole('button', { name: 'Join this vault' }).click();
    await expect(bPopup.getByText('Joined. This vault now holds 2 accounts.')).toBeVisible({
      timeout: 60_000,
    });
    expect(await names(bPopup)).toEqual(['Alpha a1@example.org', 'Beta b1@example.org']);
    // The joined vault locks and opens with A's passphrase.
    await bPopup.getByRole('button', { name: 'Close' }).click();
    await bPopup.getByRole('button', { name: 'Lock' }).click();
    await bPopup.getByLabel('Passphrase', { exact: true }).fill(PASS_A);
    await bPopup.getByRole('button', { name: 'Unlock' }).click();
    await expect(bPopup.getByRole('searchbox', { name: 'Search accounts' })).toBeVisible({
      timeout: 30_000,
    });
    expect(await names(bPopup)).toHaveLength(2);
  } finally {
    await b.close();
  }
});

test('a browser closed while joining leaves the old vault or the joined one, and joining again completes', async ({
  context,
  extensionDir,
  extensionId,
  openPopup,
}) => {
  const a = await openPopup();
  await createVault(a, PASS_A);
  await send(a, 'account.addMany', {
    uris: [link('Alpha', 'a1@example.org', 1), link('Shared', 'me@example.org', 9)],
  });
  await a.reload();
  await backedUp(a, 2);

  const b = await secondProfile(extensionDir);
  try {
    let bPopup = await b.popup();
    await createVault(bPopup, PASS_B);
    await send(bPopup, 'account.addMany', {
      uris: [link('Beta', 'b1@example.org', 11), link('Shared', 'me@example.org', 9)],
    });
    await bPopup.reload();
    await backedUp(bPopup, 2);
    const old = await names(bPopup);
    const union = ['Alpha a1@example.org', 'Beta b1@example.org', 'Shared me@example.org'];

    await copySync(context, b.context, extensionId);
    const offer = await openJoin(bPopup);
    // The browser closes as soon as the join writes the merged backup (step 5), so before or
    // around the local swap: the hardest moment for it.
    const watcher = await b.context.newPage();
    await watcher.goto(`chrome-extension://${b.id}/manifest.json`);
    const written = watcher.evaluate(
      () =>
        new Promise<void>((resolve) =>
          chrome.storage.onChanged.addListener((_c, area) => {
            if (area === 'sync') resolve();
          }),
        ),
    );
    await offer.getByLabel('Passphrase', { exact: true }).fill(PASS_A);
    await offer.getByRole('button', { name: 'Join this vault' }).click();
    await written;
    bPopup = await b.restart();

    // Exactly one of the two vaults opens, complete.
    await bPopup.getByLabel('Passphrase', { exact: true }).fill(PASS_B);
    await bPopup.getByRole('button', { name: 'Unlock' }).click();
    const search = bPopup.getByRole('searchbox', { name: 'Search accounts' });
    const wrong = bPopup.getByRole('alert').filter({ hasText: /wrong passphrase/i });
    await expect(search.or(wrong)).toBeVisible({ timeout: 30_000 });
    const kept = await search.isVisible();
    test
      .info()
      .annotations.push({ type: 'closed with', description: kept ? 'old vault' : 'joined' });
    if (kept) {
      // The old vault, whole; joining again finishes the job.
      expect(await names(bPopup)).toEqual(old);
      const again = await openJoin(bPopup);
      await again.getByLabel('Passphrase', { exact: true }).fill(PASS_A);
      await again.getByRole('button', { name: 'Join this vault' }).click();
      await expect(bPopup.getByText('Joined. This vault now holds 3 accounts.')).toBeVisible({
        timeout: 60_000,
      });
    } else {
      await bPopup.getByLabel('Passphrase', { exact: true }).fill(PASS_A);
      await bPopup.getByRole('button', { name: 'Unlock' }).click();
      await expect(search).toBeVisible({ timeout: 30_000 });
    }
    expect(await names(bPopup)).toEqual(union);
  } finally {
    await b.close();
  }
});

test('replace, the second choice: the typed word makes sync hold B’s vault, and A is offered to join it', async ({
  context,
  extensionDir,
  extensionId,
  openPopup,
}) => {
  const a = await openPopup();
  const { b, bPopup, offer } = await betaOffered(a, context, extensionDir, extensionId);
  try {
    await offer.getByRole('button', { name: 'Replace the backup in sync with this vault' }).click();
    await expect(offer.getByText(/not backed up until they join this vault/)).toBeVisible();
    // A word that is not the confirmation changes nothing.
    await offer.getByLabel('Confirmation word').fill('yes');
    await offer.getByRole('button', { name: 'Replace the backup' }).click();
    await expect(offer.getByRole('alert')).toContainText('type the confirmation word');
    await offer.getByLabel('Confirmation word').fill('REPLACE');
    await offer.getByRole('button', { name: 'Replace the backup' }).click();
    await expect(
      bPopup.getByText('The backup in your browser’s sync now holds this vault.'),
    ).toBeVisible({ timeout: 30_000 });
    await bPopup.getByRole('button', { name: 'Close' }).click();
    await backedUp(bPopup, 1);

    // A keeps its account, and is now the one offered to join.
    await copySync(b.context, context, extensionId);
    await expect(backupLine(a)).toHaveText('Another vault’s backup is in sync — join it', {
      timeout: 30_000,
    });
    expect(await names(a)).toEqual(['Alpha a1@example.org']);
  } finally {
    await b.close();
  }
});
