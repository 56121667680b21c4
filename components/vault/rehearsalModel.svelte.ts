import { i18n } from '#i18n';
import type { RehearsalInterval, RehearsalView } from '../../lib/core/vault/rehearsal';
import { sendMessage } from '../../lib/messaging';
import { errorText } from '../ui/errorText';
import { request } from '../ui/request';

export function formatCheckedDate(at: number): string {
  return new Intl.DateTimeFormat(i18n.t('app.lang'), { dateStyle: 'long' }).format(at);
}

/** The recovery rehearsal's state for the popup prompt and the Settings line. */
export class RehearsalModel {
  view = $state<RehearsalView | null>(null);
  recoveryKey = $state('');
  busy = $state(false);
  error = $state<string | null>(null);
  /** The last check from this page: 'passed' shows a confirmation, 'failed' offers a new key. */
  outcome = $state<'passed' | 'failed' | null>(null);

  async load(): Promise<void> {
    const answer = await request(() => sendMessage('vault.rehearsal', undefined));
    if (answer.ok) this.view = answer.value;
  }

  async check(): Promise<void> {
    if (this.busy) return;
    this.error = null;
    if (this.recoveryKey.trim() === '') {
      this.error = i18n.t('vault.rehearsal.enterKey');
      return;
    }
    this.busy = true;
    try {
      const answer = await request(() =>
        sendMessage('vault.rehearse', { recoveryKey: this.recoveryKey }),
      );
      this.recoveryKey = '';
      if (answer.ok) {
        this.view = answer.value;
        this.outcome = 'passed';
      } else if (answer.error.code === 'E_BAD_RECOVERY_KEY') {
        this.outcome = 'failed';
        this.error = i18n.t('vault.rehearsal.failed');
      } else {
        this.error = errorText(answer.error);
      }
    } finally {
      this.busy = false;
    }
  }

  async dismiss(): Promise<void> {
    const answer = await request(() => sendMessage('vault.rehearsalSet', { dismiss: true }));
    if (answer.ok) this.view = answer.value;
  }

  async setInterval(intervalDays: RehearsalInterval): Promise<void> {
    const answer = await request(() => sendMessage('vault.rehearsalSet', { intervalDays }));
    if (answer.ok) this.view = answer.value;
  }
}
