import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { useKdfSetting } from '../../lib/core/crypto/kdf';
import { E2E_KDF, E2E_KDF_NOTICE } from '../../lib/core/crypto/e2eKdf';
import { VaultService } from '../../lib/core/vault/service';
import { CLIPBOARD_ALARM, runClipboardClear } from '../../lib/platform/clipboard';
import { DexieVaultStore, TesseraDb } from '../../lib/platform/db';
import { DeviceSlot } from '../../lib/platform/deviceSlot';
import { SessionKeyCache } from '../../lib/platform/keyCache';
import { restrictStorageToTrustedContexts } from '../../lib/platform/storageAccess';
import { installNavigationLog } from '../../lib/platform/navigation';
import { watchPolicy } from '../../lib/platform/policy';
import { installAutofill } from './autofill';
import { createBackupScheduler, installBackup } from './backup';
import { installKitAutoSave } from './kitAutoSave';
import { registerRoutes } from './router';
import { beforeRoute, buildRoutes, type Services } from './routes';
import { enforcePolicy } from './settings';
import { lockIfIdle } from './vault';

const AUTO_LOCK_ALARM = 'auto-lock';

export default defineBackground(() => {
  // Browser tests only: cheap Argon2id slots. Vite replaces MODE, so production drops this.
  if (import.meta.env.MODE === 'e2e') {
    useKdfSetting(E2E_KDF);
    console.info(E2E_KDF_NOTICE);
    // The browser tests print the console of a failed test; the browser reports a worker's
    // uncaught errors only in its own pages, which they cannot read.
    self.addEventListener('error', (e) => console.error('uncaught:', e.message));
    self.addEventListener('unhandledrejection', (e) =>
      console.error('unhandled rejection:', e.reason),
    );
  }
  // First, before any page can act: Chromium closes storage.local and .sync to content scripts.
  void restrictStorageToTrustedContexts();
  const db = new TesseraDb();
  const device = new DeviceSlot(db);
  const vault = new VaultService(new DexieVaultStore(db), new SessionKeyCache(device));
  // One backup scheduler, shared by the backup routes, the policy and the sync wiring.
  const backup = createBackupScheduler(vault);
  const services: Services = { vault, device, backup };

  // Before anything else: which document each frame holds, for "the page the popup showed".
  installNavigationLog();
  registerRoutes(buildRoutes(services), (ctx) => beforeRoute(services, ctx));
  // Keyboard command, context menu and tab bookkeeping for autofill.
  installAutofill(vault);
  // Backup to browser sync storage: on by default, follows every vault change.
  installBackup(backup);
  // Emergency kit to Downloads after changes, at most daily; only if the user turned it on.
  installKitAutoSave(vault);
  // Admin policy: managed storage, applied now and whenever the admin changes it.
  watchPolicy((view) => void enforcePolicy(services, view));
  void enforcePolicy(services);

  // Alarms outlive the service worker; a minute is the granularity users pick idle times in.
  void browser.alarms.create(AUTO_LOCK_ALARM, { periodInMinutes: 1 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === AUTO_LOCK_ALARM) void lockIfIdle(vault);
    if (alarm.name === CLIPBOARD_ALARM) void runClipboardClear();
  });
});
