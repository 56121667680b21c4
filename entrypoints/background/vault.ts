import { checkAutoLock, checkPassphraseLength } from '../../lib/core/policy/parse';
import {
  badRequest,
  count,
  list,
  MAX,
  object,
  optionalText,
  text,
  unlockSecret,
} from '../../lib/core/messaging/validate';
import { idleExpired, parseAutoLock } from '../../lib/core/vault/autolock';
import type { VaultService } from '../../lib/core/vault/service';
import type { RouteName, VaultOpening, VaultStatus } from '../../lib/messaging';
import type { DeviceSlot } from '../../lib/platform/deviceSlot';
import { readPolicy } from '../../lib/platform/policy';
import { readAutoLock, readLastActivity, writeAutoLock } from '../../lib/platform/settings';
import { readBackupHeader } from '../../lib/platform/syncArea';
import { guessThrottle } from '../../lib/platform/throttleStore';
import { syncDeviceSlot } from './passkey';
import type { RouteDef } from './router';

export interface VaultServices {
  vault: VaultService;
  device: DeviceSlot;
}

/** The vault's lifecycle, its key slots (passphrase, recovery key) and its accounts. */
type VaultRoute =
  | 'vault.status'
  | 'vault.open'
  | 'vault.create'
  | 'vault.unlock'
  | 'vault.lock'
  | 'vault.startOver'
  | 'vault.setAutoLock'
  | 'vault.list'
  | 'vault.changePassphrase'
  | 'vault.regenerateRecoveryKey'
  | Extract<RouteName, `account.${string}`>;
export type VaultRouteTable = { [K in VaultRoute]: RouteDef<K> };

const EXT = ['extension'] as const;

export async function vaultStatus(vault: VaultService): Promise<VaultStatus> {
  const state = await vault.state();
  const rolledBack = state === 'unlocked' ? vault.rolledBack().length : 0;
  const leftovers = state === 'none' ? await vault.leftovers() : 0;
  return {
    state,
    autoLock: await readAutoLock(),
    ...(rolledBack > 0 ? { rolledBack } : {}),
    ...(leftovers > 0 ? { leftovers } : {}),
  };
}

/**
 * Idle auto-lock is checked on every request and by an alarm; extension pages count as use.
 * readAutoLock gives the effective setting, so an admin's maximum applies here too.
 */
export async function lockIfIdle(vault: VaultService, now = Date.now()): Promise<void> {
  const [last, autoLock] = await Promise.all([readLastActivity(), readAutoLock()]);
  if (last !== null && idleExpired(autoLock, last, now)) await vault.lock();
}

function accountId(data: unknown): string {
  return text(object(data).id, 'account id', MAX.id);
}

export function vaultRoutes({ vault, device }: VaultServices): VaultRouteTable {
  return {
    'vault.status': { allow: EXT, handle: () => vaultStatus(vault) },
    'vault.open': {
      allow: EXT,
      handle: async (data): Promise<VaultOpening> => {
        const first = count(object(data).first, 'number of rows', MAX.firstRows);
        const status = await vaultStatus(vault);
        if (status.state !== 'unlocked') return { status, accounts: null, total: 0 };
        return { status, ...vault.head(first) };
      },
    },
    'vault.create': {
      allow: EXT,
      handle: async (data) => {
        const d = object(data);
        const confirm = optionalText(d.confirm, 'confirmation');
        const passphrase = text(d.passphrase, 'passphrase', MAX.passphrase);
        checkPassphraseLength(passphrase, (await readPolicy()).policy);
        return vault.create(passphrase, confirm);
      },
    },
    'vault.unlock': {
      allow: EXT,
      handle: async (data) => {
        const d = object(data);
        // Newer key slots from another profile (a passphrase changed there) apply here too.
        const remote = await readBackupHeader();
        const input = unlockSecret(d);
        await guessThrottle.attempt(() => vault.unlock(input, remote));
        await device.hold(false);
        return vaultStatus(vault);
      },
    },
    'vault.lock': {
      allow: EXT,
      handle: async () => {
        await device.hold(true);
        await vault.lock();
        return vaultStatus(vault);
      },
    },
    'vault.startOver': {
      allow: EXT,
      handle: async () => {
        await vault.startOver();
        return vaultStatus(vault);
      },
    },
    'vault.setAutoLock': {
      allow: EXT,
      handle: async (data) => {
        const setting = parseAutoLock(data);
        // Refused rather than capped: the page should show the limit, not silently store less.
        checkAutoLock(setting, (await readPolicy()).policy);
        // Wrapping the key for this device needs it unlocked, which also proves the user may.
        if (setting.mode === 'never') vault.masterKeyForDeviceSlot();
        await writeAutoLock(setting);
        await syncDeviceSlot(vault, device);
        return vaultStatus(vault);
      },
    },
    'vault.list': { allow: EXT, handle: async () => (await vault.state(), vault.list()) },
    // Key slots: the passphrase's and the recovery key's.
    'vault.changePassphrase': {
      allow: EXT,
      handle: async (data) => {
        const d = object(data);
        const next = text(d.next, 'new passphrase', MAX.passphrase);
        checkPassphraseLength(next, (await readPolicy()).policy);
        const current = text(d.current, 'current passphrase', MAX.passphrase);
        const confirm = text(d.confirm, 'confirmation', MAX.passphrase);
        await guessThrottle.attempt(() => vault.changePassphrase(current, next, confirm));
        return null;
      },
    },
    'vault.regenerateRecoveryKey': {
      allow: EXT,
      handle: async (data) => {
        const passphrase = text(object(data).passphrase, 'passphrase', MAX.passphrase);
        return guessThrottle.attempt(() => vault.regenerateRecoveryKey(passphrase));
      },
    },
    // `as never`: the vault checks every field of an account input itself (fromInput.ts).
    'account.add': { allow: EXT, handle: async (data) => vault.add(object(data) as never) },
    'account.addMany': {
      allow: EXT,
      handle: async (data) => {
        const uris = list(object(data).uris, 'links', 10_000);
        return vault.addMany(uris.map((u, i) => text(u, `link on line ${i + 1}`)));
      },
    },
    'account.update': {
      allow: EXT,
      handle: async (data) => {
        const d = object(data);
        return vault.update(text(d.id, 'account id', MAX.id), object(d.patch));
      },
    },
    // Recovery codes and notes: extension pages only, one account at a time, never in a list.
    'account.details': {
      allow: EXT,
      handle: async (data) => (await vault.state(), vault.details(accountId(data))),
    },
    'account.withoutRecoveryCodes': {
      allow: EXT,
      handle: async () => (await vault.state(), { count: vault.withoutRecoveryCodes() }),
    },
    'account.delete': {
      allow: EXT,
      handle: async (data) => (await vault.delete(accountId(data)), null),
    },
    'account.undelete': {
      allow: EXT,
      handle: async (data) => (await vault.undelete(accountId(data)), null),
    },
    'account.reorder': {
      allow: EXT,
      handle: async (data) => {
        const ids = object(data).ids;
        if (!Array.isArray(ids)) throw badRequest('Expected a list of ids.');
        await vault.reorder(ids.map((id) => text(id, 'account id', MAX.id)));
        return null;
      },
    },
    'account.codeHelp': {
      allow: EXT,
      handle: async (data) => vault.codeHelp(accountId(data)),
    },
    'account.hotpNext': {
      allow: EXT,
      handle: async (data) => vault.hotpNext(accountId(data)),
    },
  };
}
