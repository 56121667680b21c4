import { describe, expect, it } from 'vitest';
import { buildHeader } from '../../../lib/core/backup/format/header';
import { TesseraError } from '../../../lib/core/errors';
import { VaultService } from '../../../lib/core/vault/service';
import { MemoryKeyCache, MemoryStore } from './memoryStore';

const OLD = 'the old passphrase';
const NEW = 'the brand new passphrase';

function copyOf(store: MemoryStore): MemoryStore {
  const copy = new MemoryStore();
  copy.header = structuredClone(store.header);
  copy.records = new Map([...store.records].map(([k, v]) => [k, structuredClone(v)]));
  return copy;
}

async function errorOf(p: Promise<unknown>): Promise<TesseraError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TesseraError);
  return e as TesseraError;
}

/**
 * Profile A changes the passphrase while profile B (same vault, restored earlier) is locked.
 * B only sees A's backup header in sync storage; the old passphrase must stop working there.
 */
describe('unlocking with newer key slots from another profile', () => {
  it('refuses the old passphrase, accepts the new one and the recovery key, adopts the slots', async () => {
    const storeA = new MemoryStore();
    const a = new VaultService(storeA, new MemoryKeyCache());
    const { recoveryKey } = await a.create(OLD, OLD);
    await a.add({
      kind: 'uri',
      uri: 'otpauth://totp/Acme:me?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    });

    const storeB = copyOf(storeA);
    const b = new VaultService(storeB, new MemoryKeyCache());
    await b.unlock({ passphrase: OLD }); // B has been opened before, so it knows its vault id
    await b.lock();

    await a.changePassphrase(OLD, NEW, NEW);
    const keys = await a.backupKeys();
    const remote = await buildHeader(keys.masterKey, {
      gen: 1,
      slotsAt: keys.slotsAt,
      slots: keys.slots,
    });

    const before = storeB.snapshot();
    const refused = await errorOf(b.unlock({ passphrase: OLD }, remote));
    expect(refused.code).toBe('E_BAD_PASSPHRASE');
    expect(refused.message).toMatch(/changed in another browser profile/);
    expect(storeB.snapshot()).toBe(before);

    // A third profile in B's state, to try the recovery key against the same newer slots.
    const storeC = copyOf(storeB);

    await b.unlock({ passphrase: NEW }, remote);
    expect(b.list()).toHaveLength(1);
    expect(storeB.header?.slots).toEqual(remote.slots);
    await b.lock();
    // Adopted: without any remote the old passphrase no longer opens B either.
    expect((await errorOf(b.unlock({ passphrase: OLD }))).code).toBe('E_BAD_PASSPHRASE');

    const c = new VaultService(storeC, new MemoryKeyCache());
    await c.unlock({ recoveryKey }, remote);
    expect(c.list()).toHaveLength(1);
    expect(storeC.header?.slots).toEqual(remote.slots);
  }, 60_000);

  it('ignores a header forged with another vault key: no lock-out, no adoption', async () => {
    const store = new MemoryStore();
    const v = new VaultService(store, new MemoryKeyCache());
    await v.create(OLD, OLD);
    await v.lock();

    const other = new VaultService(new MemoryStore(), new MemoryKeyCache());
    await other.create(NEW, NEW);
    const otherKeys = await other.backupKeys();
    const forged = await buildHeader(otherKeys.masterKey, {
      gen: 1,
      slotsAt: Date.now() + 60_000,
      slots: otherKeys.slots,
    });

    const slotsBefore = structuredClone(store.header?.slots);
    expect((await errorOf(v.unlock({ passphrase: NEW }, forged))).code).toBe('E_BAD_PASSPHRASE');
    await v.unlock({ passphrase: OLD }, forged);
    expect(store.header?.slots).toEqual(slotsBefore);
  }, 60_000);
});
