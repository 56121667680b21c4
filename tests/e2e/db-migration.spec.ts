import * as OTPAuth from 'otpauth';
import { createMasterKey, createPassphraseSlot } from '../../lib/core/crypto';
import { sealAccount } from '../../lib/core/vault/records';
import type { Account } from '../../lib/core/vault/types';
import { decodeBase32 } from '../../lib/core/otp';
import { expect, test } from './support/extension';

/**
 * A database exactly as the first released schema (v1) wrote it — raw IndexedDB, no Dexie —
 * must open in the current build with every account intact. Dexie stores version N as
 * IndexedDB version N * 10. Add a case here whenever SCHEMA_VERSIONS gains an entry.
 */
const V1 = {
  idbVersion: 10,
  stores: [
    { name: 'meta', keyPath: 'key', indexes: [] as string[] },
    { name: 'accounts', keyPath: 'id', indexes: ['updatedAt'] },
  ],
};

const PASS = 'migration passphrase 1';
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

test('a vault written by schema v1 opens in this build', async ({
  context,
  extensionId,
  openPopup,
}) => {
  const key = createMasterKey();
  const header = {
    formatVersion: 1,
    createdAt: 1_700_000_000_000,
    slots: [await createPassphraseSlot(key, PASS)],
  };
  const account: Account = {
    id: '00000000-0000-4000-8000-000000000001',
    updatedAt: 1_700_000_000_001,
    issuer: 'Migrated Bank',
    label: 'old@example.com',
    otp: {
      type: 'totp',
      secret: decodeBase32(SECRET),
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0,
    },
    sites: ['https://bank.example'],
    pinned: false,
    order: 0,
  };
  const record = await sealAccount(key, account);

  // An extension page that does not itself open the database.
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/offscreen.html`);
  await page.evaluate(
    ({ schema, header, record }) =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('tessera', schema.idbVersion);
        req.onupgradeneeded = () => {
          for (const s of schema.stores) {
            const store = req.result.createObjectStore(s.name, { keyPath: s.keyPath });
            for (const ix of s.indexes) store.createIndex(ix, ix);
          }
        };
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const tx = req.result.transaction(['meta', 'accounts'], 'readwrite');
          tx.objectStore('meta').put({ key: 'vault', value: header });
          tx.objectStore('accounts').put(record);
          tx.oncomplete = () => (req.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
    { schema: V1, header, record },
  );
  await page.close();

  const popup = await openPopup();
  await popup.getByLabel('Passphrase', { exact: true }).fill(PASS);
  await popup.getByRole('button', { name: 'Unlock' }).click();
  const item = popup.getByRole('listitem').filter({ hasText: 'Migrated Bank' });
  await expect(item).toContainText('old@example.com', { timeout: 30_000 });
  const now = await popup.evaluate(() => Date.now());
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(SECRET) });
  const expected = [now - 30_000, now, now + 30_000].map((t) => totp.generate({ timestamp: t }));
  expect(expected).toContain((await item.getByTestId('code').innerText()).replace(/\s/g, ''));
});
