import { browser } from 'wxt/browser';
import { parseAutoLock, type AutoLock } from '../core/vault/autolock';

const AUTO_LOCK = 'autoLock';
const LAST_ACTIVITY = 'lastActivity';

/** Preferences are not secret: storage.local. */
export async function readAutoLock(): Promise<AutoLock> {
  const stored = await browser.storage.local.get(AUTO_LOCK);
  return parseAutoLock(stored[AUTO_LOCK]);
}

export async function writeAutoLock(value: AutoLock): Promise<void> {
  await browser.storage.local.set({ [AUTO_LOCK]: value });
}

/** Activity lives in storage.session so a service-worker restart does not reset the idle timer. */
export async function readLastActivity(): Promise<number | null> {
  const stored = await browser.storage.session.get(LAST_ACTIVITY);
  const v = stored[LAST_ACTIVITY];
  return typeof v === 'number' ? v : null;
}

export async function touchActivity(now: number): Promise<void> {
  await browser.storage.session.set({ [LAST_ACTIVITY]: now });
}
