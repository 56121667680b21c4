import { describe, expect, it } from 'vitest';
import { hotpCode } from '../../../lib/core/otp';
import type { VaultHeader } from '../../../lib/core/vault/types';
import { VaultService } from '../../../lib/core/vault/service';
import { MemoryKeyCache, MemoryStore } from './memoryStore';

const PASS = 'correct horse battery staple';
const HOTP = 'otpauth://hotp/Acme:me?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&counter=0';
const TOTP = 'otpauth://totp/Globex:me?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

/** A clock that moves on by a second each time it is read, so every change has its own time. */
function ticking(start = Date.UTC(2026, 0, 1)): () => number {
  let t = start;
  return () => (t += 1000);
}

function copyOf(store: MemoryStore): MemoryStore {
  const copy = new MemoryStore();
  copy.header = structuredClone(store.header);
  copy.records = new Map([...store.records].map(([k, v]) => [k, structuredClone(v)]));
  return copy;
}

/** Fails the next header write, as a browser that stops between two writes would. */
class CrashingStore extends MemoryStore {
  failNextHeader = false;
  override async putHeader(h: VaultHeader) {
    if (this.failNextHeader) {
      this.failNextHeader = false;
      throw new Error('the browser stopped');
    }
    await super.putHeader(h);
  }
}

async function newVault(store: MemoryStore = new MemoryStore(), clock = ticking()) {
  const vault = new VaultService(store, new MemoryKeyCache(), clock);
  await vault.create(PASS, PASS);
  return { store, vault, clock };
}

describe('a stored record rolled back to an older sealed copy', () => {
  it('never hands out an HOTP code twice', async () => {
    const { store, vault } = await newVault();
    const { id } = await vault.add({ kind: 'uri', uri: HOTP });
    const old = structuredClone(store.records.get(id)!);
    const secret = vault.accountsSnapshot()[0]!.otp;
    const shown = [(await vault.hotpNext(id)).code, (await vault.hotpNext(id)).code];
    expect(shown).toEqual([hotpCode(secret, 0), hotpCode(secret, 1)]);

    // Whoever can write the profile's IndexedDB puts the first sealed copy back.
    store.records.set(id, old);
    await vault.lock();
    await vault.unlock({ passphrase: PASS });

    const next = await vault.hotpNext(id);
    expect(shown).not.toContain(next.code);
    expect(next.code).toBe(hotpCode(secret, 2));
    expect(vault.rolledBack()).toEqual([id]);
  }, 30_000);

  it('is noticed at unlock for any account, and a deleted record is noticed too', async () => {
    const { store, vault } = await newVault();
    const { id } = await vault.add({ kind: 'uri', uri: TOTP });
    const { id: other } = await vault.add({ kind: 'uri', uri: HOTP });
    const old = structuredClone(store.records.get(id)!);
    await vault.update(id, { label: 'renamed' });
    store.records.set(id, old);
    store.records.delete(other);
    await vault.lock();
    await vault.unlock({ passphrase: PASS });
    expect(vault.rolledBack().sort()).toEqual([id, other].sort());
  }, 30_000);

  it('a vault that was not tampered with reports nothing', async () => {
    const { vault } = await newVault();
    const { id } = await vault.add({ kind: 'uri', uri: HOTP });
    await vault.hotpNext(id);
    await vault.delete(id);
    await vault.undelete(id);
    await vault.lock();
    await vault.unlock({ passphrase: PASS });
    expect(vault.rolledBack()).toEqual([]);
  }, 30_000);
});

describe('crash safety of a change (records, then the vault version)', () => {
  it('a stop between the two writes leaves the new state, not a false alarm', async () => {
    const store = new CrashingStore();
    const { vault, clock } = await newVault(store);
    const { id } = await vault.add({ kind: 'uri', uri: HOTP });
    const secret = vault.accountsSnapshot()[0]!.otp;
    store.failNextHeader = true;
    // The code is not shown (the change did not finish), but the counter was stored.
    await expect(vault.hotpNext(id)).rejects.toThrow();
    const restarted = new VaultService(store, new MemoryKeyCache(), clock);
    await restarted.unlock({ passphrase: PASS });
    expect(restarted.rolledBack()).toEqual([]);
    expect((await restarted.hotpNext(id)).code).toBe(hotpCode(secret, 1));
  }, 30_000);

  it('a stop before the records are written leaves the old state', async () => {
    const { store, vault, clock } = await newVault();
    const { id } = await vault.add({ kind: 'uri', uri: TOTP });
    const before = store.snapshot();
    store.failNextPut = true;
    await expect(vault.update(id, { label: 'renamed' })).rejects.toThrow();
    expect(store.snapshot()).toBe(before);
    const restarted = new VaultService(store, new MemoryKeyCache(), clock);
    await restarted.unlock({ passphrase: PASS });
    expect(restarted.rolledBack()).toEqual([]);
  }, 30_000);
});

describe('an HOTP counter never goes back through a merge', () => {
  it('a later rename from another profile keeps the higher counter of this one', async () => {
    const clock = ticking();
    const { store: storeA, vault: a } = await newVault(new MemoryStore(), clock);
    const { id } = await a.add({ kind: 'uri', uri: HOTP });
    const storeB = copyOf(storeA);
    const b = new VaultService(storeB, new MemoryKeyCache(), clock);
    await b.unlock({ passphrase: PASS });
    const secret = b.accountsSnapshot()[0]!.otp;
    await b.hotpNext(id);
    await b.hotpNext(id);
    // A renames later, with the counter it still has (0).
    await a.update(id, { label: 'renamed in A' });
    const fromA = (await a.storedRecords()).find((r) => r.id === id)!;
    await b.applyRemote([fromA]);
    const view = b.list().find((v) => v.id === id)!;
    expect(view.label).toBe('renamed in A');
    expect((await b.hotpNext(id)).code).toBe(hotpCode(secret, 2));
  }, 30_000);
});
