// Profiles whose stores disagree: the vault database (IndexedDB), the settings and backup memo
// (storage.local) and the backup (storage.sync) can be cleared apart from one another (site
// data cleared, a reinstall; in Firefox a reinstall brings a new extension origin). Each state
// must lead to a usable screen and lose nothing. tests/e2e-firefox/states.spec.ts runs the same
// states in Firefox.
import { rm } from 'node:fs/promises';
import * as OTPAuth from 'otpauth';
import type { BrowserContext, Page } from '@playwright/test';
import {
  E2E_EXTENSION_DIR,
  EXPECTED_EXTENSION_ID,
  launchChromium,
  makeProfileDir,
  waitForServiceWorker,
} from '../../scripts/lib/launch-extension.mjs';
import { expect, test } from './support/extension';
import { createVault } from './support/vault';
import { countAsideRecords, damageVaultDb, type VaultDbDamage } from './support/vaultDb';

const PASS = 'A long and private passphrase';
const ACCOUNTS = [
  { issuer: 'Alpha', secret: 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ' },
  { issuer: 'Bravo', secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
];
const uri = (issuer: string, secret: string) =>
  `otpauth://totp/${issuer}:${issuer.toLowerCase()}%40example.org?secret=${secret}&issuer=${issuer}`;
const codesAround = (secret: string, at: number) => {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
  return [at - 30_000, at, at + 30_000].map((t) => totp.generate({ timestamp: t }));
};

test.describe.configure({ timeout: 180_000 });

interface Profile {
  dir: string;
  context: BrowserContext;
  popup: () => Promise<Page>;
  /** The extension's manifest viewer: its origin, none of its code. */
  inert: () => Promise<Page>;
  restart: () => Promise<void>;
  close: () => Promise<void>;
}

async function profile(): Promise<Profile> {
  const dir = makeProfileDir('tessera-states-');
  const p: Profile = {
    dir,
    context: await launchChromium({ extensionDir: E2E_EXTENSION_DIR, profileDir: dir }),
    popup: async () => {
      const page = await p.context.newPage();
      await page.goto(`chrome-extension://${EXPECTED_EXTENSION_ID}/popup.html`);
      return page;
    },
    inert: async () => {
      const page = await p.context.newPage();
      await page.goto(`chrome-extension://${EXPECTED_EXTENSION_ID}/manifest.json`);
      return page;
    },
    restart: async () => {
      await p.context.close();
      p.context = await launchChromium({ extensionDir: E2E_EXTENSION_DIR, profileDir: dir });
      await waitForServiceWorker(p.context);
    },
    close: async () => {
      await p.context.close();
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  await waitForServiceWorker(p.context);
  return p;
}

/** A vault with the two accounts, backed up to storage.sync. */
async function vaultWithBackup(p: Profile): Promise<Page> {
  const popup = await p.popup();
  await createVault(popup, PASS);
  for (const a of ACCOUNTS) {
    await popup.getByRole('button', { name: 'Add account' }).click();
    await popup.getByLabel('otpauth:// link').fill(uri(a.issuer, a.secret));
    await popup.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(popup.getByRole('listitem').filter({ hasText: a.issuer })).toBeVisible();
  }
  await expect(popup.getByTestId('backup-status')).toHaveText(/^Backed up .* · 2 accounts/, {
    timeout: 30_000,
  });
  return popup;
}

/** Runs in the extension's origin: IndexedDB surgery the way clearing part of the data does. */
async function inIndexedDb(p: Profile, what: VaultDbDamage): Promise<void> {
  const page = await p.inert();
  await page.evaluate(damageVaultDb, what);
  await page.close();
}

/** Records in the databases Tessera set aside. */
async function asideRecords(p: Profile): Promise<number> {
  const page = await p.inert();
  const n = await page.evaluate(countAsideRecords);
  await page.close();
  return n;
}

async function restoreFromSync(popup: Page): Promise<void> {
  await popup.getByRole('button', { name: "Restore from your browser's sync" }).click();
  await popup.getByLabel('Passphrase', { exact: true }).fill(PASS);
  await popup.getByRole('button', { name: 'Restore', exact: true }).click();
  for (const a of ACCOUNTS) {
    const code = popup.getByRole('listitem').filter({ hasText: a.issuer }).getByTestId('code');
    await expect(code).toHaveText(/\d/, { timeout: 30_000 });
    const now = await popup.evaluate(() => Date.now());
    expect(codesAround(a.secret, now)).toContain((await code.innerText()).replace(/\s/g, ''));
  }
}

test('vault database cleared, settings and sync backup kept: restore brings every account back', async () => {
  const p = await profile();
  try {
    await vaultWithBackup(p);
    await inIndexedDb(p, 'drop-database');
    await p.restart();
    const popup = await p.popup();
    await expect(popup.getByRole('button', { name: 'Create vault' })).toBeVisible();
    await expect(popup.getByTestId('vault-leftovers')).toHaveCount(0);
    await restoreFromSync(popup);
    await expect(popup.getByTestId('backup-status')).toHaveText(/^Backed up .* · 2 accounts/, {
      timeout: 30_000,
    });
  } finally {
    await p.close();
  }
});

test('vault header gone, records kept, sync backup kept: the screen says so, restore works, the records are set aside', async () => {
  const p = await profile();
  try {
    await vaultWithBackup(p);
    await inIndexedDb(p, 'drop-header');
    await p.restart();
    const popup = await p.popup();
    await expect(popup.getByTestId('vault-leftovers')).toContainText('2 accounts');
    await restoreFromSync(popup);
    expect(await asideRecords(p)).toBe(2);
  } finally {
    await p.close();
  }
});

test('vault header gone, records kept, no backup: a new vault starts, the old records are set aside', async () => {
  const p = await profile();
  try {
    await vaultWithBackup(p);
    // Locked by the restart, so no backup runs while what it wrote is removed.
    await p.restart();
    const inert = await p.inert();
    await inert.evaluate(() => chrome.storage.sync.clear());
    await inert.close();
    await inIndexedDb(p, 'drop-header');
    await p.restart();
    const fresh = await p.popup();
    await expect(fresh.getByTestId('vault-leftovers')).toContainText('2 accounts');
    await expect(
      fresh.getByRole('button', { name: "Restore from your browser's sync" }),
    ).toHaveCount(0);
    await createVault(fresh, `${PASS} anew`);
    await expect(fresh.getByRole('listitem')).toHaveCount(0);
    expect(await asideRecords(p)).toBe(2);
    await p.restart();
    const again = await p.popup();
    await again.getByLabel('Passphrase', { exact: true }).fill(`${PASS} anew`);
    await again.getByRole('button', { name: 'Unlock' }).click();
    await expect(again.getByRole('searchbox', { name: 'Search accounts' })).toBeVisible({
      timeout: 30_000,
    });
  } finally {
    await p.close();
  }
});

test('a vault whose sync area holds another vault’s backup keeps working, says so, and leaves that backup alone', async () => {
  const other = await profile();
  const p = await profile();
  try {
    await vaultWithBackup(other);
    const read = await other.inert();
    const foreign = await read.evaluate(() => chrome.storage.sync.get(null));
    await other.close();

    const popup = await p.popup();
    await createVault(popup, PASS);
    const inert = await p.inert();
    // Sync replaces the area with another vault's backup. Its header lands in the same write
    // as the rest, so the area never looks empty in between (as it would after a clear).
    await inert.evaluate(async (items) => {
      await chrome.storage.sync.set(items);
      const ours = Object.keys(await chrome.storage.sync.get(null)).filter((k) => !(k in items));
      await chrome.storage.sync.remove(ours);
    }, foreign);
    await popup.getByRole('button', { name: 'Add account' }).click();
    await popup.getByLabel('otpauth:// link').fill(uri('Charlie', ACCOUNTS[0]!.secret));
    await popup.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(popup.getByRole('listitem').filter({ hasText: 'Charlie' })).toBeVisible();
    await popup.getByTestId('backup-status').click();
    await expect(popup.getByText('holds the backup of another Tessera vault')).toBeVisible({
      timeout: 30_000,
    });
    expect(await inert.evaluate(() => chrome.storage.sync.get(null))).toEqual(foreign);
  } finally {
    await p.close();
  }
});

test('a vault whose key data is damaged: unlock says so and offers to start over, keeping it aside; restore works', async () => {
  const p = await profile();
  try {
    await vaultWithBackup(p);
    await p.restart();
    await inIndexedDb(p, 'damage-header');
    const popup = await p.popup();
    await popup.getByLabel('Passphrase', { exact: true }).fill(PASS);
    await popup.getByRole('button', { name: 'Unlock' }).click();
    await expect(popup.getByRole('alert')).toContainText('damaged', { timeout: 30_000 });
    await popup.getByRole('button', { name: 'Start over, keeping this data aside' }).click();
    await expect(popup.getByRole('button', { name: 'Create vault' })).toBeVisible();
    await restoreFromSync(popup);
    expect(await asideRecords(p)).toBe(2);
  } finally {
    await p.close();
  }
});
