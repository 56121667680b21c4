// Passkey unlock with Chromium's virtual authenticator (DevTools WebAuthn domain): a CTAP2
// authenticator with user verification and the PRF extension, attached to the extension page's
// own tab. Credentials live in that authenticator, which belongs to the tab, so the whole
// journey runs in one tab: settings to add the passkey, the popup to lock and unlock.
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import { launchChromium, waitForServiceWorker } from '../../scripts/lib/launch-extension.mjs';
import { createVault } from './support/vault';
import { dumpStorage, expect, test } from './support/extension';

const PASS = 'A long and private passphrase';
const ISSUER = 'Passkey Bank';
const URI = `otpauth://totp/${encodeURIComponent(`${ISSUER}:erin`)}?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=${encodeURIComponent(ISSUER)}`;
const UNLOCK_WITH_PASSKEY = 'Unlock with Windows Hello, Touch ID or a security key';

async function addVirtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; id: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      ctap2Version: 'ctap2_1',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      hasPrf: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, id: authenticatorId };
}

async function lockInPopup(page: Page, extensionId: string): Promise<void> {
  await page.goto(`chrome-extension://${extensionId}/popup.html`);
  await page.getByRole('button', { name: 'Lock' }).click();
  await expect(page.getByRole('heading', { name: 'Unlock Tessera' })).toBeVisible();
}

async function addPasskeyInSettings(page: Page, extensionId: string): Promise<void> {
  await page.goto(`chrome-extension://${extensionId}/options.html#security`);
  const security = page.getByRole('region', { name: 'Security' });
  await security.getByLabel('Your passphrase').fill(PASS);
  await security.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(security.getByRole('status')).toHaveText(
    'Passkey added. You can now unlock with it.',
    { timeout: 30_000 },
  );
}

async function addAccount(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByLabel('otpauth:// link').fill(URI);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expectAccount(page);
}

async function expectAccount(page: Page): Promise<void> {
  await expect(page.getByRole('listitem').filter({ hasText: ISSUER })).toBeVisible({
    timeout: 30_000,
  });
}

test('add a passkey, lock, unlock with it, remove it; the passphrase still works', async ({
  openPopup,
  extensionId,
}) => {
  test.setTimeout(180_000);
  const page = await openPopup();
  const { cdp, id } = await addVirtualAuthenticator(page);
  await createVault(page, PASS);
  await addAccount(page);

  // No passkey yet: the unlock screen offers only the passphrase.
  await lockInPopup(page, extensionId);
  await expect(page.getByRole('button', { name: UNLOCK_WITH_PASSKEY })).toHaveCount(0);
  await page.getByLabel('Passphrase', { exact: true }).fill(PASS);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expectAccount(page);

  // Settings → Security: the passphrase again, then the authenticator.
  await page.goto(`chrome-extension://${extensionId}/options.html#security`);
  const security = page.getByRole('region', { name: 'Security' });
  await expect(security.getByText('No passkey unlocks this vault yet.')).toBeVisible();
  await security.getByLabel('Your passphrase').fill('not the passphrase');
  await security.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(security.getByRole('alert')).toContainText('Wrong passphrase', { timeout: 30_000 });
  expect((await cdp.send('WebAuthn.getCredentials', { authenticatorId: id })).credentials).toEqual(
    [],
  );
  await security.getByLabel('Your passphrase').fill(PASS);
  await security.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(security.getByRole('status')).toHaveText(
    'Passkey added. You can now unlock with it.',
    {
      timeout: 30_000,
    },
  );
  await expect(security.getByText(/^Passkey added on /)).toBeVisible();
  await expect(security.getByRole('alert')).toHaveCount(0);

  // The relying party is the extension itself (Chromium uses the whole extension origin as the
  // RP ID): no web site and no other extension can ask for this credential.
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId: id });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]?.rpId).toBe(`chrome-extension://${extensionId}`);

  // Lock, then unlock with the passkey alone.
  await lockInPopup(page, extensionId);
  await page.getByRole('button', { name: UNLOCK_WITH_PASSKEY }).click();
  await expectAccount(page);
  await expect(page.getByRole('alert')).toHaveCount(0);

  // Remove it: the unlock screen no longer offers it, and the passphrase still opens.
  await page.goto(`chrome-extension://${extensionId}/options.html#security`);
  await security.getByRole('button', { name: /^Remove the passkey added on / }).click();
  await expect(security.getByRole('status')).toHaveText('Passkey removed.');
  await expect(security.getByText('No passkey unlocks this vault yet.')).toBeVisible();
  await lockInPopup(page, extensionId);
  await expect(page.getByRole('button', { name: UNLOCK_WITH_PASSKEY })).toHaveCount(0);
  await page.getByLabel('Passphrase', { exact: true }).fill(PASS);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expectAccount(page);
});

test('"Never on this device" says plainly that it gives no protection at rest', async ({
  openPopup,
  extensionId,
}) => {
  const page = await openPopup();
  await createVault(page, PASS);
  await page.goto(`chrome-extension://${extensionId}/options.html#general`);
  const general = page.getByRole('region', { name: 'General' });
  const hint = general.getByText(/no protection at rest/);
  await expect(hint).toHaveCount(0);
  const select = general.getByLabel('Lock automatically');
  await select.selectOption({ label: 'Never on this device' });
  await expect(select).toBeEnabled();
  await expect(hint).toHaveText(
    "Anyone using this browser profile can see your codes, and a copy of the profile's files opens the vault too: in this mode Tessera gives no protection at rest.",
  );
});

/**
 * Whether the vault's IndexedDB holds the "never lock" device key (lib/platform/deviceSlot.ts).
 * Looked up by its row, not by any CryptoKey: the locked-state bound-site list keeps one too.
 */
async function hasDeviceKey(context: BrowserContext, extensionId: string): Promise<boolean> {
  const dump = JSON.parse(await dumpStorage(context, extensionId)) as {
    indexedDB: { tessera: { stores: { meta: { key: string; value: unknown }[] } } };
  };
  const row = dump.indexedDB.tessera.stores.meta.find((r) => r.key === 'deviceSlot');
  return row !== undefined && JSON.stringify(row.value).includes('$cryptoKey');
}

test('"Never on this device" with a passkey keeps no device key: a copy of the profile needs the authenticator', async ({
  context,
  openPopup,
  extensionId,
  extensionDir,
  profileDir,
}) => {
  test.setTimeout(180_000);
  const page = await openPopup();
  await addVirtualAuthenticator(page);
  await createVault(page, PASS);
  await addAccount(page);

  // Without a passkey, "never" wraps the key with a browser key stored in the profile (the
  // dump shows it: this is what a copied profile opens the vault with) and says so.
  await page.goto(`chrome-extension://${extensionId}/options.html#general`);
  const general = page.getByRole('region', { name: 'General' });
  const select = general.getByLabel('Lock automatically');
  await select.selectOption({ label: 'Never on this device' });
  await expect(select).toBeEnabled();
  await expect(general.getByText(/no protection at rest/)).toBeVisible();
  expect(await hasDeviceKey(context, extensionId)).toBe(true);

  // With a passkey, the device key is gone and the hint says what "never" means now.
  await addPasskeyInSettings(page, extensionId);
  expect(await hasDeviceKey(context, extensionId)).toBe(false);
  await page.goto(`chrome-extension://${extensionId}/options.html#general`);
  await expect(general.getByLabel('Lock automatically').locator('option:checked')).toHaveText(
    'Never on this device',
  );
  await expect(
    general.getByText(
      "Tessera stays unlocked until the browser closes; then your passkey opens it again. A copy of this profile's files can't open the vault without your passkey.",
    ),
  ).toBeVisible();

  // A browser restart on the same profile: locked, and the passkey is offered. (The virtual
  // authenticator does not outlive the browser, so the passphrase opens it here.)
  await context.close();
  const restarted: BrowserContext = await launchChromium({ extensionDir, profileDir });
  try {
    await waitForServiceWorker(restarted);
    const popup = await restarted.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect(popup.getByRole('heading', { name: 'Unlock Tessera' })).toBeVisible();
    await expect(popup.getByRole('button', { name: UNLOCK_WITH_PASSKEY })).toBeVisible();
    await expect(popup.getByText(ISSUER)).toHaveCount(0);
    await popup.getByLabel('Passphrase', { exact: true }).fill(PASS);
    await popup.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expectAccount(popup);

    // Removing the last passkey brings the device key back, as "never" promised before.
    await popup.goto(`chrome-extension://${extensionId}/options.html#security`);
    const security = popup.getByRole('region', { name: 'Security' });
    await security.getByRole('button', { name: /^Remove the passkey added on / }).click();
    await expect(security.getByRole('status')).toHaveText('Passkey removed.');
    expect(await hasDeviceKey(restarted, extensionId)).toBe(true);
  } finally {
    await restarted.close();
  }
});
