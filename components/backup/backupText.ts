import type { BackupStatusView } from '../../lib/core/backup/protocol';
import type { WireError } from '../../lib/core/errors';
import { errorText } from '../ui/errorText';

/** "just now", "2 minutes ago", "3 hours ago", "yesterday", "5 days ago". */
export function timeAgo(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return m === 1 ? '1 minute ago' : `${m} minutes ago`;
  const h = Math.round(m / 60);
  if (h < 24) return h === 1 ? '1 hour ago' : `${h} hours ago`;
  const d = Math.round(h / 24);
  return d === 1 ? 'yesterday' : `${d} days ago`;
}

export function accountsText(n: number): string {
  return n === 1 ? '1 account' : `${n.toLocaleString('en')} accounts`;
}

export function spaceText(percent: number): string {
  if (percent > 0 && percent < 1) return '<1 % of sync space';
  return `${Math.round(percent)} % of sync space`;
}

/**
 * The one line the popup footer shows, e.g. "Backed up 2 minutes ago · 143 accounts · 61 % of
 * sync space". Problems come first: they are what the user must see.
 */
export function statusLine(s: BackupStatusView, now: number): string {
  if (!s.enabled) return 'Backup is off';
  if (s.removals) return 'Backup: another profile deleted accounts — review';
  if (s.warning === 'failed') return 'Backup failed — see details';
  if (s.warning === 'stale') return 'Not backed up for over a day — see details';
  if (s.waitingForUnlock) return 'Changes will be backed up after you unlock';
  if (s.lastSuccessAt === null)
    return s.pending || s.state === 'unknown' ? 'Backing up…' : 'Not backed up yet';
  if (s.state === 'rate-limited') return 'Backup waits for the browser’s write limit';
  const parts = [
    `Backed up ${timeAgo(s.lastSuccessAt, now)}`,
    accountsText(s.accounts),
    spaceText(s.percentUsed),
  ];
  return s.pending
    ? `Backing up… · last ${parts.join(' · ').replace(/^Backed up /, '')}`
    : parts.join(' · ');
}

/**
 * What a backup problem means, in the backup's words: the generic sentences (errorText) speak
 * of the local vault, which here is fine and keeps working.
 */
export function backupErrorText(error: WireError): string {
  switch (error.code) {
    case 'E_VAULT_EXISTS':
      return 'Your browser’s sync holds the backup of another Tessera vault (made with another passphrase). Tessera leaves it alone; this vault keeps working here but is not backed up.';
    case 'E_UNSUPPORTED_VERSION':
      return 'The backup in your browser’s sync was made by a newer version of Tessera. Update Tessera here; until then the backup is left alone.';
    case 'E_BACKUP_TOO_LARGE':
      return 'Your vault no longer fits your browser’s sync storage. Everything keeps working on this device; the last backup that fitted stays in sync.';
    case 'E_CORRUPT':
      return 'Part of the backup in sync storage is damaged. Nothing was deleted here; Tessera rewrites the damaged part with the next backup.';
    case 'E_KDF_PARAMS':
      return 'The backup in sync storage uses key settings Tessera does not trust, so it was left alone.';
    case 'E_LOCKED':
      return 'Tessera was locked during the backup; it continues after you unlock.';
    default:
      return `The last backup failed: ${errorText(error)} Tessera tries again on its own; your accounts are safe on this device.`;
  }
}
