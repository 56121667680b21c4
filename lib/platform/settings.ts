import { browser } from 'wxt/browser';
import { effectiveAutoLock } from '../core/policy/parse';
import { parseGeneralSettings, type GeneralSettings } from '../core/settings/general';
import { parseAutoLock, type AutoLock } from '../core/vault/autolock';
import { readPolicy } from './policy';
import { readProtected, writeProtected } from './protectedSettings';

const AUTO_LOCK = 'autoLock';
const LAST_ACTIVITY = 'lastActivity';
const GENERAL = 'generalSettings';
const THEME_MIRROR = 'theme';

/**
 * Every extension request reads the auto-lock (the idle check before it, the status in it):
 * kept for the service worker's run rather than read from the database each time. Only
 * writeAutoLock changes it, and it forgets the kept value once its write is done.
 */
let chosenAutoLock: Promise<AutoLock> | null = null;

/** What the user last chose, whatever the organisation's policy says. */
export function readChosenAutoLock(): Promise<AutoLock> {
  if (!chosenAutoLock) {
    const reading = readProtected(AUTO_LOCK).then(parseAutoLock);
    chosenAutoLock = reading;
    // A failed read is not kept: the next request tries again.
    reading.catch(() => {
      if (chosenAutoLock === reading) chosenAutoLock = null;
    });
  }
  return chosenAutoLock;
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
  try {
    await writeProtected(AUTO_LOCK, value);
  } finally {
    // Also after a read that began while this write ran, and may have seen the old value.
    chosenAutoLock = null;
  }
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

/** Not secret, but the clipboard delay is protection: kept where pages cannot write. */
export async function readGeneralSettings(): Promise<GeneralSettings> {
  return parseGeneralSettings(await readProtected(GENERAL));
}

export async function writeGeneralSettings(value: GeneralSettings): Promise<void> {
  await writeProtected(GENERAL, value);
  // Open pages follow the look through storage.onChanged (components/ui/applyTheme.ts). Only
  // theme and density are mirrored there: they are cosmetic, and nothing reads them back from
  // storage.local.
  await browser.storage.local.set({
    [THEME_MIRROR]: { theme: value.theme, density: value.density },
  });
}
