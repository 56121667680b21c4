import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import type { BackupStatusView } from '../../lib/core/backup/protocol';
import { BackupScheduler } from '../../lib/core/backup/scheduler';
import {
  badRequest,
  boolean,
  object,
  oneOf,
  text,
  unlockSecret,
} from '../../lib/core/messaging/validate';
import { checkSyncBackup, syncBackupAllowed } from '../../lib/core/policy/parse';
import type { Policy } from '../../lib/core/policy/types';
import type { VaultService } from '../../lib/core/vault/service';
import type { RouteName } from '../../lib/messaging';
import { BACKUP_ALARM, backupMemoStore, wakeBackupAt } from '../../lib/platform/backupMemo';
import { backupProfileStore } from '../../lib/platform/backupProfile';
import { readPolicy } from '../../lib/platform/policy';
import { readAutoLock } from '../../lib/platform/settings';
import { browserSyncArea, onBackupItemsChanged } from '../../lib/platform/syncArea';
import { guessThrottle } from '../../lib/platform/throttleStore';
import type { JoinRoute } from './join';
import type { RouteDef } from './router';

export interface BackupServices {
  vault: VaultService;
  backup: BackupScheduler;
}

type BackupRoute = Exclude<Extract<RouteName, `backup.${string}`>, JoinRoute>;
export type BackupRouteTable = { [K in BackupRoute]: RouteDef<K> };

const EXT = ['extension'] as const;

/** The scheduler the background builds once (index.ts) and the routes and wiring share. */
export function createBackupScheduler(vault: VaultService): BackupScheduler {
  return new BackupScheduler({
    vault,
    area: browserSyncArea,
    memo: backupMemoStore,
    wakeAt: wakeBackupAt,
    profile: backupProfileStore,
  });
}

/**
 * Backup on by default: follows every vault change, merges when sync storage changes (another
 * profile wrote), and resumes after the service worker restarts (the alarm, the memo).
 */
export function installBackup(scheduler: BackupScheduler): void {
  onBackupItemsChanged(() => {
    void whenAllowed(() => scheduler.remoteChanged());
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === BACKUP_ALARM) void whenAllowed(() => scheduler.alarm());
  });
  // Starting (which follows vault changes) waits for the policy: enforcePolicy calls
  // applyBackupPolicy at start-up and whenever the policy changes.
}

async function backupBlocked(): Promise<boolean> {
  return !syncBackupAllowed((await readPolicy()).policy);
}

async function whenAllowed(run: () => unknown): Promise<void> {
  if (!(await backupBlocked())) await run();
}

/**
 * disableSyncBackup: the scheduler stops following the vault and sync storage, so nothing is
 * written there. The user's own on/off choice stays in the memo and applies again once the
 * policy is lifted. What an earlier backup left in sync storage is not deleted: the vault
 * there is encrypted, and removing it is the user's call (backup settings, or the browser's).
 */
export async function applyBackupPolicy(scheduler: BackupScheduler, policy: Policy): Promise<void> {
  if (syncBackupAllowed(policy)) {
    await scheduler.start();
    return;
  }
  scheduler.stop();
  await wakeBackupAt(null);
}

async function refuseIfBlocked(): Promise<void> {
  checkSyncBackup(true, (await readPolicy()).policy);
}

async function view(vault: VaultService, scheduler: BackupScheduler): Promise<BackupStatusView> {
  const status = await scheduler.status();
  if (await backupBlocked()) {
    // Off by the organisation's policy, whatever the memo says: nothing runs, nothing to warn.
    return {
      ...status,
      enabled: false,
      state: 'off',
      warning: null,
      waitingForUnlock: false,
      retryAt: null,
      removals: null,
      health: { warnings: [], daysSinceBackup: null },
      policyDisabled: true,
    };
  }
  let removals: BackupStatusView['removals'] = null;
  if (status.removals) {
    // Names only for the question "delete these here too?"; the popup lists them anyway.
    const names = new Map<string, string>();
    if ((await vault.state()) === 'unlocked') {
      for (const a of vault.accountsSnapshot()) {
        names.set(a.id, [a.issuer, a.label].filter((s) => s !== '').join(' · '));
      }
    }
    removals = status.removals.map((id) => ({
      id,
      name: names.get(id) ?? i18n.t('backup.unnamedAccount'),
    }));
  }
  return { ...status, removals, policyDisabled: false };
}

export function backupRoutes({ vault, backup: scheduler }: BackupServices): BackupRouteTable {
  return {
    'backup.status': { allow: EXT, handle: () => view(vault, scheduler) },
    'backup.setEnabled': {
      allow: EXT,
      handle: async (data) => {
        const enabled = boolean(object(data).enabled, 'Say whether backup is on or off.');
        checkSyncBackup(enabled, (await readPolicy()).policy);
        await scheduler.setEnabled(enabled);
        return view(vault, scheduler);
      },
    },
    'backup.syncNow': {
      allow: EXT,
      handle: async () => {
        await refuseIfBlocked();
        await scheduler.syncNow();
        return view(vault, scheduler);
      },
    },
    'backup.resolveRemovals': {
      allow: EXT,
      handle: async (data) => {
        const choice = oneOf(object(data).choice, ['apply', 'keep'], 'Choose to apply or keep.');
        await refuseIfBlocked();
        await scheduler.syncNow(choice);
        return view(vault, scheduler);
      },
    },
    'backup.verify': { allow: EXT, handle: () => scheduler.verify() },
    'backup.roster': { allow: EXT, handle: () => scheduler.roster() },
    'backup.renameDevice': {
      allow: EXT,
      handle: async (data) => {
        await scheduler.renameDevice(text(object(data).name, 'device name', 256));
        return scheduler.roster();
      },
    },
    'backup.forgetDevice': {
      allow: EXT,
      handle: async (data) => {
        const id = text(object(data).id, 'browser', 16);
        if (!/^[0-9a-f]{16}$/.test(id)) throw badRequest('Which browser?');
        await scheduler.forgetDevice(id);
        return scheduler.roster();
      },
    },
    'backup.remoteStatus': { allow: EXT, handle: () => scheduler.remoteInfo() },
    'backup.restore': {
      allow: EXT,
      handle: async (data) => {
        const secret = unlockSecret(object(data));
        const accounts = await guessThrottle.attempt(() => scheduler.restore(secret));
        return { accounts, status: { state: await vault.state(), autoLock: await readAutoLock() } };
      },
    },
  };
}
