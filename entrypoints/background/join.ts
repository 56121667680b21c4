import { i18n } from '#i18n';
import { TesseraError } from '../../lib/core/errors';
import { checkSyncBackup, syncBackupAllowed } from '../../lib/core/policy/parse';
import { joinOffer, joinVault, replaceBackup, type JoinOffer } from '../../lib/core/vault/join';
import type { VaultService } from '../../lib/core/vault/service';
import type { UnlockInput } from '../../lib/messaging';
import type { DeviceSlot } from '../../lib/platform/deviceSlot';
import { readPolicy } from '../../lib/platform/policy';
import { readAutoLock } from '../../lib/platform/settings';
import { browserSyncArea } from '../../lib/platform/syncArea';
import { guessThrottle } from '../../lib/platform/throttleStore';
import { schedulerFor } from './backup';
import { syncDeviceSlot } from './passkey';
import type { RouteDef } from './router';

export type JoinRoute = 'backup.joinOffer' | 'backup.join' | 'backup.replace';
export type JoinRouteTable = { [K in JoinRoute]: RouteDef<K> };

const EXT = ['extension'] as const;

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

function secretOf(d: Record<string, unknown>): UnlockInput {
  return 'recoveryKey' in d
    ? { recoveryKey: text(d.recoveryKey, 'recovery key', 256) }
    : { passphrase: text(d.passphrase, 'passphrase', 1024) };
}

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
export function joinRoutes(s: { vault: VaultService; device: DeviceSlot }): JoinRouteTable {
  const { vault, device } = s;
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
        const secret = secretOf(object(data));
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
          const secret = secretOf(d);
          await guessThrottle.attempt(() => replaceBackup(vault, browserSyncArea, secret));
        }
        // The status line follows at once rather than at the next scheduled run.
        await schedulerFor(vault)
          .syncNow()
          .catch(() => undefined);
        return null;
      },
    },
  };
}
