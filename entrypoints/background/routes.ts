import type { BackupScheduler } from '../../lib/core/backup/scheduler';
import type { VaultService } from '../../lib/core/vault/service';
import type { RouteName } from '../../lib/messaging';
import type { DeviceSlot } from '../../lib/platform/deviceSlot';
import { touchActivity } from '../../lib/platform/settings';
import { autofillRoutes } from './autofill';
import { backupRoutes } from './backup';
import { clipboardRoutes } from './clipboard';
import { joinRoutes } from './join';
import { clockRoutes } from './clock';
import { kitRoutes } from './kitAutoSave';
import { passkeyRoutes } from './passkey';
import { rehearsalRoutes } from './rehearsal';
import type { CallContext, RouteTable } from './router';
import { scanRoutes } from './scan';
import { settingsRoutes } from './settings';
import { transferRoutes } from './transfer';
import { lockIfIdle, vaultRoutes } from './vault';

/** What the background builds once at start-up (index.ts) and every route set shares. */
export interface Services {
  vault: VaultService;
  device: DeviceSlot;
  backup: BackupScheduler;
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
  // A worker that started again has the key only in the session cache: take it back before any
  // route asks for it, or an edit from a page left open would be told the vault is locked.
  await s.vault.state();
  // The popup refreshes codes on its own timer; counting that as use would keep an open
  // pop-out window unlocked forever, whatever idle time the user chose. The request need not
  // wait for the write: the next idle check reads after it (the browser keeps a page's storage
  // calls in order), and a write that fails leaves the older time, which locks sooner.
  if (!PASSIVE_ROUTES.has(ctx.route)) void touchActivity(Date.now()).catch(() => undefined);
}

/** The one message table: each noun's route set, composed. */
export function buildRoutes(s: Services): RouteTable {
  return {
    ...vaultRoutes(s),
    ...passkeyRoutes(s),
    ...rehearsalRoutes(s),
    ...clockRoutes(s),
    ...clipboardRoutes(),
    ...autofillRoutes(s),
    ...scanRoutes(s),
    ...backupRoutes(s),
    ...joinRoutes(s),
    ...transferRoutes(s),
    ...kitRoutes(s),
    ...settingsRoutes(),
  };
}
