// The vault's life in Firefox: create, add accounts, live codes, copy, lock, a wrong passphrase,
// unlock, and a browser restart on the same profile (which must come back locked, with data).
import { launchFirefox } from './support/firefox';
import { addByLink, codesAround, createVault, PASS, totpUri, unlock } from './support/journeys';
import { expect, test } from './support/fixture';
import { click, fill, KDF_TIMEOUT, rowCode, waitForText } from './support/ui';

const SECRET = 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ';
const OTHER = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

test('create → add two accounts → live codes → copy → lock → wrong passphrase → unlock → restart', async ({
  firefox,
  profileDir,
}) => {
  const popup = await firefox.openPopup();
  await createVault(popup);
  await addByLink(popup, totpUri('Zyxwv Industries', 'quentin@example.org', SECRET), 'Zyxwv');
  await addByLink(popup, totpUri('Otherco', 'ann@example.org', OTHER), 'Otherco');

  const now = await popup.evaluate(() => Date.now());
  expect(codesAround(SECRET, now)).toContain(await rowCode(popup, 'Zyxwv'));
  expect(codesAround(OTHER, now)).toContain(await rowCode(popup, 'Otherco'));

  // Copy: a click on the code; the clipboard holds it (read back from the extension page).
  await popup.click('li:has([data-testid=code]) [data-testid=code]');
  await waitForText(popup, 'Copied');
  const clip = await popup.evaluate(() => navigator.clipboard.readText());
  expect([...codesAround(SECRET, now), ...codesAround(OTHER, now)]).toContain(clip);

  await click(popup, 'Lock');
  await fill(popup, 'Passphrase', 'not the passphrase');
  await click(popup, 'Unlock');
  await waitForText(popup, /wrong passphrase/i, KDF_TIMEOUT);
  await unlock(popup);
  expect(codesAround(SECRET, await popup.evaluate(() => Date.now()))).toContain(
    await rowCode(popup, 'Zyxwv'),
  );

  // Restart: a new browser on the same profile directory and the same add-on UUID.
  await firefox.close();
  const again = await launchFirefox({ profileDir, uuid: firefox.uuid });
  try {
    const reopened = await again.openPopup();
    await waitForText(reopened, 'Unlock');
    expect(await reopened.evaluate(() => document.body.innerText)).not.toContain('Zyxwv');
    await fill(reopened, 'Passphrase', PASS);
    await click(reopened, 'Unlock');
    await waitForText(reopened, 'Otherco', KDF_TIMEOUT);
    expect(codesAround(OTHER, await reopened.evaluate(() => Date.now()))).toContain(
      await rowCode(reopened, 'Otherco'),
    );
  } finally {
    await again.close();
  }
});
