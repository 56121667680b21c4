import type { BackupProfileStore } from '../core/backup/scheduler';
import {
  cleanDeviceName,
  defaultDeviceName,
  isProfileId,
  newProfileId,
} from '../core/backup/roster';
import { readProtected, writeProtected } from './protectedSettings';

const PROFILE_KEY = 'backupProfile';

interface StoredProfile {
  id: string;
  name: string;
}

function valid(value: unknown): value is StoredProfile {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && isProfileId(v.id) && typeof v.name === 'string';
}

let pending: Promise<StoredProfile> | null = null;

async function load(): Promise<StoredProfile> {
  const stored = await readProtected(PROFILE_KEY);
  if (valid(stored) && cleanDeviceName(stored.name) !== '') return stored;
  // First use: a random id for this profile and a name from the browser and the OS.
  const fresh = {
    id: valid(stored) ? stored.id : newProfileId(),
    name: defaultDeviceName(globalThis.navigator?.userAgent ?? ''),
  };
  await writeProtected(PROFILE_KEY, fresh);
  return fresh;
}

/**
 * This browser profile's id and device name for the backup's roster. Kept in the extension's
 * own IndexedDB (protected settings): a page must not be able to rename or re-identify it.
 */
export const backupProfileStore: BackupProfileStore = {
  read() {
    pending ??= load().catch((e: unknown) => {
      pending = null;
      throw e;
    });
    return pending;
  },
  async rename(name) {
    const current = await this.read();
    const next = { id: current.id, name: cleanDeviceName(name) };
    await writeProtected(PROFILE_KEY, next);
    pending = Promise.resolve(next);
  },
};
