import { badRequest as bad } from '../../lib/core/messaging/validate';
import { effectiveAutoLock } from '../../lib/core/policy/parse';
import type { PolicyView } from '../../lib/core/policy/types';
import {
  CLIPBOARD_CLEAR_CHOICES,
  DENSITIES,
  THEMES,
  type Density,
  type GeneralSettings,
  type Theme,
} from '../../lib/core/settings/general';
import type { BackupScheduler } from '../../lib/core/backup/scheduler';
import type { VaultService } from '../../lib/core/vault/service';
import type { DeviceSlot } from '../../lib/platform/deviceSlot';
import { readPolicy } from '../../lib/platform/policy';
import {
  readChosenAutoLock,
  readGeneralSettings,
  writeAutoLock,
  writeGeneralSettings,
} from '../../lib/platform/settings';
import { applyBackupPolicy } from './backup';
import type { RouteDef } from './router';

export interface SettingsServices {
  vault: VaultService;
  device: DeviceSlot;
  backup: BackupScheduler;
}

type SettingsRoute = 'policy.get' | 'settings.get' | 'settings.set';
export type SettingsRouteTable = { [K in SettingsRoute]: RouteDef<K> };

const EXT = ['extension'] as const;

/** Only the fields the page sends change; a wrong value or an unknown field refuses it all. */
function applyPatch(current: GeneralSettings, data: unknown): GeneralSettings {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw bad('The request is malformed.');
  }
  const patch = data as Record<string, unknown>;
  const next = { ...current };
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (key === 'theme') {
      if (!THEMES.includes(value as Theme)) throw bad('Unknown theme.');
      next.theme = value as Theme;
    } else if (key === 'clipboardClearSeconds') {
      if (typeof value !== 'number' || !CLIPBOARD_CLEAR_CHOICES.includes(value)) {
        throw bad('Choose one of the offered clipboard delays.');
      }
      next.clipboardClearSeconds = value;
    } else if (key === 'density') {
      if (!DENSITIES.includes(value as Density)) throw bad('Unknown density.');
      next.density = value as Density;
    } else {
      throw bad(`Unknown setting: ${key.slice(0, 40)}.`);
    }
  }
  return next;
}

export function settingsRoutes(): SettingsRouteTable {
  return {
    'policy.get': { allow: EXT, handle: () => readPolicy() },
    'settings.get': { allow: EXT, handle: () => readGeneralSettings() },
    'settings.set': {
      allow: EXT,
      handle: async (data) => {
        // No policy governs these fields yet; a future one is checked here (E_POLICY).
        const next = applyPatch(await readGeneralSettings(), data);
        await writeGeneralSettings(next);
        return next;
      },
    },
  };
}

/**
 * Brings what is stored in line with the policy, at start-up and whenever an admin pushes a new
 * one: the stored auto-lock becomes the effective one, "never lock on this device" loses its
 * device key (otherwise the vault would reopen by itself right after an idle lock), and backup
 * stops or resumes.
 */
export async function enforcePolicy(s: SettingsServices, view?: PolicyView): Promise<void> {
  const { policy } = view ?? (await readPolicy());
  // Backup first: until it runs, the scheduler follows no vault change at start-up.
  await applyBackupPolicy(s.backup, policy);
  if (policy.maxAutoLockMinutes !== undefined) {
    const chosen = await readChosenAutoLock();
    const effective = effectiveAutoLock(chosen, policy);
    if (effective !== chosen) await writeAutoLock(effective);
    await s.device.disable();
  }
}
