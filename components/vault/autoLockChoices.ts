import { i18n } from '#i18n';
import { formatNumber } from '../ui/locale';
import type { AutoLock } from '../../lib/messaging';

export interface AutoLockChoice {
  value: string;
  text: string;
}

const IDLE_MINUTES = [1, 5, 15, 30, 60];

export function autoLockValue(autoLock: AutoLock): string {
  return autoLock.mode === 'idle' ? `idle:${autoLock.minutes}` : autoLock.mode;
}

export function autoLockFromValue(value: string): AutoLock | null {
  if (value === 'browser-close' || value === 'never') return { mode: value };
  const match = /^idle:(\d+)$/.exec(value);
  return match ? { mode: 'idle', minutes: Number(match[1]) } : null;
}

function idleText(minutes: number): string {
  return i18n.t('vault.idleMinutes', minutes, [formatNumber(minutes)]);
}

/** The fixed menu, plus the current setting if it was set elsewhere to a value not listed. */
export function autoLockChoices(current: AutoLock): AutoLockChoice[] {
  const minutes = [...IDLE_MINUTES];
  if (current.mode === 'idle' && !minutes.includes(current.minutes)) {
    minutes.push(current.minutes);
    minutes.sort((a, b) => a - b);
  }
  return [
    ...minutes.map((m) => ({ value: `idle:${m}`, text: idleText(m) })),
    { value: 'browser-close', text: i18n.t('vault.lockOnBrowserClose') },
    { value: 'never', text: i18n.t('vault.neverLock') },
  ];
}
