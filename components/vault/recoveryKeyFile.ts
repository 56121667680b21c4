import { i18n } from '#i18n';

/** What goes into the downloaded file: enough words that a future reader knows what it is. */
export function recoveryKeyFileText(recoveryKey: string, createdAt: Date): string {
  return [
    i18n.t('vault.recoveryFileTitle'),
    '',
    i18n.t('vault.recoveryFileOpens'),
    i18n.t('vault.recoveryFileWarning'),
    '',
    // ISO time on purpose: the file may be read years later, in another locale or time zone.
    i18n.t('vault.recoveryFileCreated', [createdAt.toISOString()]),
    '',
    recoveryKey,
    '',
  ].join('\n');
}

export const RECOVERY_KEY_FILE_NAME = 'tessera-recovery-key.txt';
