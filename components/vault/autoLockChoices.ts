import { i18n } from '#i18n';
import { formatNumber } from '../ui/locale';
import { autoLockAllowed } from '../../lib/core/policy/parse';
import type { Policy } from '../../lib/core/policy/types';
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

/**
 * The fixed menu, plus the current setting if it was set elsewhere to a value not listed, less
 * what the organisation's policy forbids (the background refuses those anyway).
 */
export function autoLockChoices(current: AutoLock, policy: Policy = {}): AutoLockChoice[] {
  const minutes = [...IDLE_MINUTES];
  if (current.mode === 'idle' && !minutes.includes(current.minutes)) {
    minutes.push(current.minutes);
    minutes.sort((a, b) => a - b);
  }
  const all: { lock: AutoLock; text: string }[] = [
    ...minutes.map((m) => ({ lock: { mode: 'idle', minutes: m } as const, text: idleText(m) })),
    { lock: { mode: 'browser-close' }, text: i18n.t('vault.lockOnBrowserClose') },
    { lock: { mode: 'never' }, text: i18n.t('vault.neverLock') },
  ];
  return all
    .filter((c) => autoLockAllowed(c.lock, policy))
    .map((c) => ({ value: autoLockValue(c.lock), text: c.text }));
}
