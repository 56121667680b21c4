import { TesseraError } from '../../lib/core/errors';
import { checkAutoLock, checkPassphraseLength } from '../../lib/core/policy/parse';
import { idleExpired, parseAutoLock } from '../../lib/core/vault/autolock';
import type { VaultService } from '../../lib/core/vault/service';
import type { RouteName, VaultStatus } from '../../lib/messaging';
import { scheduleClipboardClear } from '../../lib/platform/clipboard';
import type { DeviceSlot } from '../../lib/platform/deviceSlot';
import { readPolicy } from '../../lib/platform/policy';
import { readBackupHeader } from '../../lib/platform/syncArea';
import { guessThrottle } from '../../lib/platform/throttleStore';
import {
  readAutoLock,
  readLastActivity,
  touchActivity,
  writeAutoLock,
} from '../../lib/platform/settings';
import { autofillRoutes } from './autofill';
import { backupRoutes } from './backup';
import { joinRoutes } from './join';
import { passkeyRoutes, syncDeviceSlot } from './passkey';
import { clockRoutes } from './clock';
import { kitRoutes } from './kitAutoSave';
import { rehearsalRoutes } from './rehearsal';
import { scanRoutes } from './scan';
import { settingsRoutes } from './settings';
import { transferRoutes } from './transfer';
import type { CallContext, RouteTable } from './router';

export interface Services {
  vault: VaultService;
  device: DeviceSlot;
}

const EXT = ['extension'] as const;

function text(value: unknown, field: string, max = 4096): string {
  if (typeof value !== 'string' || value.length > max) {
    throw new TesseraError('E_BAD_REQUEST', `The ${field} is missing or too long.`);
  }
  return value;
}

function object(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) {
    throw new TesseraError('E_BAD_REQUEST', 'The request is malformed.');
  }
  return value as Record<string, unknown>;
}

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
  const last = await readLastActivity();
  if (last !== null && idleExpired(await readAutoLock(), last, now)) await vault.lock();
}

/** Requests a page makes by itself, not because the user did something. */
const PASSIVE_ROUTES: ReadonlySet<RouteName> = new Set<RouteName>([
  'vault.list',
  'backup.status',
  'backup.remoteStatus',
]);

export async function beforeRoute(s: Services, ctx: CallContext): Promise<void> {
  if (ctx.caller !== 'extension') return;
  await lockIfIdle(s.vault);
  // The popup refreshes codes on its own timer; counting that as use would keep an open
  // pop-out window unlocked forever, whatever idle time the user chose.
  if (!PASSIVE_ROUTES.has(ctx.route)) await touchActivity(Date.now());
}

export function buildRoutes(s: Services): RouteTable {
  const { vault, device } = s;
  return {
    ...autofillRoutes(s),
    ...transferRoutes(s),
    ...kitRoutes(s),
    ...scanRoutes(s),
    ...backupRoutes(s),
    ...joinRoutes(s),
    ...settingsRoutes(),
    ...passkeyRoutes(s),
    ...clockRoutes(s),
    ...rehearsalRoutes(s),
    'vault.status': { allow: EXT, handle: () => vaultStatus(vault) },
    'vault.create': {
      allow: EXT,
      handle: async (data) => {
        const d = object(data);
        const confirm = d.confirm === undefined ? undefined : text(d.confirm, 'confirmation');
        const passphrase = text(d.passphrase, 'passphrase', 1024);
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
        const input =
          'recoveryKey' in d
            ? { recoveryKey: text(d.recoveryKey, 'recovery key', 256) }
            : { passphrase: text(d.passphrase, 'passphrase', 1024) };
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
    'account.add': { allow: EXT, handle: async (data) => vault.add(object(data) as never) },
    'account.addMany': {
      allow: EXT,
      handle: async (data) => {
        const uris = object(data).uris;
        if (!Array.isArray(uris) || uris.length > 10_000) {
          throw new TesseraError('E_BAD_REQUEST', 'Expected a list of at most 10,000 links.');
        }
        return vault.addMany(uris.map((u, i) => text(u, `link on line ${i + 1}`)));
      },
    },
    'account.update': {
      allow: EXT,
      handle: async (data) => {
        const d = object(data);
        return vault.update(text(d.id, 'account id', 64), object(d.patch));
      },
    },
    // Recovery codes and notes: extension pages only, one account at a time, never in a list.
    'account.details': {
      allow: EXT,
      handle: async (data) => (
        await vault.state(),
        vault.details(text(object(data).id, 'account id', 64))
      ),
    },
    'account.withoutRecoveryCodes': {
      allow: EXT,
      handle: async () => (await vault.state(), { count: vault.withoutRecoveryCodes() }),
    },
    'account.delete': {
      allow: EXT,
      handle: async (data) => (await vault.delete(text(object(data).id, 'account id', 64)), null),
    },
    'account.undelete': {
      allow: EXT,
      handle: async (data) => (await vault.undelete(text(object(data).id, 'account id', 64)), null),
    },
    'account.reorder': {
      allow: EXT,
      handle: async (data) => {
        const ids = object(data).ids;
        if (!Array.isArray(ids)) throw new TesseraError('E_BAD_REQUEST', 'Expected a list of ids.');
        await vault.reorder(ids.map((id) => text(id, 'account id', 64)));
        return null;
      },
    },
    'account.codeHelp': {
      allow: EXT,
      handle: async (data) => vault.codeHelp(text(object(data).id, 'account id', 64)),
    },
    'account.hotpNext': {
      allow: EXT,
      handle: async (data) => vault.hotpNext(text(object(data).id, 'account id', 64)),
    },
    'clipboard.scheduleClear': {
      allow: EXT,
      handle: async (data) => {
        await scheduleClipboardClear(text(object(data).code, 'code', 16));
        return null;
      },
    },
  };
}
