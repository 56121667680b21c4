import type { TesseraDb } from './db';

const DEVICE_KEY = 'deviceSlot';
const HELD_KEY = 'deviceSlotHeld';

interface DeviceSlotRow {
  /** Non-extractable: no script can read its bytes, but the profile's files hold them. */
  wrappingKey: CryptoKey;
  iv: Uint8Array;
  ct: Uint8Array;
}

/**
 * "Never lock on this device": the master key wrapped by a non-extractable WebCrypto key kept
 * in IndexedDB. Non-extractable stops scripts, not files: Chromium writes the key's raw bytes
 * into the profile's LevelDB, so a copy of the profile opens the vault. This mode gives no
 * protection at rest, and the README and the setting's hint say so.
 */
export class DeviceSlot {
  constructor(private readonly db: TesseraDb) {}

  async enable(masterKey: Uint8Array): Promise<void> {
    const wrappingKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
      'encrypt',
      'decrypt',
    ]);
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const ct = new Uint8Array(
      await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, wrappingKey, Uint8Array.from(masterKey)),
    );
    const row: DeviceSlotRow = { wrappingKey, iv, ct };
    await this.db.transaction('rw', this.db.meta, async () => {
      await this.db.meta.put({ key: DEVICE_KEY, value: row });
      await this.db.meta.delete(HELD_KEY);
    });
  }

  async disable(): Promise<void> {
    await this.db.transaction('rw', this.db.meta, async () => {
      await this.db.meta.delete(DEVICE_KEY);
      await this.db.meta.delete(HELD_KEY);
    });
  }

  /** "Lock now" must win over "never lock" until the user unlocks again. */
  async hold(held: boolean): Promise<void> {
    if (held) await this.db.meta.put({ key: HELD_KEY, value: true });
    else await this.db.meta.delete(HELD_KEY);
  }

  async open(): Promise<Uint8Array | null> {
    const [row, held] = await Promise.all([
      this.db.meta.get(DEVICE_KEY),
      this.db.meta.get(HELD_KEY),
    ]);
    if (!row || held) return null;
    const slot = row.value as DeviceSlotRow;
    try {
      return new Uint8Array(
        await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: Uint8Array.from(slot.iv) },
          slot.wrappingKey,
          Uint8Array.from(slot.ct),
        ),
      );
    } catch {
      return null;
    }
  }
}
