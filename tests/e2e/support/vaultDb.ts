/**
 * IndexedDB surgery and reads in the extension's origin, shared by the Chromium and Firefox
 * state specs. Each function is handed to the driver's `page.evaluate` (Playwright or
 * puppeteer), which runs its source in the page: so each is self-contained and driver-free.
 */

/** The ways a profile's vault database can be partly cleared or damaged. */
export type VaultDbDamage = 'drop-database' | 'drop-header' | 'damage-header';

/** As clearing part of a profile's data, or a torn write, would leave the vault database. */
export async function damageVaultDb(what: VaultDbDamage): Promise<void> {
  if (what === 'drop-database') {
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.deleteDatabase('tessera');
      req.onsuccess = () => resolve();
      req.onerror = () => reject(req.error);
    });
    return;
  }
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open('tessera');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction('meta', 'readwrite');
    const meta = tx.objectStore('meta');
    if (what === 'drop-header') meta.delete('vault');
    else {
      const read = meta.get('vault');
      read.onsuccess = () => {
        const row = read.result as { key: string; value: Record<string, unknown> };
        // Key slots no longer readable: as a torn or damaged write would leave them.
        meta.put({ ...row, value: { ...row.value, slots: 'damaged' } });
      };
    }
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

/** How many account records the databases Tessera set aside hold. */
export async function countAsideRecords(): Promise<number> {
  let total = 0;
  for (const info of await indexedDB.databases()) {
    if (!info.name?.startsWith('tessera-aside-')) continue;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(info.name!);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    total += await new Promise<number>((resolve) => {
      const req = db.transaction('accounts').objectStore('accounts').count();
      req.onsuccess = () => resolve(req.result);
    });
    db.close();
  }
  return total;
}

/** A protected setting's stored value (lib/platform/protectedSettings.ts), or undefined. */
export async function readProtectedSetting(name: string): Promise<unknown> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open('tessera');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  try {
    const req = db.transaction('meta').objectStore('meta').get(`setting:${name}`);
    return await new Promise<unknown>((resolve, reject) => {
      req.onsuccess = () => resolve((req.result as { value?: unknown } | undefined)?.value);
      req.onerror = () => reject(req.error);
    });
  } finally {
    db.close();
  }
}
