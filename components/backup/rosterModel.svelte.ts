import type { WireError } from '../../lib/core/errors';
import type { BackupRosterView } from '../../lib/core/backup/protocol';
import { sendMessage } from '../../lib/messaging';
import { request } from '../ui/request';

/** The browsers that hold the backup, as Settings → Backup lists them. */
export class RosterModel {
  roster = $state<BackupRosterView | null>(null);
  error = $state<WireError | null>(null);
  busy = $state(false);
  now = $state(Date.now());

  async refresh(): Promise<void> {
    await this.#run(() => sendMessage('backup.roster'));
  }

  rename(name: string): Promise<void> {
    return this.#run(() => sendMessage('backup.renameDevice', { name }));
  }

  forget(id: string): Promise<void> {
    return this.#run(() => sendMessage('backup.forgetDevice', { id }));
  }

  async #run(
    send: () => Promise<{ ok: true; value: BackupRosterView } | { ok: false; error: WireError }>,
  ): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      const result = await request(send);
      if (result.ok) this.roster = result.value;
      else this.error = result.error;
    } finally {
      this.busy = false;
      this.now = Date.now();
    }
  }
}
