import { i18n } from '#i18n';
import type { BackupHealthWarning } from '../../lib/core/backup/health';
import type { BackupStatusView, RosterDeviceView } from '../../lib/core/backup/protocol';
import type { WireError } from '../../lib/core/errors';
import { errorText } from '../ui/errorText';
import { formatNumber, uiLanguage } from '../ui/locale';

/** "just now", "2 minutes ago", "3 hours ago", "yesterday", "5 days ago", in the UI language. */
export function timeAgo(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  // Intl says "now" or "in 0 seconds" for this; "just now" reads better in a status line.
  if (s < 45) return i18n.t('backup.justNow');
  const rtf = new Intl.RelativeTimeFormat(uiLanguage(), { numeric: 'auto' });
  const m = Math.round(s / 60);
  if (m < 60) return rtf.format(-m, 'minute');
  const h = Math.round(m / 60);
  if (h < 24) return rtf.format(-h, 'hour');
  return rtf.format(-Math.round(h / 24), 'day');
}

export function accountsText(n: number): string {
  return i18n.t('backup.accounts', n, [formatNumber(n)]);
}

export function browsersText(n: number): string {
  return i18n.t('backup.browsers', n, [formatNumber(n)]);
}

/** What to do next about the backup (health.ts), one sentence per warning. */
export function healthText(warning: BackupHealthWarning): string {
  switch (warning) {
    case 'off':
      return i18n.t('backup.health.off');
    case 'not-completed':
      return i18n.t('backup.health.notCompleted');
    case 'alone':
      return i18n.t('backup.health.alone');
  }
}

/**
 * "This backup is on 2 browsers: this one and Work laptop, last synced 3 days ago."
 */
export function rosterSummaryText(devices: readonly RosterDeviceView[], now: number): string {
  const parts = devices.map((d) => {
    if (d.self) return i18n.t('backup.roster.thisOne');
    return d.mergedAt === null
      ? i18n.t('backup.roster.notSeen', [d.name])
      : i18n.t('backup.roster.seen', [d.name, timeAgo(d.mergedAt, now)]);
  });
  const list = new Intl.ListFormat(uiLanguage(), { type: 'conjunction' }).format(parts);
  return i18n.t('backup.roster.summary', devices.length, [formatNumber(devices.length), list]);
}

export function spaceText(percent: number): string {
  const pct = new Intl.NumberFormat(uiLanguage(), { style: 'percent', maximumFractionDigits: 0 });
  const shown = percent > 0 && percent < 1 ? `<${pct.format(0.01)}` : pct.format(percent / 100);
  return i18n.t('backup.space', [shown]);
}

/** "102,400 bytes", "102.400 Byte", … */
export function bytesText(bytes: number): string {
  return new Intl.NumberFormat(uiLanguage(), {
    style: 'unit',
    unit: 'byte',
    unitDisplay: 'long',
  }).format(bytes);
}

/**
 * The one line the popup footer shows, e.g. "Backed up 2 minutes ago · 143 accounts · 61% of
 * sync space". Problems come first: they are what the user must see.
 */
export function statusLine(s: BackupStatusView, now: number): string {
  if (!s.enabled) return i18n.t('backup.line.off');
  if (s.removals) return i18n.t('backup.line.removals');
  if (s.state === 'foreign') return i18n.t('backup.line.foreign');
  if (s.warning === 'failed') return i18n.t('backup.line.failed');
  if (s.warning === 'stale') return i18n.t('backup.line.stale');
  if (s.waitingForUnlock) return i18n.t('backup.line.waitingForUnlock');
  if (s.lastSuccessAt === null)
    return s.pending || s.state === 'unknown'
      ? i18n.t('backup.line.backingUp')
      : i18n.t('backup.line.notYet');
  if (s.state === 'rate-limited') return i18n.t('backup.line.rateLimited');
  const health = s.health.warnings;
  if (health.includes('not-completed')) return i18n.t('backup.line.notCompleted');
  if (health.includes('alone')) return i18n.t('backup.line.alone');
  const rest = [accountsText(s.accounts), spaceText(s.percentUsed)];
  // A single browser says nothing new; from two on, the line says how many hold the backup.
  if (s.browsers >= 2) rest.push(browsersText(s.browsers));
  const ago = timeAgo(s.lastSuccessAt, now);
  return s.pending
    ? i18n.t('backup.line.backingUpLast', [[ago, ...rest].join(' · ')])
    : [i18n.t('backup.line.backedUp', [ago]), ...rest].join(' · ');
}

/**
 * What a backup problem means, in the backup's words: the generic sentences (errorText) speak
 * of the local vault, which here is fine and keeps working.
 */
export function backupErrorText(error: WireError): string {
  switch (error.code) {
    case 'E_VAULT_EXISTS':
      return i18n.t('backup.error.otherVault');
    case 'E_UNSUPPORTED_VERSION':
      return i18n.t('backup.error.newerVersion');
    case 'E_BACKUP_TOO_LARGE':
      return i18n.t('backup.error.tooLarge');
    case 'E_CORRUPT':
      return i18n.t('backup.error.corrupt');
    case 'E_KDF_PARAMS':
      return i18n.t('backup.error.kdf');
    case 'E_LOCKED':
      return i18n.t('backup.error.locked');
    default:
      return i18n.t('backup.error.failed', [errorText(error)]);
  }
}
