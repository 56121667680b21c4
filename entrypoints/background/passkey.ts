import { object, text } from '../../lib/core/messaging/validate';
import type { VaultService } from '../../lib/core/vault/service';
import type { DeviceSlot } from '../../lib/platform/deviceSlot';
import { readAutoLock } from '../../lib/platform/settings';
import { guessThrottle } from '../../lib/platform/throttleStore';
import { vaultStatus } from './vault';
import type { RouteDef } from './router';

type PasskeyRoute =
  | 'vault.passkeys'
  | 'vault.unlockPasskey'
  | 'vault.preparePasskey'
  | 'vault.addPasskey'
  | 'vault.removePasskey';
export type PasskeyRouteTable = { [K in PasskeyRoute]: RouteDef<K> };

const EXT = ['extension'] as const;

/** One bounded text field of the request; `name` is the field and names it in the error. */
function field(data: unknown, name: string, max: number): string {
  return text(object(data)[name], name, max);
}

/**
 * "Never lock on this device" keeps a device key only while the vault has no passkey. A device
 * key sits in the profile's files, so a copy of the profile opens the vault; with a passkey the
 * vault instead stays open until the browser closes and the passkey opens it again, and a copy
 * needs the authenticator too. Called whenever the choice or the passkeys change (unlocked).
 */
export async function syncDeviceSlot(vault: VaultService, device: DeviceSlot): Promise<void> {
  const never = (await readAutoLock()).mode === 'never';
  if (never && (await vault.passkeys()).length === 0) {
    await device.enable(vault.masterKeyForDeviceSlot());
  } else {
    await device.disable();
  }
}

/** Extension pages only: content scripts never learn whether a passkey exists. */
export function passkeyRoutes(s: { vault: VaultService; device: DeviceSlot }): PasskeyRouteTable {
  const { vault, device } = s;
  return {
    'vault.passkeys': { allow: EXT, handle: () => vault.passkeys() },
    'vault.unlockPasskey': {
      allow: EXT,
      handle: async (data) => {
        await vault.unlockWithPasskey({
          credential: field(data, 'credential', 2048),
          output: field(data, 'output', 64),
        });
        await device.hold(false);
        return vaultStatus(vault);
      },
    },
    'vault.preparePasskey': {
      allow: EXT,
      // A passphrase check like any other: the same wrong-guess throttle applies.
      handle: (data) =>
        guessThrottle.attempt(() => vault.preparePasskey(field(data, 'passphrase', 1024))),
    },
    'vault.addPasskey': {
      allow: EXT,
      handle: async (data) => {
        const added = await vault.addPasskey(field(data, 'grant', 64), {
          credential: field(data, 'credential', 2048),
          output: field(data, 'output', 64),
        });
        await syncDeviceSlot(vault, device);
        return added;
      },
    },
    'vault.removePasskey': {
      allow: EXT,
      handle: async (data) => {
        await vault.removePasskey(field(data, 'id', 64));
        await syncDeviceSlot(vault, device);
        return null;
      },
    },
  };
}
