import { browser } from 'wxt/browser';
import { parseHeader, type BackupHeader } from '../core/backup/format/header';
import { HEADER_KEY, isBackupKey } from '../core/backup/format/layout';
import { isRosterKey } from '../core/backup/roster';
import type { SyncArea } from '../core/backup/syncArea';

/**
 * The backup's view of `storage.sync`. Chrome Sync / Firefox Sync carry it to the user's
 * other profiles; without a signed-in account the browser still keeps it locally and still
 * enforces the quotas. Each call is one write operation for the browser's rate limits (120 a
 * minute, 1,800 an hour), whatever the number of keys: the engine decides how to batch.
 */
export const browserSyncArea: SyncArea = {
  async get(keys) {
    return (await browser.storage.sync.get(keys ?? null)) as Record<string, unknown>;
  },
  async set(items) {
    await browser.storage.sync.set(items);
  },
  async remove(keys) {
    if (keys.length > 0) await browser.storage.sync.remove(keys);
  },
  async getBytesInUse(keys) {
    // Firefox has no storage.sync.getBytesInUse before 131; the engine measures items itself.
    const area = browser.storage.sync as {
      getBytesInUse?: (k?: string[] | null) => Promise<number>;
    };
    return area.getBytesInUse ? area.getBytesInUse(keys ?? null) : 0;
  },
};

/**
 * Calls `listener` when another profile's backup items arrive (or ours are written): only for
 * the backup's own keys and its roster (a forgotten browser lists itself again at once), so
 * other features' sync data does not wake the backup.
 */
export function onBackupItemsChanged(listener: () => void): void {
  // storage.onChanged with the area name works in every browser (the per-area event is newer).
  browser.storage.onChanged.addListener((changes, areaName) => {
    if (areaName === 'sync' && Object.keys(changes).some((k) => isBackupKey(k) || isRosterKey(k)))
      listener();
  });
}

/**
 * The backup header as sync storage holds it, or null when there is none or it cannot be
 * read. Its key slots are public by design; the vault decides whether to trust them.
 */
export async function readBackupHeader(): Promise<BackupHeader | null> {
  try {
    const items = await browser.storage.sync.get(HEADER_KEY);
    return items[HEADER_KEY] === undefined ? null : parseHeader(items[HEADER_KEY]);
  } catch {
    return null;
  }
}
