import { describe, expect, it } from 'vitest';
import { VaultService } from '../../../lib/core/vault/service';
import { MemoryKeyCache, MemoryStore } from './memoryStore';

const PASS = 'correct horse battery staple';
const URI =
  'otpauth://totp/ACME:alice@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME';

/** A profile whose vault header was cleared while its account records stayed. */
async function headerlessProfile(): Promise<{ store: MemoryStore; recordIds: string[] }> {
  const store = new MemoryStore();
  const old = new VaultService(store, new MemoryKeyCache());
  await old.create(PASS, PASS);
  await old.add({ kind: 'uri', uri: URI });
  store.header = undefined;
  return { store, recordIds: [...store.records.keys()] };
}

describe('records left without a vault header', () => {
  it('are reported, and a new vault sets them aside untouched instead of failing on them', async () => {
    const { store, recordIds } = await headerlessProfile();
    const before = await store.listRecords();
    const vault = new VaultService(store, new MemoryKeyCache());
    expect(await vault.state()).toBe('none');
    expect(await vault.leftovers()).toBe(1);

    await vault.create(`${PASS} again`, `${PASS} again`);
    expect(await vault.state()).toBe('unlocked');
    expect(vault.list()).toEqual([]);
    expect(await vault.leftovers()).toBe(0);
    expect(store.aside).toHaveLength(1);
    expect(store.aside[0]!.records).toEqual(before);
    expect(store.aside[0]!.records.map((r) => r.id)).toEqual(recordIds);

    // The new vault works on: lock, unlock, add.
    await vault.lock();
    await vault.unlock({ passphrase: `${PASS} again` });
    await vault.add({ kind: 'uri', uri: URI });
    expect(vault.list()).toHaveLength(1);
  }, 60_000);

  it('a restored vault sets them aside too, and opens with the restored records only', async () => {
    const source = new MemoryStore();
    const cache = new MemoryKeyCache();
    const original = new VaultService(source, cache);
    await original.create(PASS, PASS);
    await original.add({ kind: 'uri', uri: URI });
    const keys = await original.backupKeys();

    const { store } = await headerlessProfile();
    const vault = new VaultService(store, new MemoryKeyCache());
    await vault.adoptRestored({
      header: (await source.getHeader())!,
      masterKey: keys.masterKey,
      records: await source.listRecords(),
      slotsAt: keys.slotsAt,
    });
    expect(await vault.state()).toBe('unlocked');
    expect(vault.list().map((a) => a.issuer)).toEqual(['ACME']);
    expect(store.aside).toHaveLength(1);
  }, 60_000);

  it('a profile with a readable vault reports no leftovers', async () => {
    const store = new MemoryStore();
    const vault = new VaultService(store, new MemoryKeyCache());
    expect(await vault.leftovers()).toBe(0);
    await vault.create(PASS, PASS);
    await vault.add({ kind: 'uri', uri: URI });
    await vault.lock();
    expect(await vault.leftovers()).toBe(0);
  }, 60_000);
});

describe('starting over from a vault that cannot be opened', () => {
  it('sets the damaged vault aside untouched and returns to the first run', async () => {
    const store = new MemoryStore();
    const vault = new VaultService(store, new MemoryKeyCache());
    await vault.create(PASS, PASS);
    await vault.add({ kind: 'uri', uri: URI });
    await vault.lock();
    store.header = { ...store.header!, slots: 'damaged' as unknown as [] };
    const damaged = store.snapshot();
    const e = await vault.unlock({ passphrase: PASS }).catch((err: unknown) => err);
    expect((e as { code?: string }).code).toBe('E_CORRUPT');

    await vault.startOver();
    expect(await vault.state()).toBe('none');
    expect(await vault.leftovers()).toBe(0);
    expect(store.aside).toHaveLength(1);
    expect(
      JSON.stringify({
        h: store.aside[0]!.header,
        r: store.aside[0]!.records.map((r) => [r.id, r]),
      }),
    ).toBe(damaged);
    await vault.create(`${PASS} anew`, `${PASS} anew`);
    expect(await vault.state()).toBe('unlocked');
  }, 60_000);

  it('never sets an open vault aside', async () => {
    const store = new MemoryStore();
    const vault = new VaultService(store, new MemoryKeyCache());
    await vault.create(PASS, PASS);
    const e = await vault.startOver().catch((err: unknown) => err);
    expect((e as { code?: string }).code).toBe('E_VAULT_EXISTS');
    expect(store.aside).toHaveLength(0);
    expect(await vault.state()).toBe('unlocked');
  }, 60_000);
});
