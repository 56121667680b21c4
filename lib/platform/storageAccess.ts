import { browser } from 'wxt/browser';

type AccessLevelArea = { setAccessLevel?: (options: { accessLevel: string }) => Promise<void> };

/**
 * Chromium lets an extension close storage.local and storage.sync to content scripts
 * (StorageArea.setAccessLevel, TRUSTED_CONTEXTS; session is closed by default). Firefox offers
 * setAccessLevel for storage.session only (bug 1724754), so there content scripts keep access to
 * local and sync: nothing security-relevant is kept there (protectedSettings.ts), and what sync
 * holds is verified before use. Returns the areas that are now closed, for the record.
 */
export async function restrictStorageToTrustedContexts(): Promise<string[]> {
  const closed: string[] = [];
  for (const name of ['local', 'sync', 'session'] as const) {
    const area = browser.storage[name] as unknown as AccessLevelArea | undefined;
    if (typeof area?.setAccessLevel !== 'function') continue;
    try {
      await area.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
      closed.push(name);
    } catch {
      // This browser does not offer it for this area: the defences above still hold.
    }
  }
  return closed;
}
