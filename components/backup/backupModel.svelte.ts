import { i18n } from '#i18n';
import type { WireError } from '../../lib/core/errors';
import type {
  BackupRemovalAnswer,
  BackupStatusView,
  BackupVerifyView,
} from '../../lib/core/backup/protocol';
import { sendMessage } from '../../lib/messaging';
import { request } from '../ui/request';
import { FormAction } from '../ui/formAction.svelte';
import { statusLine } from './backupText';
import { formatNumber } from '../ui/locale';

const POLL_MS = 2_000;

/** The backup status as the popup shows it, polled while the popup is open. */
export class BackupModel extends FormAction {
  status = $state<BackupStatusView | null>(null);
  verify = $state<BackupVerifyView | null>(null);
  now = $state(Date.now());

  line = $derived(this.status ? statusLine(this.status, this.now) : i18n.t('backup.line.checking'));

  readonly #onmerged: (() => void) | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #seenMergedAt: number | null | undefined = undefined;

  constructor(onmerged?: () => void) {
    super();
    this.#onmerged = onmerged;
  }

  start(): void {
    void this.refresh();
    this.#timer = setInterval(() => void this.refresh(), POLL_MS);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async refresh(): Promise<void> {
    const result = await request(() => sendMessage('backup.status'));
    this.now = Date.now();
    if (result.ok) this.#take(result.value);
  }

  #take(status: BackupStatusView): void {
    // Another profile's changes were merged in: the list on screen is out of date.
    if (this.#seenMergedAt !== undefined && status.mergedAt !== this.#seenMergedAt)
      this.#onmerged?.();
    this.#seenMergedAt = status.mergedAt;
    this.status = status;
  }

  /** This profile joined another vault: its accounts changed, and so did the backup. */
  async joined(): Promise<void> {
    this.#onmerged?.();
    await this.refresh();
  }

  async #run(
    send: () => Promise<{ ok: true; value: BackupStatusView } | { ok: false; error: WireError }>,
  ): Promise<void> {
    await this.run(async () => {
      try {
        const result = await request(send);
        if (!result.ok) return result.error;
        this.#take(result.value);
        return null;
      } finally {
        this.now = Date.now();
      }
    });
  }

  setEnabled(enabled: boolean): Promise<void> {
    return this.#run(() => sendMessage('backup.setEnabled', { enabled }));
  }

  syncNow(): Promise<void> {
    return this.#run(() => sendMessage('backup.syncNow'));
  }

  resolveRemovals(choice: BackupRemovalAnswer): Promise<void> {
    return this.#run(() => sendMessage('backup.resolveRemovals', { choice }));
  }

  async runVerify(): Promise<void> {
    await this.run(async () => {
      this.verify = null;
      const result = await request(() => sendMessage('backup.verify'));
      if (!result.ok) return result.error;
      this.verify = result.value;
      return null;
    });
  }
}

/** The verdict of "Verify backup" in one sentence. */
export function verifyText(v: BackupVerifyView): string {
  if (v.ok && v.problems.length === 0) return i18n.t('backup.verified.ok');
  if (v.remote === 'empty') return i18n.t('backup.verified.empty');
  if (v.remote === 'foreign') return i18n.t('backup.verified.foreign');
  if (v.remote === 'unsupported') return i18n.t('backup.verified.unsupported');
  const parts: string[] = [];
  const notYet = v.missing + v.behind;
  if (notYet > 0) {
    parts.push(
      v.pending
        ? i18n.t('backup.verified.notYetPending', notYet, [formatNumber(notYet)])
        : i18n.t('backup.verified.notYet', notYet, [formatNumber(notYet)]),
    );
  }
  const damaged = v.problems.length;
  if (damaged > 0) {
    parts.push(i18n.t('backup.verified.damaged', damaged, [formatNumber(damaged)]));
  }
  if (v.ok) parts.unshift(i18n.t('backup.verified.decrypts'));
  return parts.join(' ');
}
