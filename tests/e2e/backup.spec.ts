// Backup through browser sync storage with two real browser profiles. The browser's
// sync is played by the test: it copies one profile's storage.sync into the other, as Chrome
// Sync would after both profiles signed in to the same account. Codes are checked against an
// independent implementation (the otpauth library) and between the two profiles.
import * as OTPAuth from 'otpauth';
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { expect, test } from './support/extension';
import { createVault } from './support/vault';
import { backedUp, backupLine, copySync, secondProfile, send } from './support/twoProfiles';

const PASS = 'A long and private passphrase';
const NEW_PASS = 'An even longer and newer private passphrase';
const N_TOTP = 30;
const HOTP_COUNTER = 7;

/** Deterministic, distinct 20-byte Base32 secrets. */
function secretFor(i: number): string {
  const bytes = new Uint8Array(20);
  for (let k = 0; k < 20; k++) bytes[k] = (i * 131 + k * 17 + 7) & 0xff;
  return new OTPAuth.Secret({ buffer: bytes.buffer }).base32;
}

/** "Svc7Q" is not a substring of "Svc17Q": rows can be found by text. */
const issuerFor = (i: number) => `Svc${i}Q`;

function totpLink(i: number): string {
  const issuer = issuerFor(i);
  const path = encodeURIComponent(`${issuer}:user${i}@example.org`);
  return `otpauth://totp/${path}?secret=${secretFor(i)}&issuer=${issuer}`;
}

const HOTP_ISSUER = 'Counter Bank';
const HOTP_SECRET = secretFor(999);
const HOTP_LINK = `otpauth://hotp/${encodeURIComponent(`${HOTP_ISSUER}:hotp@example.org`)}?secret=${HOTP_SECRET}&issuer=${encodeURIComponent(HOTP_ISSUER)}&counter=${HOTP_COUNTER}`;

function totpAround(secret: string, atMs: number): string[] {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
  return [atMs - 30_000, atMs, atMs + 30_000].map((t) => totp.generate({ timestamp: t }));
}

function hotp(secret: string, counter: number): string {
  return new OTPAuth.HOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({ counter });
}

function row(popup: Page, text: string): Locator {
  return popup.getByRole('listitem').filter({ hasText: text });
}

async function shownCode(r: Locator): Promise<string> {
  return (await r.getByTestId('code').innerText()).replace(/\s/g, '');
}

/** Issuers of every row, sorted: "the same set" between two profiles. */
/**
 * The popup renders only the rows in view, so a row further down is found the way a person
 * finds it: by typing its name into the search box.
 */
async function found(popup: Page, text: string): Promise<Locator> {
  await popup.getByRole('searchbox', { name: 'Search accounts' }).fill(text);
  return row(popup, text);
}

/** Every account of the vault by issuer and name (the background's list: not only rows in view). */
async function issuers(popup: Page): Promise<string[]> {
  const list = await send<{ issuer: string; label: string }[]>(popup, 'vault.list');
  return list.map((a) => [a.issuer, a.label].filter((s) => s !== '').join(' ')).sort();
}

/**
 * When the key slots last changed: in sync storage (the backup header's `slotsAt`) or in the
 * profile's own vault header (IndexedDB). Read from the inert manifest viewer page.
 */
async function slotsChangedAt(
  context: BrowserContext,
  id: string,
  where: 'sync' | 'vault',
): Promise<number> {
  const page = await context.newPage();
  try {
    await page.goto(`chrome-extension://${id}/manifest.json`);
    return await page.evaluate(async (where) => {
      if (where === 'sync') {
        const { h } = await chrome.storage.sync.get('h');
        return (h as { slotsAt: number }).slotsAt;
      }
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('tessera');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      try {
        const row = await new Promise<{ value: { slotsChangedAt?: number; createdAt: number } }>(
          (resolve, reject) => {
            const req = db.transaction('meta').objectStore('meta').get('vault');
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(req.error);
          },
        );
        return row.value.slotsChangedAt ?? row.value.createdAt;
      } finally {
        db.close();
      }
    }, where);
  } finally {
    await page.close();
  }
}

test.describe.configure({ timeout: 180_000 });

test('profile A backs up, profile B restores the same codes, then both merge adds and deletes', async ({
  context,
  extensionDir,
  extensionId,
  openPopup,
}) => {
  const a = await openPopup();
  await createVault(a, PASS);
  await send(a, 'account.addMany', {
    uris: [...Array.from({ length: N_TOTP }, (_, i) => totpLink(i + 1)), HOTP_LINK],
  });
  await a.reload();
  await expect(await found(a, issuerFor(N_TOTP))).toBeVisible();
  await backedUp(a, N_TOTP + 1);

  const b = await secondProfile(extensionDir);
  try {
    expect(b.id).toBe(extensionId);
    const bPopup = await b.context.newPage();
    await bPopup.goto(`chrome-extension://${b.id}/popup.html`);
    // B is on its first run; the backup arrives while the page is open.
    await expect(bPopup.getByRole('button', { name: 'Create vault' })).toBeVisible();
    await expect(
      bPopup.getByRole('button', { name: "Restore from your browser's sync" }),
    ).toHaveCount(0);
    expect((await copySync(context, b.context, extensionId)).length).toBeGreaterThan(1);
    await bPopup.getByRole('button', { name: "Restore from your browser's sync" }).click();
    await bPopup.getByLabel('Passphrase', { exact: true }).fill(PASS);
    await bPopup.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect(await found(bPopup, issuerFor(N_TOTP))).toBeVisible({ timeout: 30_000 });

    // The same 31 accounts, the same codes (checked against otpauth, and A against B).
    expect(await issuers(bPopup)).toEqual(await issuers(a));
    expect(await issuers(bPopup)).toHaveLength(N_TOTP + 1);
    for (const i of [1, 7, 19, N_TOTP]) {
      const now = await bPopup.evaluate(() => Date.now());
      expect(totpAround(secretFor(i), now)).toContain(
        await shownCode(await found(bPopup, issuerFor(i))),
      );
      expect(totpAround(secretFor(i), now)).toContain(
        await shownCode(await found(a, issuerFor(i))),
      );
    }
    // HOTP: the counter came along; B's next code is the one for counter 7.
    await (
      await found(bPopup, HOTP_ISSUER)
    )
      .getByRole('button', { name: `Next code for ${HOTP_ISSUER}` })
      .click();
    await expect(row(bPopup, HOTP_ISSUER).getByTestId('code')).toHaveText(
      new RegExp(`^${hotp(HOTP_SECRET, HOTP_COUNTER).replace(/(\d{3})(\d{3})/, '$1\\s?$2')}$`),
    );
    await backedUp(bPopup, N_TOTP + 1);

    // B adds an account through its popup; A deletes one through its popup.
    const added = 100;
    await bPopup.getByRole('button', { name: 'Add account' }).click();
    await bPopup.getByLabel('otpauth:// link').fill(totpLink(added));
    await bPopup.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(await found(bPopup, issuerFor(added))).toBeVisible();
    await backedUp(bPopup, N_TOTP + 2);

    const deleted = `${issuerFor(3)} user3@example.org`;
    await found(a, issuerFor(3));
    await a.getByRole('button', { name: `Actions for ${deleted}`, exact: true }).click();
    await a
      .getByRole('menu', { name: `Actions for ${deleted}` })
      .getByRole('menuitem', { name: 'Delete', exact: true })
      .click();
    await expect(row(a, issuerFor(3))).toHaveCount(0);
    await backedUp(a, N_TOTP);

    // Sync carries B's storage to A (overwriting A's last write, the worst order for A)...
    await copySync(b.context, context, extensionId);
    // ...A merges it (the open popup picks up B's account), keeps its deletion, and backs up.
    await expect(await found(a, issuerFor(added))).toBeVisible({ timeout: 30_000 });
    await expect(await found(a, issuerFor(3))).toHaveCount(0);
    await backedUp(a, N_TOTP + 1);
    // ...then A's storage reaches B, which applies A's deletion.
    await copySync(context, b.context, extensionId);
    await expect(await found(bPopup, issuerFor(3))).toHaveCount(0, { timeout: 30_000 });
    await backedUp(bPopup, N_TOTP + 1);

    const setA = await issuers(a);
    expect(setA).toHaveLength(N_TOTP + 1);
    expect(await issuers(bPopup)).toEqual(setA);
    expect(setA.some((n) => n.startsWith(issuerFor(added)))).toBe(true);
    expect(setA.some((n) => n.startsWith(`${issuerFor(3)} `))).toBe(false);

    // "Verify backup" decrypts what sync holds and finds every account of B's vault in it.
    await backupLine(bPopup).click();
    await bPopup.getByRole('button', { name: 'Verify backup' }).click();
    await expect(bPopup.getByTestId('backup-verify')).toHaveText(/^Backup verified/, {
      timeout: 15_000,
    });
  } finally {
    await b.close();
  }
});

test('restore with the recovery key; a wrong passphrase leaves the new profile empty with a clear error', async ({
  context,
  extensionDir,
  extensionId,
  openPopup,
}) => {
  const a = await openPopup();
  const recoveryKey = await createVault(a, PASS);
  await send(a, 'account.addMany', { uris: [totpLink(1), totpLink(2), HOTP_LINK] });
  await a.reload();
  await backedUp(a, 3);

  const c = await secondProfile(extensionDir);
  try {
    await copySync(context, c.context, extensionId);
    const popup = await c.context.newPage();
    await popup.goto(`chrome-extension://${c.id}/popup.html`);
    await popup.getByRole('button', { name: "Restore from your browser's sync" }).click();

    await popup.getByLabel('Passphrase', { exact: true }).fill('not the passphrase at all');
    await popup.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect(popup.getByRole('alert')).toContainText(/wrong passphrase/i, { timeout: 30_000 });
    // Nothing was created: the profile is still on its first run, with no vault.
    expect(await send<{ state: string }>(popup, 'vault.status')).toMatchObject({ state: 'none' });

    await popup.getByRole('button', { name: 'Use recovery key' }).click();
    await popup.getByLabel('Recovery key').fill(recoveryKey.toLowerCase());
    await popup.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect(row(popup, issuerFor(2))).toBeVisible({ timeout: 30_000 });
    const now = await popup.evaluate(() => Date.now());
    expect(totpAround(secretFor(1), now)).toContain(await shownCode(row(popup, issuerFor(1))));
    expect(await issuers(popup)).toEqual(await issuers(a));

    // The restored vault keeps the backup's passphrase.
    await popup.getByRole('button', { name: 'Lock' }).click();
    await popup.getByLabel('Passphrase', { exact: true }).fill(PASS);
    await popup.getByRole('button', { name: 'Unlock' }).click();
    await expect(row(popup, issuerFor(1))).toBeVisible({ timeout: 30_000 });

    // A passphrase change in this profile re-wraps the key; once synced, A's old passphrase
    // opens nothing there either, while the recovery key keeps working.
    const before = await slotsChangedAt(c.context, extensionId, 'sync');
    await backupLine(popup).click();
    await popup.getByRole('button', { name: 'Change passphrase' }).click();
    await popup.getByLabel('Current passphrase').fill(PASS);
    await popup.getByLabel('New passphrase', { exact: true }).fill(NEW_PASS);
    await popup.getByLabel('Confirm new passphrase').fill(NEW_PASS);
    await popup.getByRole('button', { name: 'Save new passphrase' }).click();
    await expect(popup.getByText('Passphrase changed.')).toBeVisible({ timeout: 30_000 });
    await expect
      .poll(() => slotsChangedAt(c.context, extensionId, 'sync'), { timeout: 15_000 })
      .toBeGreaterThan(before);
    // A is locked while the change arrives, so it cannot adopt the new slots by itself: its
    // unlock must still refuse the old passphrase, and take the new one through them.
    await a.getByRole('button', { name: 'Lock' }).click();
    await copySync(c.context, context, extensionId);
    const changedAt = await slotsChangedAt(c.context, extensionId, 'sync');
    await a.getByLabel('Passphrase', { exact: true }).fill(PASS);
    await a.getByRole('button', { name: 'Unlock' }).click();
    await expect(a.getByRole('alert')).toContainText(/wrong passphrase/i, { timeout: 30_000 });
    await a.getByLabel('Passphrase', { exact: true }).fill(NEW_PASS);
    await a.getByRole('button', { name: 'Unlock' }).click();
    await expect(row(a, issuerFor(1))).toBeVisible({ timeout: 30_000 });
    expect(await slotsChangedAt(context, extensionId, 'vault')).toBe(changedAt);
    await a.getByRole('button', { name: 'Lock' }).click();
    await a.getByRole('button', { name: 'Use recovery key' }).click();
    await a.getByLabel('Recovery key').fill(recoveryKey);
    await a.getByRole('button', { name: 'Unlock' }).click();
    await expect(row(a, issuerFor(1))).toBeVisible({ timeout: 30_000 });
  } finally {
    await c.close();
  }
});
