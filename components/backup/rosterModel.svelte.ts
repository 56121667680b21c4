import type { WireError } from '../../lib/core/errors';
import type { BackupRosterView } from '../../lib/core/backup/protocol';
import { sendMessage } from '../../lib/messaging';
import { FormAction } from '../ui/formAction.svelte';
import { request } from '../ui/request';

/** The browsers that hold the backup, as Settings → Backup lists them. */
export class RosterModel extends FormAction {
  roster = $state<BackupRosterView | null>(null);
  now = $state(Date.now());

  async refresh(): Promise<void> {
    await this.#send(() => sendMessage('backup.roster'));
  }

  rename(name: string): Promise<void> {
    return this.#send(() => sendMessage('backup.renameDevice', { name }));
  }

  forget(id: string): Promise<void> {
    return this.#send(() => sendMessage('backup.forgetDevice', { id }));
  }

  async #send(
    send: () => Promise<{ ok: true; value: BackupRosterView } | { ok: false; error: WireError }>,
  ): Promise<void> {
    await this.run(async () => {
      try {
        const result = await request(send);
        if (!result.ok) return result.error;
        this.roster = result.value;
      } finally {
        this.now = Date.now();
      }
    });
  }
}
