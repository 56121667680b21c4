/** What goes into the downloaded file: enough words that a future reader knows what it is. */
export function recoveryKeyFileText(recoveryKey: string, createdAt: Date): string {
  return [
    'Tessera recovery key',
    '',
    'This key opens your Tessera vault if you forget your passphrase.',
    'Anyone who has it and your synced vault can read your two-factor secrets,',
    'so keep it somewhere safe and offline (a password manager or printed on paper).',
    '',
    `Created: ${createdAt.toISOString()}`,
    '',
    recoveryKey,
    '',
  ].join('\n');
}

export const RECOVERY_KEY_FILE_NAME = 'tessera-recovery-key.txt';
