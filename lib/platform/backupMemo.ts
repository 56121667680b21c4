import { browser } from 'wxt/browser';
import type { BackupMemo } from '../core/backup/scheduler';
import { readProtected, writeProtected } from './protectedSettings';

const MEMO_KEY = 'backup';
export const BACKUP_ALARM = 'backup-sync';

/**
 * The backup's memory between service-worker runs: on/off, pending changes, last result.
 * Nothing in it is secret (counts, times, error codes, account ids), but "backup on" is a
 * protection a page must not be able to switch off: kept where content scripts cannot write.
 */
export const backupMemoStore = {
  async read(): Promise<Partial<BackupMemo> | undefined> {
    const value = await readProtected(MEMO_KEY);
    return typeof value === 'object' && value !== null ? (value as Partial<BackupMemo>) : undefined;
  },
  async write(memo: BackupMemo): Promise<void> {
    await writeProtected(MEMO_KEY, memo);
  },
};

/** An alarm survives the service worker stopping, unlike a timer (Chrome: >= 30 s ahead). */
export async function wakeBackupAt(at: number | null): Promise<void> {
  if (at === null) {
    await browser.alarms.clear(BACKUP_ALARM);
    return;
  }
  await browser.alarms.create(BACKUP_ALARM, { when: Math.max(at, Date.now() + 30_000) });
}
