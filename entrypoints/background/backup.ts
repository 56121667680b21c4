import { browser } from 'wxt/browser';
import type { BackupStatusView } from '../../lib/core/backup/protocol';
import { BackupScheduler } from '../../lib/core/backup/scheduler';
import { TesseraError } from '../../lib/core/errors';
import type { VaultService } from '../../lib/core/vault/service';
import type { RouteName } from '../../lib/messaging';
import { BACKUP_ALARM, backupMemoStore, wakeBackupAt } from '../../lib/platform/backupMemo';
import { readAutoLock } from '../../lib/platform/settings';
import { browserSyncArea, onBackupItemsChanged } from '../../lib/platform/syncArea';
import type { RouteDef } from './router';

export interface BackupServices {
  vault: VaultService;
}

type BackupRoute =
  Extract<RouteName, `backup.${string}`> | 'vault.changePassphrase' | 'vault.regenerateRecoveryKey';
export type BackupRouteTable = { [K in BackupRoute]: RouteDef<K> };

const EXT = ['extension'] as const;

/** One scheduler per vault service: the routes and the background's wiring share it. */
const schedulers = new WeakMap<VaultService, BackupScheduler>();

function schedulerFor(vault: VaultService): BackupScheduler {
  let scheduler = schedulers.get(vault);
  if (!scheduler) {
    scheduler = new BackupScheduler({
      vault,
      area: browserSyncArea,
      memo: backupMemoStore,
      wakeAt: wakeBackupAt,
    });
    schedulers.set(vault, scheduler);
  }
  return scheduler;
}

/**
 * Backup on by default: follows every vault change, merges when sync storage changes (another
 * profile wrote), and resumes after the service worker restarts (the alarm, the memo).
 */
export function installBackup(vault: VaultService): void {
  const scheduler = schedulerFor(vault);
  onBackupItemsChanged(() => scheduler.remoteChanged());
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === BACKUP_ALARM) void scheduler.alarm();
  });
  void scheduler.start();
}

function bad(message: string): TesseraError {
  return new TesseraError('E_BAD_REQUEST', message);
}

function object(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) throw bad('The request is malformed.');
  return value as Record<string, unknown>;
}

function text(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.length > max) {
    throw bad(`The ${field} is missing or too long.`);
  }
  return value;
}

async function view(vault: VaultService, scheduler: BackupScheduler): Promise<BackupStatusView> {
  const status = await scheduler.status();
  let removals: BackupStatusView['removals'] = null;
  if (status.removals) {
    // Names only for the question "delete these here too?"; the popup lists them anyway.
    const names = new Map<string, string>();
    if ((await vault.state()) === 'unlocked') {
      for (const a of vault.accountsSnapshot()) {
        names.set(a.id, [a.issuer, a.label].filter((s) => s !== '').join(' · '));
      }
    }
    removals = status.removals.map((id) => ({ id, name: names.get(id) ?? 'An account' }));
  }
  return { ...status, removals };
}

export function backupRoutes({ vault }: BackupServices): BackupRouteTable {
  const scheduler = schedulerFor(vault);
  return {
    'backup.status': { allow: EXT, handle: () => view(vault, scheduler) },
    'backup.setEnabled': {
      allow: EXT,
      handle: async (data) => {
        const enabled = object(data).enabled;
        if (typeof enabled !== 'boolean') throw bad('Say whether backup is on or off.');
        await scheduler.setEnabled(enabled);
        return view(vault, scheduler);
      },
    },
    'backup.syncNow': {
      allow: EXT,
      handle: async () => {
        await scheduler.syncNow();
        return view(vault, scheduler);
      },
    },
    'backup.resolveRemovals': {
      allow: EXT,
      handle: async (data) => {
        const choice = object(data).choice;
        if (choice !== 'apply' && choice !== 'keep') throw bad('Choose to apply or keep.');
        await scheduler.syncNow(choice);
        return view(vault, scheduler);
      },
    },
    'backup.verify': { allow: EXT, handle: () => scheduler.verify() },
    'backup.remoteStatus': { allow: EXT, handle: () => scheduler.remoteInfo() },
    'backup.restore': {
      allow: EXT,
      handle: async (data) => {
        const d = object(data);
        const secret =
          'recoveryKey' in d
            ? { recoveryKey: text(d.recoveryKey, 'recovery key', 256) }
            : { passphrase: text(d.passphrase, 'passphrase', 1024) };
        const accounts = await scheduler.restore(secret);
        return { accounts, status: { state: await vault.state(), autoLock: await readAutoLock() } };
      },
    },
    'vault.changePassphrase': {
      allow: EXT,
      handle: async (data) => {
        const d = object(data);
        await vault.changePassphrase(
          text(d.current, 'current passphrase', 1024),
          text(d.next, 'new passphrase', 1024),
          text(d.confirm, 'confirmation', 1024),
        );
        return null;
      },
    },
    'vault.regenerateRecoveryKey': {
      allow: EXT,
      handle: async (data) =>
        vault.regenerateRecoveryKey(text(object(data).passphrase, 'passphrase', 1024)),
    },
  };
}
