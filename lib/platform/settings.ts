import { browser } from 'wxt/browser';
import { effectiveAutoLock } from '../core/policy/parse';
import { parseGeneralSettings, type GeneralSettings } from '../core/settings/general';
import { parseAutoLock, type AutoLock } from '../core/vault/autolock';
import { readPolicy } from './policy';

const AUTO_LOCK = 'autoLock';
const LAST_ACTIVITY = 'lastActivity';
const GENERAL = 'generalSettings';

/** What the user last chose, whatever the organisation's policy says. */
export async function readChosenAutoLock(): Promise<AutoLock> {
  const stored = await browser.storage.local.get(AUTO_LOCK);
  return parseAutoLock(stored[AUTO_LOCK]);
}

/**
 * The auto-lock in force: the user's choice within the policy's maximum. Every reader (the
 * status, idle locking in the routes and in autofill) goes through here, so a policy pushed
 * after the choice was stored still wins.
 */
export async function readAutoLock(): Promise<AutoLock> {
  const [choice, { policy }] = await Promise.all([readChosenAutoLock(), readPolicy()]);
  return effectiveAutoLock(choice, policy);
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

/** Preferences are not secret: storage.local. */
export async function readGeneralSettings(): Promise<GeneralSettings> {
  const stored = await browser.storage.local.get(GENERAL);
  return parseGeneralSettings(stored[GENERAL]);
}

export async function writeGeneralSettings(value: GeneralSettings): Promise<void> {
  await browser.storage.local.set({ [GENERAL]: value });
}

/** For pages that follow a change made elsewhere (the theme chosen in another window). */
export function onGeneralSettingsChanged(listener: (value: GeneralSettings) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>, area: string): void => {
    if (area === 'local' && GENERAL in changes)
      listener(parseGeneralSettings(changes[GENERAL]?.newValue));
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
