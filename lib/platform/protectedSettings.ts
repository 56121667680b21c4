import { browser } from 'wxt/browser';
import { TesseraDb } from './db';

/**
 * Settings that decide how well the vault is protected (auto-lock, clipboard clearing, the
 * backup's on/off memo) live in the extension's own IndexedDB: content scripts run with the
 * page's origin and cannot reach it, whereas in Firefox they can write storage.local, and in
 * Chromium too unless its access level is restricted (storageAccess.ts).
 *
 * A setting's row exists once it was read or written here. The first read takes over what
 * storage.local held before this move and removes it there; from then on storage.local is
 * never read for that setting again.
 */
const PREFIX = 'setting:';
let db: TesseraDb | null = null;

function settingsDb(): TesseraDb {
  db ??= new TesseraDb();
  return db;
}

export async function readProtected(name: string): Promise<unknown> {
  const key = PREFIX + name;
  const meta = settingsDb().meta;
  const row = await meta.get(key);
  if (row) return row.value;
  const legacy = (await browser.storage.local.get(name))[name];
  // In a transaction: two first reads at once (the popup and an alarm) keep one value.
  const value = await settingsDb().transaction('rw', meta, async () => {
    const again = await meta.get(key);
    if (again) return again.value;
    await meta.put({ key, value: legacy ?? null });
    return legacy ?? null;
  });
  await browser.storage.local.remove(name);
  return value;
}

/** A row written here only, with no earlier home in storage.local to take over. */
export async function readProtectedRow(name: string): Promise<unknown> {
  return (await settingsDb().meta.get(PREFIX + name))?.value;
}

export async function writeProtected(name: string, value: unknown): Promise<void> {
  await settingsDb().meta.put({ key: PREFIX + name, value });
}
