import { i18n } from '#i18n';
import type { RehearsalInterval, RehearsalView } from '../../lib/core/vault/rehearsal';
import { sendMessage } from '../../lib/messaging';
import { errorText } from '../ui/errorText';
import { FormAction } from '../ui/formAction.svelte';
import { request } from '../ui/request';

export function formatCheckedDate(at: number): string {
  return new Intl.DateTimeFormat(i18n.t('app.lang'), { dateStyle: 'long' }).format(at);
}

/** The recovery rehearsal's state for the popup prompt and the Settings line. */
export class RehearsalModel extends FormAction<string> {
  view = $state<RehearsalView | null>(null);
  recoveryKey = $state('');
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
    await this.run(async () => {
      const answer = await request(() =>
        sendMessage('vault.rehearse', { recoveryKey: this.recoveryKey }),
      );
      this.recoveryKey = '';
      if (answer.ok) {
        this.view = answer.value;
        this.outcome = 'passed';
        return null;
      }
      if (answer.error.code === 'E_BAD_RECOVERY_KEY') {
        this.outcome = 'failed';
        return i18n.t('vault.rehearsal.failed');
      }
      return errorText(answer.error);
    });
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
