import { describe, expect, it } from 'vitest';
import { VaultService } from '../../../lib/core/vault/service';
import { MemoryKeyCache, MemoryStore } from './memoryStore';

const PASS = 'correct horse battery staple';

describe('VaultService.state after a service-worker restart', () => {
  it('opens the records once when the status and the list ask at the same time', async () => {
    const store = new MemoryStore();
    const cache = new MemoryKeyCache();
    const first = new VaultService(store, cache);
    await first.create(PASS, PASS);
    await first.addMany(['otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example']);

    // A new service over the same storage and session cache: the worker started again.
    const restarted = new VaultService(store, cache);
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
});
