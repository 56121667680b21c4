// Backup through storage.sync in Firefox, with two real Firefox profiles. Firefox Sync is
// played by the test: it copies one profile's storage.sync into the other, key by key, from an
// extension page of each profile (Firefox keeps storage.sync per add-on id, in the profile).
import type { Page } from 'puppeteer-core';
import {
  launchFirefox,
  makeFirefoxProfileDir,
  removeProfileDir,
  type FirefoxSession,
} from './support/firefox';
import {
  addByLink,
  backedUp,
  call,
  codesAround,
  copySync,
  createVault,
  PASS,
  totpUri,
} from './support/journeys';
import { expect, test } from './support/fixture';
import { click, fill, KDF_TIMEOUT, rowCode, waitForText } from './support/ui';

const SECRETS: Record<string, string> = {
  Alpha: 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ',
  Bravo: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  Charlie: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
};
const DELTA = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U';

async function accountNames(popup: Page): Promise<string[]> {
  const list = await call<{ issuer: string }[]>(popup, 'vault.list');
  return list.map((a) => a.issuer).sort();
}

test('profile A backs up; profile B restores the same codes; B adds one and A merges it back', async ({
  firefox,
}) => {
  const a = await firefox.openPopup();
  await createVault(a);
  for (const [issuer, secret] of Object.entries(SECRETS)) {
    await addByLink(a, totpUri(issuer, `${issuer.toLowerCase()}@example.org`, secret), issuer);
  }
  await backedUp(a, 3);

  const bDir = makeFirefoxProfileDir();
  // Another Firefox install: Firefox gives the add-on another moz-extension UUID there.
  let b: FirefoxSession | null = null;
  try {
    b = await launchFirefox({ profileDir: bDir, uuid: '7e55e7a0-0000-4000-8000-0000000000b2' });
    const bPopup = await b.openPopup();
    await waitForText(bPopup, 'Create vault');
    expect(await copySync(firefox, b)).toBeGreaterThan(1);
    await click(bPopup, "Restore from your browser's sync");
    await fill(bPopup, 'Passphrase', PASS);
    await click(bPopup, 'Restore');
    await waitForText(bPopup, 'Charlie', KDF_TIMEOUT);

    expect(await accountNames(bPopup)).toEqual(Object.keys(SECRETS).sort());
    for (const [issuer, secret] of Object.entries(SECRETS)) {
      const now = await bPopup.evaluate(() => Date.now());
      expect(codesAround(secret, now)).toContain(await rowCode(bPopup, issuer));
      expect(codesAround(secret, now)).toContain(await rowCode(a, issuer));
    }

    await addByLink(bPopup, totpUri('Delta', 'delta@example.org', DELTA), 'Delta');
    await backedUp(bPopup, 4);
    await copySync(b, firefox);
    // A's open popup picks up the merged account.
    await waitForText(a, 'Delta', 45_000);
    expect(codesAround(DELTA, await a.evaluate(() => Date.now()))).toContain(
      await rowCode(a, 'Delta'),
    );
    expect(await accountNames(a)).toEqual([...Object.keys(SECRETS), 'Delta'].sort());
  } finally {
    await b?.close();
    await removeProfileDir(bDir);
  }
});
