// Someone with write access to the profile's IndexedDB puts an older sealed copy of an HOTP
// account back. The vault notices at unlock, says so, and never shows a code twice.
import * as OTPAuth from 'otpauth';
import type { Worker } from '@playwright/test';
import { createVault } from './support/vault';
import { expect, test } from './support/extension';

const PASS = 'A long and private passphrase';
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const URI = `otpauth://hotp/Counter%20Co:carol?secret=${SECRET}&issuer=Counter%20Co&counter=0`;

const hotp = (counter: number) =>
  new OTPAuth.HOTP({ secret: OTPAuth.Secret.fromBase32(SECRET) }).generate({ counter });
const grouped = (code: string) => `${code.slice(0, 3)} ${code.slice(3)}`;

/** Every stored account record, or (with `rows`) writes those back: raw IndexedDB. */
async function records(sw: Worker, rows?: unknown[]): Promise<unknown[]> {
  return sw.evaluate(
    (put) =>
      new Promise<unknown[]>((resolve, reject) => {
        const open = indexedDB.open('tessera');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('accounts', put ? 'readwrite' : 'readonly');
          const store = tx.objectStore('accounts');
          if (put) for (const r of put) store.put(r);
          const all = store.getAll();
          tx.oncomplete = () => {
            open.result.close();
            resolve(all.result as unknown[]);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    rows ?? null,
  );
}

test('an HOTP record rolled back in IndexedDB is reported and its codes are not repeated', async ({
  openPopup,
  serviceWorker,
}) => {
  test.setTimeout(120_000);
  const popup = await openPopup();
  await createVault(popup, PASS);
  const added = await popup.evaluate(
    (uri) =>
      chrome.runtime.sendMessage({
        id: 1,
        type: 'account.add',
        data: { kind: 'uri', uri },
        timestamp: Date.now(),
      }),
    URI,
  );
  expect(added?.res?.ok).toBe(true);
  await popup.reload();
  const old = await records(serviceWorker);
  expect(old).toHaveLength(1);

  const row = popup.getByRole('listitem').filter({ hasText: 'Counter Co' });
  const next = popup.getByRole('button', { name: 'Next code for Counter Co' });
  await next.click();
  await expect(row.getByTestId('code')).toHaveText(grouped(hotp(0)));
  await next.click();
  await expect(row.getByTestId('code')).toHaveText(grouped(hotp(1)));

  await records(serviceWorker, old);
  await popup.getByRole('button', { name: 'Lock', exact: true }).click();
  await popup.getByLabel('Passphrase', { exact: true }).fill(PASS);
  await popup.getByRole('button', { name: 'Unlock' }).click();

  await expect(
    popup.getByText("An account in this browser's storage was put back to an older copy."),
  ).toBeVisible({ timeout: 30_000 });
  await popup.getByRole('button', { name: 'Next code for Counter Co' }).click();
  await expect(row.getByTestId('code')).toHaveText(grouped(hotp(2)));
});
