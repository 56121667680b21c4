import type { BackupMemo, BackupSchedulerOptions } from '../../../lib/core/backup/scheduler';

/**
 * The scheduler's memo kept on `holder.memo`, so a test can read and set it. Copied both ways,
 * as storage would: the scheduler never shares an object with the test.
 */
export function memoOn(holder: { memo: BackupMemo | undefined }): BackupSchedulerOptions['memo'] {
  return {
    read: async () => (holder.memo ? structuredClone(holder.memo) : undefined),
    write: async (m) => {
      holder.memo = structuredClone(m);
    },
  };
}
