import { describe, expect, it } from 'vitest';
import { VaultService } from '../../../lib/core/vault/service';
import { MemoryKeyCache, MemoryStore } from './memoryStore';

const PASS = 'correct horse battery staple';

/** A vault with one account, and a new service over the same storage and session cache. */
async function restartedWorker() {
  const store = new MemoryStore();
  const cache = new MemoryKeyCache();
  const first = new VaultService(store, cache);
  await first.create(PASS, PASS);
  await first.addMany(['otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example']);
  return { store, cache, restarted: new VaultService(store, cache) };
}

describe('VaultService.state after a service-worker restart', () => {
  it('opens the records once when the status and the list ask at the same time', async () => {
    const { store, restarted } = await restartedWorker();
    let reads = 0;
    const listRecords = store.listRecords.bind(store);
    store.listRecords = () => {
      reads++;
      return listRecords();
    };
    expect(await Promise.all([restarted.state(), restarted.state()])).toEqual([
      'unlocked',
      'unlocked',
    ]);
    expect(reads).toBe(1);
    expect(restarted.list().map((a) => a.label)).toEqual(['alice']);
    // Locked again, a later look reads afresh.
    await restarted.lock();
    expect(await restarted.state()).toBe('locked');
  }, 60_000);

  it('a lock that comes while the records are being opened wins', async () => {
    const { store, cache, restarted } = await restartedWorker();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reading!: () => void;
    const started = new Promise<void>((resolve) => (reading = resolve));
    const listRecords = store.listRecords.bind(store);
    store.listRecords = async () => {
      reading();
      await held;
      return listRecords();
    };
    const look = restarted.state();
    await started;
    // The idle lock (or the lock button) runs while the records are being opened.
    await restarted.lock();
    release();
    expect(await look).toBe('locked');
    expect(await restarted.state()).toBe('locked');
    expect(await cache.get()).toBeNull();
    expect(() => restarted.list()).toThrow(/locked/);
  }, 60_000);
});
