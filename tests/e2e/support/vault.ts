import { expect, type Page } from '@playwright/test';

/**
 * First run as a person does it in the popup: passphrase twice, "Create vault" (Argon2id at the
 * e2e build's test-only cost, lib/core/crypto/e2eKdf.ts), the recovery key read and
 * acknowledged, then the empty list. Returns the recovery key it showed. The generous wait is a
 * hang guard for a busy machine, not a speed limit.
 */
export async function createVault(popup: Page, passphrase: string): Promise<string> {
  await popup.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await popup.getByLabel('Confirm passphrase').fill(passphrase);
  await popup.getByRole('button', { name: 'Create vault' }).click();
  const recoveryKey = (
    await popup.getByTestId('recovery-key').innerText({ timeout: 30_000 })
  ).trim();
  await popup.getByLabel('I have saved my recovery key').check();
  await popup.getByRole('button', { name: 'Continue' }).click();
  await expect(popup.getByRole('searchbox', { name: 'Search accounts' })).toBeVisible();
  return recoveryKey;
}
