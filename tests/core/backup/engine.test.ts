import { describe, expect, it } from 'vitest';
import { BackupEngine } from '../../../lib/core/backup/engine';
import { MemorySyncArea } from '../../support/memorySyncArea';
import { decodeRemote } from '../../../lib/core/backup/remote';
import { createPassphraseSlot } from '../../../lib/core/crypto';
import { openAccount } from '../../../lib/core/vault/records';
import type { Account } from '../../../lib/core/vault/types';
import {
  FAST_COST,
  PASS,
  Profile,
  T0,
  byId,
  expectCode,
  makeAccounts,
  makeVault,
  type TestVault,
} from './helpers';

/** Small items force several shards with few accounts. */
const SMALL = { quotaBytesPerItem: 1200 };

async function twoProfiles(n = 40, limits = SMALL) {
  const vault = await makeVault();
  const area = new MemorySyncArea({ limits });
  const a = new Profile(vault, area, { limits });
  const b = new Profile(vault, area.otherProfile(), { limits });
  const accounts = makeAccounts(n);
  await a.put(accounts);
  expect((await a.push()).ok).toBe(true);
  expect((await b.pull()).ok).toBe(true);
  return { vault, area, a, b, accounts };
}

const edit = (a: Account, patch: Partial<Account>, at: number): Account => ({
  ...a,
  ...patch,
  updatedAt: at,
});

describe('BackupEngine: backup and restore', { timeout: 60_000 }, () => {
  it('backs up into an empty area and a new profile restores exactly, by passphrase or recovery key', async () => {
    const vault = await makeVault();
    const area = new MemorySyncArea();
    const a = new Profile(vault, area);
    const accounts = makeAccounts(60);
    await a.put(accounts);
    const out = await a.push();
    expect(out.ok).toBe(true);
    expect(out.remote).toBe('ok');
    expect(out.toWriteLocal).toEqual([]);

    const byPass = await BackupEngine.restore(area, { passphrase: PASS });
    expect(byId(byPass.accounts)).toEqual(byId(accounts));
    expect(byPass.masterKey).toEqual(vault.masterKey);
    expect(byPass.header.slots).toEqual(vault.slots);
    for (const r of byPass.records) {
      expect(await openAccount(vault.masterKey, r)).toEqual(accounts.find((x) => x.id === r.id));
    }
    const byRecovery = await BackupEngine.restore(area, { recoveryKey: vault.recoveryKey });
    expect(byId(byRecovery.accounts)).toEqual(byId(accounts));

    await expectCode(
      () => BackupEngine.restore(area, { passphrase: 'not the passphrase' }),
      'E_BAD_PASSPHRASE',
    );
    await expectCode(
      () => BackupEngine.restore(area, { recoveryKey: 'AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA' }),
      'E_BAD_RECOVERY_KEY',
    );
    await expectCode(
      () => BackupEngine.restore(new MemorySyncArea(), { passphrase: PASS }),
      'E_NOT_FOUND',
    );
  }, 30_000);

  it('writes nothing when nothing changed, and one item for one edit', async () => {
    const { a, area, accounts } = await twoProfiles(60);
    expect(Object.keys(area.peek()).length).toBeGreaterThan(3);
    const again = await a.push();
    expect(again.ok).toBe(true);
    expect(again.wrote).toEqual({ items: 0, removed: 0, operations: 0 });

    const target = accounts[17] as Account;
    await a.put([edit(target, { label: 'renamed@example.com' }, T0 + 5_000)]);
    const one = await a.push();
    expect(one.ok).toBe(true);
    expect(one.wrote).toEqual({ items: 1, removed: 0, operations: 1 });
  });

  it('reports status figures that match sync storage', async () => {
    const { a, area } = await twoProfiles(60);
    await a.push();
    const s = a.engine.status();
    expect(s.state).toBe('ok');
    expect(s.bytesInUse).toBe(await area.getBytesInUse(null));
    expect(s.percentUsed).toBeCloseTo((100 * s.bytesInUse) / 102_400, 1);
    expect(s.items).toBe(Object.keys(area.peek()).length);
    expect(s.accounts).toBe(60);
    expect(s.tombstones).toBe(0);
    expect(s.lastSuccessAt).toBe(T0);
    expect(s.lastError).toBeNull();
  });
});

describe('BackupEngine: every profile is a full peer', { timeout: 60_000 }, () => {
  it('adding in A and in B leaves both in both', async () => {
    const { a, b } = await twoProfiles();
    const [x] = makeAccounts(1, 101, 1000);
    const [y] = makeAccounts(1, 202, 2000);
    await a.put([x as Account]);
    await b.put([y as Account]);
    await a.push();
    await b.push();
    await a.pull();
    expect(await a.accounts()).toEqual(await b.accounts());
    const ids = (await a.accounts()).map((c) => c.id);
    expect(ids).toContain((x as Account).id);
    expect(ids).toContain((y as Account).id);
  });

  it('deleting in A deletes in B, keeping the account sealed in the tombstone for Undo', async () => {
    const { a, b, vault, accounts } = await twoProfiles();
    const gone = accounts[3] as Account;
    await a.remove(gone.id, T0 + 10_000);
    await a.push();
    const out = await b.pull();
    expect(out.removals).toEqual([gone.id]);
    expect((await b.accounts()).map((c) => c.id)).not.toContain(gone.id);
    const tomb = b.records.get(gone.id);
    expect(tomb?.deleted).toBe(1);
    expect(tomb?.updatedAt).toBe(T0 + 10_000);
    expect((await openAccount(vault.masterKey, tomb)).label).toBe(gone.label);
  });

  it('concurrent edits: the later edit wins, nothing else is lost', async () => {
    const { a, b, accounts } = await twoProfiles();
    const t = accounts[5] as Account;
    await a.put([edit(t, { label: 'from A' }, T0 + 10_000)]);
    await b.put([edit(t, { issuer: 'from B' }, T0 + 20_000)]);
    await a.push();
    await b.push();
    await a.pull();
    const final = (await a.accounts()).find((c) => c.id === t.id);
    expect(final?.issuer).toBe('from B');
    expect(final?.label).toBe(t.label);
    expect(await a.accounts()).toEqual(await b.accounts());
    expect(await a.accounts()).toHaveLength(accounts.length);
  });

  it('a profile that was offline does not bring a deleted account back', async () => {
    const { a, b, accounts } = await twoProfiles();
    const gone = accounts[9] as Account;
    await a.remove(gone.id, T0 + 10_000);
    await a.push();
    // b never pulled; its older live copy meets the newer tombstone.
    const out = await b.push();
    expect(out.removals).toEqual([gone.id]);
    await a.pull();
    expect((await a.accounts()).map((c) => c.id)).not.toContain(gone.id);
    const snap = await decodeRemote(await a.engine['area'].get(null), a.vault.masterKey);
    expect(snap.entries.find((e) => e.id === gone.id)?.deleted).toBe(1);
  });

  it('asks before a merge removes more than a few accounts; keep or apply on the answer', async () => {
    const { a, b, accounts } = await twoProfiles();
    const doomed = accounts.slice(0, 5);
    for (const [i, d] of doomed.entries()) await a.remove(d.id, T0 + 10_000 + i);
    await a.push();

    const before = b.snapshot();
    const asked = await b.pull();
    expect(asked.decision).toEqual({
      kind: 'confirm-removals',
      ids: doomed.map((d) => d.id).sort(),
    });
    expect(asked.removals).toEqual([]);
    expect(b.snapshot()).toBe(before);

    // "Keep them": the local copies become the newest change and come back everywhere.
    const kept = await b.push({ removals: 'keep' });
    expect(kept.ok).toBe(true);
    expect(kept.decision).toBeNull();
    await a.pull({ removals: 'apply' });
    expect((await a.accounts()).map((c) => c.id)).toEqual(
      expect.arrayContaining(doomed.map((d) => d.id)),
    );
    expect(await a.accounts()).toEqual(await b.accounts());

    // Now delete them again and this time apply.
    for (const [i, d] of doomed.entries()) await a.remove(d.id, T0 + 100_000 + i);
    await a.push();
    const applied = await b.pull({ removals: 'apply' });
    expect(applied.removals.sort()).toEqual(doomed.map((d) => d.id).sort());
    expect(await b.accounts()).toHaveLength(accounts.length - 5);
  });
});

describe('BackupEngine: never lose data', { timeout: 60_000 }, () => {
  it('an empty remote never deletes local accounts', async () => {
    const { a, area } = await twoProfiles();
    for (const k of Object.keys(area.peek())) area.poke(k, undefined);
    const before = a.snapshot();
    const out = await a.pull();
    expect(out.remote).toBe('empty');
    expect(out.toWriteLocal).toEqual([]);
    expect(a.snapshot()).toBe(before);
    // The next push simply backs everything up again.
    expect((await a.push()).ok).toBe(true);
    expect((await a.engine.verify(a.list())).ok).toBe(true);
  });

  it('a remote written by a newer format is left alone, with a clear message', async () => {
    const { a, area } = await twoProfiles();
    const header = area.peek().h as Record<string, unknown>;
    area.poke('h', { ...header, v: 2, somethingNew: true });
    const remote = JSON.stringify(area.peek());
    const before = a.snapshot();
    for (const run of [() => a.pull(), () => a.push()]) {
      const out = await run();
      expect(out.ok).toBe(false);
      expect(out.remote).toBe('unsupported');
      expect(out.error?.code).toBe('E_UNSUPPORTED_VERSION');
      expect(out.error?.message).toMatch(/newer version of Tessera/);
    }
    expect(JSON.stringify(area.peek())).toBe(remote);
    expect(a.snapshot()).toBe(before);
    await expectCode(
      () => BackupEngine.restore(area, { passphrase: PASS }),
      'E_UNSUPPORTED_VERSION',
    );
  });

  it("another vault's backup is left alone until the user replaces it", async () => {
    const mine = await makeVault();
    const theirs = await makeVault('their passphrase!');
    const area = new MemorySyncArea();
    const them = new Profile(theirs, area);
    await them.put(makeAccounts(10, 5));
    await them.push();
    const remote = JSON.stringify(area.peek());

    const me = new Profile(mine, area.otherProfile());
    await me.put(makeAccounts(12, 6));
    const refused = await me.push();
    expect(refused.remote).toBe('foreign');
    expect(refused.error?.code).toBe('E_VAULT_EXISTS');
    expect(JSON.stringify(area.peek())).toBe(remote);

    const replaced = await me.engine.replaceRemote(me.list());
    expect(replaced.ok).toBe(true);
    const restored = await BackupEngine.restore(area, { passphrase: PASS });
    expect(byId(restored.accounts)).toEqual(await me.accounts());
    // And now the other vault's profile is the one left out, its own data untouched.
    const theirsBefore = them.snapshot();
    const out = await them.push();
    expect(out.error?.code).toBe('E_VAULT_EXISTS');
    expect(them.snapshot()).toBe(theirsBefore);
  }, 30_000);

  it('a single account too large for one item is E_BACKUP_TOO_LARGE; nothing is written', async () => {
    const vault = await makeVault();
    const limits = { quotaBytesPerItem: 300 };
    const area = new MemorySyncArea({ limits });
    const p = new Profile(vault, area, { limits });
    const [big] = makeAccounts(1);
    await p.put([
      {
        ...(big as Account),
        otp: { ...(big as Account).otp, secret: new Uint8Array(400).fill(7) },
      },
    ]);
    const out = await p.push();
    expect(out.ok).toBe(false);
    expect(out.error?.code).toBe('E_BACKUP_TOO_LARGE');
    expect(out.status.state).toBe('too-large');
    expect(area.peek()).toEqual({});
  });

  it('a vault beyond the total quota is E_BACKUP_TOO_LARGE; the last good backup stays', async () => {
    const { a, area, accounts } = await twoProfiles(30, { quotaBytesPerItem: 1200 });
    const remote = JSON.stringify(area.peek());
    const limits = { quotaBytesPerItem: 1200, quotaBytes: (await area.getBytesInUse(null)) + 200 };
    const small = new Profile(a.vault, area.otherProfile({ limits }), { limits });
    await small.put(accounts);
    await small.put(makeAccounts(40, 99, 500));
    const out = await small.push();
    expect(out.error?.code).toBe('E_BACKUP_TOO_LARGE');
    expect(out.error?.detail?.neededBytes).toBeGreaterThan(limits.quotaBytes);
    expect(JSON.stringify(area.peek())).toBe(remote);
    expect(await small.accounts()).toHaveLength(70);
  });
});

describe('BackupEngine: other data in sync storage', { timeout: 60_000 }, () => {
  it('is never touched, and its size counts against the quota', async () => {
    const vault = await makeVault();
    const area = new MemorySyncArea();
    area.poke('settings', { theme: 'dark', note: 'n'.repeat(8000) });
    area.poke('s:01', 'not ours: no shard key has a leading zero');
    const p = new Profile(vault, area);
    await p.put(makeAccounts(30));
    expect((await p.push()).ok).toBe(true);
    expect(area.peek().settings).toEqual({ theme: 'dark', note: 'n'.repeat(8000) });
    expect(area.peek()['s:01']).toBe('not ours: no shard key has a leading zero');

    const used = await area.getBytesInUse(null);
    const tight = new BackupEngine({
      area,
      masterKey: vault.masterKey,
      keySlots: vault.slots,
      keySlotsAt: T0,
      now: () => T0,
      reserveBytes: 102_400 - used + 1,
    });
    const out = await tight.push(p.list());
    expect(out.error?.code).toBe('E_BACKUP_TOO_LARGE');
    const other = (await area.getBytesInUse(['settings', 's:01'])) as number;
    expect(out.error?.detail?.availableBytes).toBe(102_400 - other - (102_400 - used + 1));
  });
});

describe('BackupEngine: quota errors and back-off', { timeout: 60_000 }, () => {
  async function setup(maxWriteOperationsPerMinute = 120) {
    let now = T0;
    const vault = await makeVault();
    const limits = { maxWriteOperationsPerMinute };
    const area = new MemorySyncArea({ now: () => now, limits });
    const p = new Profile(vault, area, { now: () => now, limits });
    await p.put(makeAccounts(5));
    return { p, area, advance: (ms: number) => (now += ms), vault };
  }

  it('classifies the browser refusals and keeps working locally', async () => {
    const { p, area } = await setup();
    const cases: [string, string, number | null][] = [
      ['QUOTA_BYTES quota exceeded', 'E_BACKUP_TOO_LARGE', null],
      ['Resource::kQuotaBytesPerItem quota exceeded', 'E_BACKUP_TOO_LARGE', null],
      [
        'QuotaExceededError: storage.sync API call exceeded its quota limitations.',
        'E_BACKUP_TOO_LARGE',
        null,
      ],
      ['MAX_ITEMS quota exceeded', 'E_BACKUP_TOO_LARGE', null],
      ['Network unreachable', 'E_INTERNAL', 5_000],
    ];
    for (const [message, code, retry] of cases) {
      area.failNextWrite(message);
      const before = p.snapshot();
      const out = await p.push();
      expect(out.ok, message).toBe(false);
      expect(out.error?.code, message).toBe(code);
      expect(out.retryAfterMs, message).toBe(retry);
      expect(p.snapshot()).toBe(before);
    }
  });

  it('backs off on the write-rate limits, then succeeds', async () => {
    const { p, area, advance } = await setup();
    area.failNextWrite('This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.');
    const out = await p.push();
    expect(out.status.state).toBe('rate-limited');
    expect(out.retryAfterMs).toBeGreaterThan(0);
    expect(out.retryAfterMs).toBeLessThanOrEqual(60_000);
    // Waiting less than told: the engine does not even try.
    const writes = area.writeOperations;
    advance(1_000);
    const early = await p.push();
    expect(early.status.state).toBe('rate-limited');
    expect(area.writeOperations).toBe(writes);
    advance(out.retryAfterMs as number);
    expect((await p.push()).ok).toBe(true);
  });

  it('counts its own writes and waits before the browser has to refuse', async () => {
    const { p, area, advance, vault } = await setup(4);
    let refused = 0;
    for (let i = 0; i < 10; i++) {
      await p.put([{ ...(makeAccounts(1, 50 + i, 100 + i)[0] as Account) }]);
      const out = await p.push();
      if (!out.ok) {
        refused++;
        expect(out.status.state).toBe('rate-limited');
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect(area.writeOperations).toBeLessThanOrEqual(4);
    advance(60_000);
    expect((await p.push()).ok).toBe(true);
    const restored = await BackupEngine.restore(area, { recoveryKey: vault.recoveryKey });
    expect(restored.accounts).toHaveLength(15);
  });
});

describe('BackupEngine: key slots', { timeout: 60_000 }, () => {
  async function changePassphrase(vault: TestVault, passphrase: string) {
    const recovery = vault.slots.filter((s) => s.kind === 'recovery');
    return [await createPassphraseSlot(vault.masterKey, passphrase, FAST_COST), ...recovery];
  }

  it('a passphrase change re-wraps the key; the recovery key keeps working; older slots never win', async () => {
    const { a, b, area, vault } = await twoProfiles(10);
    const slots = await changePassphrase(vault, 'a brand new passphrase');
    a.engine.setKeySlots(slots, T0 + 60_000);
    const out = await a.push();
    expect(out.wrote).toEqual({ items: 1, removed: 0, operations: 1 });

    await expectCode(() => BackupEngine.restore(area, { passphrase: PASS }), 'E_BAD_PASSPHRASE');
    const byNew = await BackupEngine.restore(area, { passphrase: 'a brand new passphrase' });
    expect(byNew.masterKey).toEqual(vault.masterKey);
    const byRecovery = await BackupEngine.restore(area, { recoveryKey: vault.recoveryKey });
    expect(byRecovery.accounts).toHaveLength(10);

    // b still has the old slots: it learns about the new ones and does not overwrite them.
    const header = JSON.stringify(area.peek().h);
    await b.put(makeAccounts(1, 77, 900));
    const pushed = await b.push();
    expect(pushed.ok).toBe(true);
    expect(pushed.remoteKeySlots?.slotsAt).toBe(T0 + 60_000);
    expect(pushed.remoteKeySlots?.slots).toEqual(slots);
    expect(JSON.stringify(area.peek().h)).toBe(header);
  }, 30_000);
});

describe('BackupEngine: verify', { timeout: 60_000 }, () => {
  it('tells whether the remote holds every local change', async () => {
    const { a, area, accounts } = await twoProfiles();
    expect(await a.engine.verify(a.list())).toMatchObject({ ok: true, missing: [], behind: [] });
    const t = accounts[2] as Account;
    await a.put([edit(t, { label: 'x' }, T0 + 1_000)]);
    const [n] = makeAccounts(1, 3, 3000);
    await a.put([n as Account]);
    const v = await a.engine.verify(a.list());
    expect(v.ok).toBe(false);
    expect(v.behind).toEqual([t.id]);
    expect(v.missing).toEqual([(n as Account).id]);
    await a.push();
    expect((await a.engine.verify(a.list())).ok).toBe(true);
    void area;
  });
});
