// Profiles whose stores disagree, in Firefox: the same states as tests/e2e/vault-states.spec.ts,
// plus the one only Firefox makes: a reinstall gives the add-on a new moz-extension UUID, so
// IndexedDB and storage.local (which Firefox keeps in the origin's IndexedDB) start empty while
// storage.sync (kept per add-on id) still holds the backup. Each state must lead to a usable
// screen and lose nothing.
import type { Page } from 'puppeteer-core';
import { launchFirefox, type FirefoxSession } from './support/firefox';
import {
  addByLink,
  backedUp,
  codesAround,
  createVault,
  inertPage,
  PASS,
  totpUri,
  unlock,
} from './support/journeys';
import { expect, test } from './support/fixture';
import { click, fill, KDF_TIMEOUT, rowCode, waitForText } from './support/ui';
import type { BrowserGlobal } from './support/firefox';
import { countAsideRecords, damageVaultDb, type VaultDbDamage } from '../e2e/support/vaultDb';

const ACCOUNTS = [
  { issuer: 'Alpha', secret: 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ' },
  { issuer: 'Bravo', secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
];
const OTHER_UUID = '7e55e7a0-0000-4000-8000-0000000000c3';

async function vaultWithBackup(session: FirefoxSession): Promise<Page> {
  const popup = await session.openPopup();
  await createVault(popup);
  for (const a of ACCOUNTS)
    await addByLink(
      popup,
      totpUri(a.issuer, `${a.issuer.toLowerCase()}@example.org`, a.secret),
      a.issuer,
    );
  await backedUp(popup, 2);
  return popup;
}

async function inIndexedDb(session: FirefoxSession, what: VaultDbDamage) {
  const page = await inertPage(session);
  await page.evaluate(damageVaultDb, what);
  await page.close();
}

async function asideRecords(session: FirefoxSession): Promise<number> {
  const page = await inertPage(session);
  const n = await page.evaluate(countAsideRecords);
  await page.close();
  return n;
}

async function restoreFromSync(popup: Page): Promise<void> {
  await click(popup, "Restore from your browser's sync");
  await fill(popup, 'Passphrase', PASS);
  await click(popup, 'Restore');
  for (const a of ACCOUNTS) {
    const code = await rowCode(popup, a.issuer, KDF_TIMEOUT);
    expect(codesAround(a.secret, await popup.evaluate(() => Date.now()))).toContain(code);
  }
}

const hasLeftoversNotice = (popup: Page) =>
  popup.evaluate(
    () => document.querySelector('[data-testid=vault-leftovers]')?.textContent ?? null,
  );

/** The test's own session is replaced by restarts; whichever is current is closed at the end. */
function restarter(first: FirefoxSession) {
  let current = first;
  return {
    get current() {
      return current;
    },
    async restart(uuid = current.uuid) {
      await current.close();
      current = await launchFirefox({ profileDir: current.profileDir, uuid });
      return current;
    },
    close: () => current.close(),
  };
}

test('reinstall under a new moz-extension UUID: restore from sync is offered; the old install’s data stays', async ({
  firefox,
}) => {
  const s = restarter(firefox);
  try {
    await vaultWithBackup(s.current);
    const reinstalled = await s.restart(OTHER_UUID);
    const probe = await inertPage(reinstalled);
    const local = await probe.evaluate(() =>
      (globalThis as unknown as BrowserGlobal).browser.storage.local.get(null),
    );
    const syncKeys = Object.keys(
      await probe.evaluate(() =>
        (globalThis as unknown as BrowserGlobal).browser.storage.sync.get(null),
      ),
    );
    await probe.close();
    // What Firefox keeps per add-on id (sync) and per origin (local, IndexedDB).
    expect(local).toEqual({});
    expect(syncKeys.length).toBeGreaterThan(1);

    const popup = await reinstalled.openPopup();
    await waitForText(popup, 'Create vault');
    expect(await hasLeftoversNotice(popup)).toBeNull();
    await restoreFromSync(popup);

    // The first install's origin still holds its vault: back under that UUID, it unlocks.
    const back = await s.restart(firefox.uuid);
    const old = await back.openPopup();
    await unlock(old);
    expect(codesAround(ACCOUNTS[1]!.secret, Date.now())).toContain(await rowCode(old, 'Bravo'));
  } finally {
    await s.close();
  }
});

test('vault database cleared, sync backup kept: restore brings every account back', async ({
  firefox,
}) => {
  const s = restarter(firefox);
  try {
    await vaultWithBackup(s.current);
    await inIndexedDb(s.current, 'drop-database');
    const popup = await (await s.restart()).openPopup();
    await waitForText(popup, 'Create vault');
    expect(await hasLeftoversNotice(popup)).toBeNull();
    await restoreFromSync(popup);
    await backedUp(popup, 2);
  } finally {
    await s.close();
  }
});

test('vault header gone, records kept, sync backup kept: the screen says so, restore works, the records are set aside', async ({
  firefox,
}) => {
  const s = restarter(firefox);
  try {
    await vaultWithBackup(s.current);
    await inIndexedDb(s.current, 'drop-header');
    const popup = await (await s.restart()).openPopup();
    await waitForText(popup, 'Create vault');
    expect(await hasLeftoversNotice(popup)).toContain('2 accounts');
    await restoreFromSync(popup);
    expect(await asideRecords(s.current)).toBe(2);
  } finally {
    await s.close();
  }
});

test('vault header gone, records kept, no backup: a new vault starts, the old records are set aside', async ({
  firefox,
}) => {
  const s = restarter(firefox);
  try {
    await vaultWithBackup(s.current);
    // Locked by the restart, so no backup runs while what it wrote is removed.
    const locked = await s.restart();
    const inert = await inertPage(locked);
    await inert.evaluate(() =>
      (globalThis as unknown as BrowserGlobal).browser.storage.sync.clear(),
    );
    await inert.close();
    await inIndexedDb(locked, 'drop-header');
    const popup = await (await s.restart()).openPopup();
    await waitForText(popup, 'Create vault');
    expect(await hasLeftoversNotice(popup)).toContain('2 accounts');
    expect(await popup.evaluate(() => document.body.innerText)).not.toContain(
      "Restore from your browser's sync",
    );
    await createVault(popup, `${PASS} anew`);
    expect(await asideRecords(s.current)).toBe(2);
    const again = await (await s.restart()).openPopup();
    await unlock(again, `${PASS} anew`);
  } finally {
    await s.close();
  }
});

test('a vault whose sync area holds another vault’s backup keeps working, says so, and leaves that backup alone', async ({
  firefox,
}) => {
  const s = restarter(firefox);
  try {
    await vaultWithBackup(s.current);
    let inert = await inertPage(s.current);
    const foreign = await inert.evaluate(() =>
      (globalThis as unknown as BrowserGlobal).browser.storage.sync.get(null),
    );
    await inert.close();
    // This profile starts over under a new UUID (its own new vault) while sync keeps the old one.
    const next = await s.restart(OTHER_UUID);
    const popup = await next.openPopup();
    await createVault(popup, `${PASS} two`);
    await addByLink(popup, totpUri('Charlie', 'c@example.org', ACCOUNTS[0]!.secret), 'Charlie');
    // The status line opens the backup details.
    await (await popup.waitForSelector('[data-testid=backup-status]', {
      timeout: 15_000,
    }))!.click();
    await waitForText(popup, 'holds the backup of another Tessera vault', 45_000);
    inert = await inertPage(next);
    expect(
      await inert.evaluate(() =>
        (globalThis as unknown as BrowserGlobal).browser.storage.sync.get(null),
      ),
    ).toEqual(foreign);
  } finally {
    await s.close();
  }
});

test('a vault whose key data is damaged: unlock says so and offers to start over, keeping it aside; restore works', async ({
  firefox,
}) => {
  const s = restarter(firefox);
  try {
    await vaultWithBackup(s.current);
    const locked = await s.restart();
    await inIndexedDb(locked, 'damage-header');
    const popup = await locked.openPopup();
    await fill(popup, 'Passphrase', PASS);
    await click(popup, 'Unlock');
    await waitForText(popup, 'damaged', KDF_TIMEOUT);
    await click(popup, 'Start over, keeping this data aside');
    await waitForText(popup, 'Create vault');
    await restoreFromSync(popup);
    expect(await asideRecords(s.current)).toBe(2);
  } finally {
    await s.close();
  }
});
