import { browser } from 'wxt/browser';
import { decodeB64, encodeB64 } from '../core/crypto';
import type { KeyCache } from '../core/vault/types';
import type { DeviceSlot } from './deviceSlot';

const SESSION_KEY = 'vaultKey';

/**
 * storage.session lives in memory, is cleared when the browser closes, and (by default) is
 * readable only by extension pages and the background, not by content scripts. That gives
 * exactly the lifetime we want: a service-worker restart keeps the vault open, a browser
 * restart locks it.
 */
export class SessionKeyCache implements KeyCache {
  constructor(private readonly device: DeviceSlot) {}

  async get(): Promise<Uint8Array | null> {
    const stored = await browser.storage.session.get(SESSION_KEY);
    const value = stored[SESSION_KEY];
    if (typeof value === 'string') {
      try {
        return decodeB64(value);
      } catch {
        await this.clear();
      }
    }
    // "Never lock on this device": the key comes back from the device slot after a restart.
    return this.device.open();
  }

  async set(key: Uint8Array): Promise<void> {
    await browser.storage.session.set({ [SESSION_KEY]: encodeB64(key) });
  }

  async clear(): Promise<void> {
    await browser.storage.session.remove(SESSION_KEY);
  }
}
