import template from 'virtual:tessera-kit';
import { browser } from 'wxt/browser';
import { boolean, optionalObject } from '../../lib/core/messaging/validate';
import {
  decideKitSave,
  KIT_AUTOSAVE_PATH,
  kitAutoSaveDisabled,
  kitAutoSaveEnabled,
  kitChanged,
  kitSaved,
  type KitAutoSaveView,
} from '../../lib/core/kit/autoSave';
import { writeKitHtml } from '../../lib/core/kit/kitFile';
import { writeTesseraBackup } from '../../lib/core/transfer/tesseraFile';
import type { VaultService } from '../../lib/core/vault/service';
import {
  hasDownloads,
  readKitAutoSave,
  saveToDownloads,
  writeKitAutoSave,
} from '../../lib/platform/kitAutoSave';
import { kitStrings } from '../../lib/platform/kitStrings';
import { readPolicy } from '../../lib/platform/policy';
import type { RouteDef } from './router';

/** Checks hourly: a due kit waits at most that long past its day, or until the next unlock. */
const KIT_ALARM = 'kit-autosave';

type KitRoute = 'transfer.kitAutoSave' | 'transfer.kitAutoSaveSet';
export type KitRouteTable = { [K in KitRoute]: RouteDef<K> };

const EXT = ['extension'] as const;

// One task at a time: an alarm and a vault change at once must not save twice, and a change
// marked while a save is recorded must not be overwritten by it (or overwrite its time).
let running: Promise<void> = Promise.resolve();

function serially(task: () => Promise<void>): Promise<void> {
  running = running.then(
    () => task().catch(() => undefined),
    () => undefined,
  );
  return running;
}

async function view(): Promise<KitAutoSaveView> {
  const state = await readKitAutoSave();
  const permission = await hasDownloads();
  return {
    enabled: state.enabled && permission,
    permissionLost: state.enabled && !permission,
    lastSavedAt: state.lastSavedAt,
  };
}

/**
 * Builds the kit from the sealed vault, like Settings → Emergency kit does, and saves it.
 * Only while unlocked (the vault's records are listed in display order then); while locked a
 * due kit stays due.
 */
async function check(vault: VaultService): Promise<void> {
  const state = await readKitAutoSave();
  const now = Date.now();
  if (decideKitSave(state, now).kind !== 'save') return;
  if ((await vault.state()) !== 'unlocked') return;
  if (!(await hasDownloads())) return;
  const source = await vault.sealedExport();
  const backup = writeTesseraBackup({ ...source, createdAt: now });
  const plainExport = (await readPolicy()).policy.disablePlainTextExport !== true;
  const html = writeKitHtml(template, { backup, strings: kitStrings(now), plainExport });
  await saveToDownloads(KIT_AUTOSAVE_PATH, html);
  // Read again: a change during the save is not in the file and stays due.
  await writeKitAutoSave(kitSaved(await readKitAutoSave(), now));
}

export function runKitCheck(vault: VaultService): Promise<void> {
  return serially(() => check(vault));
}

async function markChanged(): Promise<void> {
  const state = await readKitAutoSave();
  const next = kitChanged(state, Date.now());
  if (next !== state) await writeKitAutoSave(next);
}

export function installKitAutoSave(vault: VaultService): void {
  vault.onChange((change) => {
    if (change === 'locked') return;
    // An unlock changes nothing in the kit, but a kit that came due while locked can go now.
    if (change !== 'unlocked') void serially(markChanged);
    void runKitCheck(vault);
  });
  // Created once: the service worker starts far more often than hourly, and creating the alarm
  // again would restart its hour every time.
  void browser.alarms.get(KIT_ALARM).then((existing) => {
    if (!existing) void browser.alarms.create(KIT_ALARM, { periodInMinutes: 60 });
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === KIT_ALARM) void runKitCheck(vault);
  });
}

export function kitRoutes({ vault }: { vault: VaultService }): KitRouteTable {
  return {
    'transfer.kitAutoSave': { allow: EXT, handle: view },
    'transfer.kitAutoSaveSet': {
      allow: EXT,
      handle: async (data) => {
        const enabled = boolean(optionalObject(data).enabled, 'Expected enabled: true or false.');
        // The page asks for the permission on the user's click; without it, stay off.
        if (enabled && !(await hasDownloads())) return view();
        await serially(async () => {
          const state = await readKitAutoSave();
          await writeKitAutoSave(
            enabled ? kitAutoSaveEnabled(state, Date.now()) : kitAutoSaveDisabled(state),
          );
        });
        if (enabled) await runKitCheck(vault);
        return view();
      },
    },
  };
}
