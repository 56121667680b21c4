import { i18n } from '#i18n';
import type { BackupScheduler } from '../../lib/core/backup/scheduler';
import { object, text, unlockSecret } from '../../lib/core/messaging/validate';
import { checkSyncBackup, syncBackupAllowed } from '../../lib/core/policy/parse';
import { joinOffer, joinVault, replaceBackup, type JoinOffer } from '../../lib/core/vault/join';
import type { VaultService } from '../../lib/core/vault/service';
import type { DeviceSlot } from '../../lib/platform/deviceSlot';
import { readPolicy } from '../../lib/platform/policy';
import { readAutoLock } from '../../lib/platform/settings';
import { browserSyncArea } from '../../lib/platform/syncArea';
import { guessThrottle } from '../../lib/platform/throttleStore';
import { syncDeviceSlot } from './passkey';
import type { RouteDef } from './router';

export type JoinRoute = 'backup.joinOffer' | 'backup.join' | 'backup.replace';
export type JoinRouteTable = { [K in JoinRoute]: RouteDef<K> };

const EXT = ['extension'] as const;

const NOTHING: JoinOffer & { neverLock: boolean } = {
  offered: false,
  passkeys: 0,
  neverLock: false,
};

/**
 * Joining the vault whose backup is in sync storage, and (only after that was offered)
 * replacing that backup with this vault's. Extension pages only; every secret goes through the
 * one guess throttle. The orchestration is pure (lib/core/vault/join.ts); here only the
 * browser's parts: sync storage, the policy, and the "never lock" device key, which wraps the
 * old master key and is wrapped again around the joined one.
 */
export function joinRoutes(s: {
  vault: VaultService;
  device: DeviceSlot;
  backup: BackupScheduler;
}): JoinRouteTable {
  const { vault, device, backup } = s;
  return {
    'backup.joinOffer': {
      allow: EXT,
      handle: async () => {
        if (!syncBackupAllowed((await readPolicy()).policy)) return NOTHING;
        if ((await vault.state()) !== 'unlocked') return NOTHING;
        const offer = await joinOffer(vault, browserSyncArea);
        return { ...offer, neverLock: (await readAutoLock()).mode === 'never' };
      },
    },
    'backup.join': {
      allow: EXT,
      handle: async (data) => {
        checkSyncBackup(true, (await readPolicy()).policy);
        const secret = unlockSecret(object(data));
        const result = await guessThrottle.attempt(() => joinVault(vault, browserSyncArea, secret));
        // The device key (if "never lock" is on) wrapped the old key: wrap the joined one.
        await syncDeviceSlot(vault, device);
        return result;
      },
    },
    'backup.replace': {
      allow: EXT,
      handle: async (data) => {
        checkSyncBackup(true, (await readPolicy()).policy);
        const d = object(data);
        if ('typed' in d) {
          const typed = text(d.typed, 'confirmation', 64);
          await replaceBackup(vault, browserSyncArea, {
            typed,
            word: i18n.t('backup.join.replaceWord'),
          });
        } else {
          const secret = unlockSecret(d);
          await guessThrottle.attempt(() => replaceBackup(vault, browserSyncArea, secret));
        }
        // The status line follows at once rather than at the next scheduled run.
        await backup.syncNow().catch(() => undefined);
        return null;
      },
    },
  };
}
