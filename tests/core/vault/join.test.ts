import { describe, expect, it } from 'vitest';
import { HEADER_KEY } from '../../../lib/core/backup/format/layout';
import { MemorySyncArea } from '../../support/memorySyncArea';
import { decodeRoster, newProfileId, ROSTER_PREFIX } from '../../../lib/core/backup/roster';
import { BackupScheduler, type BackupMemo } from '../../../lib/core/backup/scheduler';
import type { SyncArea } from '../../../lib/core/backup/syncArea';
import { joinOffer, joinVault, mergeJoined, replaceBackup } from '../../../lib/core/vault/join';
import { VaultService } from '../../../lib/core/vault/service';
import { VAULT_FORMAT_VERSION, type Account, type KeyCache } from '../../../lib/core/vault/types';
import { buildHeader } from '../../../lib/core/backup/format/header';
import { createMasterKey, createPassphraseSlot } from '../../../lib/core/crypto';
import { encodeB64, randomBytes } from '../../../lib/core/crypto/bytes';
import { FAST_COST, expectCode, makeVault, type TestVault } from '../backup/helpers';
import { MemoryKeyCache, MemoryStore } from './memoryStore';
import { totpAccount } from './accountFixture';
import { memoOn } from '../backup/schedulerMemo';

const PASS_A = 'passphrase of the first profile';
const PASS_B = 'passphrase of the second profile';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function uri(issuer: string, label: string, seed: number): string {
  const secret = `JBSWY3DPEHPK3PXP${B32[seed % 32]}${B32[Math.floor(seed / 32) % 32]}AAAAAA`;
  return `otpauth://totp/${issuer}:${encodeURIComponent(label)}?secret=${secret}&issuer=${issuer}`;
}

/** A profile: its vault on memory stores, and its backup scheduler on the shared sync area. */
class Profile {
  readonly scheduler: BackupScheduler;
  memo: BackupMemo | undefined;
  vault: VaultService;

  constructor(
    readonly area: SyncArea,
    readonly store = new MemoryStore(),
    readonly cache: MemoryKeyCache = new MemoryKeyCache(),
  ) {
    this.vault = new VaultService(store, cache);
    this.scheduler = new BackupScheduler({
      vault: this.vault,
      area,
      memo: memoOn(this),
      wakeAt: async () => undefined,
      debounceMs: 5,
      remoteDelayMs: 5,
      profile: { read: async () => this.self, rename: async () => undefined },
    });
  }

  private readonly self = { id: newProfileId(), name: 'Test browser' };

  async adopt(v: TestVault, slotsAt = 1): Promise<void> {
    await this.vault.adoptRestored({
      header: { formatVersion: VAULT_FORMAT_VERSION, createdAt: 1, slots: v.slots },
      masterKey: v.masterKey,
      records: [],
      slotsAt,
    });
  }

  names(): string[] {
    return this.vault
      .list()
      .map((a) => `${a.issuer}:${a.label}`)
      .sort();
  }
}

/**
 * A holds vault A (backed up to sync), B holds vault B with its own accounts: one login both
 * have (same secret, other sites and tags), and one name both have with different secrets.
 */
async function twoVaults() {
  const area = new MemorySyncArea();
  const va = await makeVault(PASS_A);
  const vb = await makeVault(PASS_B);
  const a = new Profile(area);
  await a.scheduler.start();
  await a.adopt(va);
  await a.vault.addMany([uri('Alpha', 'a1', 1), uri('Alpha', 'a2', 2), uri('Shared', 'me', 9)]);
  await a.vault.addMany([uri('Acme', 'user', 20)]);
  const shared = a.vault.list().find((x) => x.issuer === 'Shared')!;
  await a.vault.update(shared.id, { sites: ['https://shared.example'], tags: ['work'] });
  await a.scheduler.syncNow();
  expect(area.peek()[HEADER_KEY]).toBeDefined();

  const b = new Profile(area.otherProfile());
  await b.adopt(vb, 2);
  await b.vault.addMany([uri('Beta', 'b1', 3), uri('Shared', 'me', 9), uri('Acme', 'user', 21)]);
  const bShared = b.vault.list().find((x) => x.issuer === 'Shared')!;
  await b.vault.update(bShared.id, { sites: ['https://login.shared.example'], tags: ['home'] });
  return { area, va, vb, a, b };
}

const UNION = ['Acme:user', 'Acme:user', 'Alpha:a1', 'Alpha:a2', 'Beta:b1', 'Shared:me'].sort();

describe('join the vault in sync storage', { timeout: 120_000 }, () => {
  it('joins with the passphrase: the union, one account per login, conflicts marked, new keys', async () => {
    const { va, a, b } = await twoVaults();
    expect((await joinOffer(b.vault, b.area)).offered).toBe(true);
    expect((await joinOffer(a.vault, a.area)).offered).toBe(false);

    const result = await joinVault(b.vault, b.area, { passphrase: PASS_A });
    expect(result).toMatchObject({ accounts: 6, added: 2, alreadyThere: 1 });
    expect(b.names()).toEqual(UNION);
    const shared = b.vault.list().find((x) => x.issuer === 'Shared')!;
    expect([...shared.sites].sort()).toEqual([
      'https://login.shared.example',
      'https://shared.example',
    ]);
    expect([...(shared.tags ?? [])].sort()).toEqual(['home', 'work']);
    const acme = b.vault.list().filter((x) => x.issuer === 'Acme');
    expect(acme.map((x) => x.secretConflict)).toEqual([true, true]);
    expect((await joinOffer(b.vault, b.area)).offered).toBe(false);
    // The old vault was kept aside, whole.
    expect(b.store.aside.at(-1)?.records.length).toBe(3);

    // B after a restart: the joined passphrase opens it, the old one no longer does.
    const restarted = new VaultService(b.store, new MemoryKeyCache());
    await expectCode(() => restarted.unlock({ passphrase: PASS_B }), 'E_BAD_PASSPHRASE');
    await restarted.unlock({ recoveryKey: va.recoveryKey });
    await restarted.lock();
    await restarted.unlock({ passphrase: PASS_A });
    expect(restarted.list()).toHaveLength(6);

    // A, on its next sync (sync storage changed), merges what B brought, with no action.
    a.scheduler.remoteChanged();
    await a.scheduler.idle();
    expect(a.names()).toEqual(UNION);
    expect(a.vault.list().find((x) => x.issuer === 'Shared')!.sites).toHaveLength(2);
  });

  it('drops passkey slots (they wrap the old key), keeps the session on the joined key', async () => {
    const { va, b } = await twoVaults();
    // A stand-in authenticator's PRF output: any 32 bytes the slot is made for.
    const output = encodeB64(randomBytes(32));
    const { grant } = await b.vault.preparePasskey(PASS_B);
    await b.vault.addPasskey(grant, { credential: encodeB64(randomBytes(32)), output });
    expect((await joinOffer(b.vault, b.area)).passkeys).toBe(1);
    await joinVault(b.vault, b.area, { passphrase: PASS_A });
    expect(b.store.header?.passkeys).toBeUndefined();
    expect(await b.vault.passkeys()).toEqual([]);
    expect(await b.cache.get()).toEqual(va.masterKey);
    // The old vault (with its passkey) was kept aside.
    expect(b.store.aside.at(-1)?.header?.passkeys).toHaveLength(1);
  });

  it('a planted header with many passphrase slots stops at the key-derivation budget', async () => {
    const { area, b } = await twoVaults();
    const key = createMasterKey();
    const slots = await Promise.all(
      ['one passphrase x', 'two passphrase x', 'three passphrase x'].map((p) =>
        createPassphraseSlot(key, p, FAST_COST),
      ),
    );
    await area.set({ [HEADER_KEY]: await buildHeader(key, { gen: 1, slotsAt: 5, slots }) });
    const local = b.store.snapshot();
    await expectCode(
      () => joinVault(b.vault, b.area, { passphrase: 'none of them' }),
      'E_KDF_BUDGET',
    );
    expect(b.store.snapshot()).toBe(local);
  });

  it('joins with the recovery key', async () => {
    const { va, b } = await twoVaults();
    await joinVault(b.vault, b.area, { recoveryKey: va.recoveryKey });
    expect(b.names()).toEqual(UNION);
  });

  it('a wrong passphrase or recovery key changes nothing', async () => {
    const { area, vb, b } = await twoVaults();
    const local = b.store.snapshot();
    const remote = JSON.stringify(area.peek());
    await expectCode(() => joinVault(b.vault, b.area, { passphrase: PASS_B }), 'E_BAD_PASSPHRASE');
    await expectCode(
      () => joinVault(b.vault, b.area, { recoveryKey: vb.recoveryKey }),
      'E_BAD_RECOVERY_KEY',
    );
    expect(b.store.snapshot()).toBe(local);
    expect(JSON.stringify(area.peek())).toBe(remote);
    expect(b.names()).toHaveLength(3);
  });

  it('a stop at every step leaves the old vault or the joined one, and a retry completes', async () => {
    const steps: string[] = [];
    for (let k = 1; ; k++) {
      const { area, b } = await twoVaults();
      const faults = new Faults(k);
      const store = faults.store(b.store);
      const cache = faults.cache(new MemoryKeyCache());
      const bArea = faults.area(area.otherProfile());
      const live = new VaultService(store, cache);
      await live.unlock({ passphrase: PASS_B });
      faults.on();
      let failed = false;
      try {
        await joinVault(live, bArea, { passphrase: PASS_A });
      } catch {
        failed = true;
      }
      faults.off();

      // The worker or the browser stopped there: a new service over the same storage.
      const after = new VaultService(b.store, new MemoryKeyCache());
      let joined: boolean;
      try {
        await after.unlock({ passphrase: PASS_B });
        joined = false;
        expect(
          after
            .list()
            .map((x) => `${x.issuer}:${x.label}`)
            .sort(),
        ).toEqual(['Acme:user', 'Beta:b1', 'Shared:me']);
      } catch {
        await after.unlock({ passphrase: PASS_A });
        joined = true;
      }
      if (joined) {
        expect(
          after
            .list()
            .map((x) => `${x.issuer}:${x.label}`)
            .sort(),
        ).toEqual(UNION);
      } else {
        await joinVault(after, area.otherProfile(), { passphrase: PASS_A });
        expect(
          after
            .list()
            .map((x) => `${x.issuer}:${x.label}`)
            .sort(),
        ).toEqual(UNION);
      }
      // Whatever happened, the backup holds the union once joined.
      await a_sync_check(area);
      if (!failed) {
        // Every step was interrupted once; this run met no fault.
        expect(k).toBeGreaterThan(5);
        // Stops before the swap leave the old vault; from the swap on, the joined one.
        expect(steps).toEqual([
          ...steps.filter((s) => s === 'old'),
          ...steps.filter((s) => s === 'joined'),
        ]);
        expect(steps).toContain('old');
        expect(steps).toContain('joined');
        break;
      }
      steps.push(joined ? 'joined' : 'old');
    }
  });

  it('merges the same login into one account and keeps different secrets apart', () => {
    const acc = (id: string, secret: number, extra: Partial<Account> = {}): Account =>
      totpAccount(Uint8Array.of(secret, 1, 2, 3, 4, 5, 6, 7, 8, 9), {
        id,
        updatedAt: 10,
        issuer: 'X',
        label: 'me',
        ...extra,
      });
    const remote = [acc('r1', 1, { sites: ['https://a.example'], updatedAt: 5 })].map(
      (account) => ({
        id: account.id,
        updatedAt: account.updatedAt,
        deleted: 0 as const,
        account,
        digest: 'd',
      }),
    );
    const merged = mergeJoined(
      remote,
      {
        live: [
          acc('l1', 1, { sites: ['https://b.example'], label: 'renamed', updatedAt: 20 }),
          acc('l2', 2),
          acc('l3', 1, { otp: { ...acc('x', 1).otp, digits: 8 } }),
        ],
        tombstones: [],
      },
      100,
    );
    const r1 = merged.live.find((x) => x.id === 'r1')!;
    expect(r1.label).toBe('renamed');
    expect(r1.sites.sort()).toEqual(['https://a.example', 'https://b.example']);
    expect(r1.updatedAt).toBe(100);
    // Other digits: another login, kept; another secret: kept.
    expect(merged.live.map((x) => x.id).sort()).toEqual(['l2', 'l3', 'r1']);
    expect(merged).toMatchObject({ alreadyThere: 1, added: 2 });
  });

  it('restoring into a profile that has accounts merges, never wipes', async () => {
    const { b } = await twoVaults();
    expect(await b.scheduler.restore({ passphrase: PASS_A })).toBe(6);
    expect(b.names()).toEqual(UNION);
    // Restoring again: the backup is this vault's now, so it is refused, not destructive.
    await expectCode(() => b.scheduler.restore({ passphrase: PASS_A }), 'E_VAULT_EXISTS');
    expect(b.names()).toEqual(UNION);
  });

  it('replaces the backup only with the other passphrase or the typed word', async () => {
    const { area, a, b } = await twoVaults();
    const before = JSON.stringify(area.peek());
    await expectCode(
      () => replaceBackup(b.vault, b.area, { typed: 'replace it', word: 'REPLACE' }),
      'E_FIELD_INVALID',
    );
    await expectCode(
      () => replaceBackup(b.vault, b.area, { passphrase: PASS_B }),
      'E_BAD_PASSPHRASE',
    );
    expect(JSON.stringify(area.peek())).toBe(before);

    const aRoster = rosterKeys(area);
    expect(aRoster.length).toBeGreaterThan(0);
    await replaceBackup(b.vault, b.area, { typed: ' replace ', word: 'REPLACE' });
    expect((await joinOffer(b.vault, b.area)).offered).toBe(false);
    // A's entry named a browser of the vault that was replaced: it goes with that vault.
    expect(rosterKeys(area).filter((k) => aRoster.includes(k))).toEqual([]);
    expect((await rosterOf(area, b.vault)).ignored).toEqual([]);
    // A keeps its accounts locally, but now it is the one offered to join.
    await a.scheduler.syncNow();
    expect((await a.scheduler.status()).state).toBe('foreign');
    expect(a.names()).toHaveLength(4);
    expect((await joinOffer(a.vault, a.area)).offered).toBe(true);
    await replaceBackup(a.vault, a.area, { passphrase: PASS_B });
    expect((await joinOffer(b.vault, b.area)).offered).toBe(true);
    expect((await rosterOf(area, a.vault)).ignored).toEqual([]);
  });
});

const rosterKeys = (area: MemorySyncArea) =>
  Object.keys(area.peek()).filter((k) => k.startsWith(ROSTER_PREFIX));

async function rosterOf(area: MemorySyncArea, vault: VaultService) {
  return decodeRoster(area.peek(), (await vault.backupKeys()).masterKey, null);
}

/** The backup, opened by a third profile with the joined passphrase, holds the union. */
async function a_sync_check(area: MemorySyncArea): Promise<void> {
  const c = new Profile(area.otherProfile());
  await c.scheduler.restore({ passphrase: PASS_A });
  expect(c.names()).toEqual(expect.arrayContaining(['Alpha:a1', 'Alpha:a2', 'Shared:me']));
}

/**
 * Throws at the k-th storage operation (sync reads and writes, vault store writes, key cache
 * writes), as a worker stop or a crash there would end the join.
 */
class Faults {
  private count = 0;
  private armed = false;
  constructor(private readonly at: number) {}

  on(): void {
    this.armed = true;
  }

  off(): void {
    this.armed = false;
  }

  private step(): void {
    if (this.armed && ++this.count === this.at) throw new Error(`stopped at step ${this.at}`);
  }

  area(inner: SyncArea): SyncArea {
    return {
      get: async (keys) => (this.step(), inner.get(keys)),
      set: async (items) => (this.step(), inner.set(items)),
      remove: async (keys) => (this.step(), inner.remove(keys)),
    };
  }

  store(inner: MemoryStore): MemoryStore {
    return new Proxy(inner, {
      get: (target, prop, receiver) => {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (
          typeof value === 'function' &&
          ['putHeader', 'putRecords', 'replaceVault', 'createHeader', 'setAside'].includes(
            String(prop),
          )
        ) {
          return async (...args: unknown[]) => {
            this.step();
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  cache(inner: KeyCache): KeyCache {
    return {
      get: () => inner.get(),
      set: async (k) => (this.step(), inner.set(k)),
      clear: async () => (this.step(), inner.clear()),
    };
  }
}
