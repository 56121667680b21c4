import { describe, expect, it } from 'vitest';
import { MemorySyncArea } from '../../support/memorySyncArea';
import { BackupScheduler, type BackupMemo } from '../../../lib/core/backup/scheduler';
import { HEADER_KEY } from '../../../lib/core/backup/format/layout';
import { hotpCode } from '../../../lib/core/otp';
import { VaultService } from '../../../lib/core/vault/service';
import { VAULT_FORMAT_VERSION } from '../../../lib/core/vault/types';
import { MemoryKeyCache, MemoryStore } from '../vault/memoryStore';
import { PASS, expectCode, makeVault, type TestVault } from './helpers';
import { memoOn } from './schedulerMemo';

const NEW_PASS = 'a different and much longer passphrase';

function uri(i: number, type: 'totp' | 'hotp' = 'totp', counter = 0): string {
  // Distinct secrets: the vault refuses the same secret twice.
  const secret = `JBSWY3DPEHPK3PXP${'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[i % 32]}${'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[Math.floor(i / 32) % 32]}AAAAAA`;
  const extra = type === 'hotp' ? `&counter=${counter}` : '';
  return `otpauth://${type}/Acme:user${i}%40example.com?secret=${secret}&issuer=Acme${extra}`;
}

/** One browser profile: its vault (in memory), its scheduler and the wake-up alarms it set. */
class TestProfile {
  readonly store = new MemoryStore();
  readonly vault: VaultService;
  readonly scheduler: BackupScheduler;
  memo: BackupMemo | undefined;
  readonly wakes: (number | null)[] = [];

  constructor(
    readonly area: MemorySyncArea,
    options: {
      confirmRemovalsAbove?: number;
      limits?: MemorySyncArea['limits'];
      debounceMs?: number;
    } = {},
  ) {
    this.vault = new VaultService(this.store, new MemoryKeyCache());
    this.scheduler = new BackupScheduler({
      vault: this.vault,
      area,
      memo: memoOn(this),
      wakeAt: async (at) => {
        this.wakes.push(at);
      },
      debounceMs: options.debounceMs ?? 20,
      remoteDelayMs: 5,
      engine: {
        confirmRemovalsAbove: options.confirmRemovalsAbove,
        ...(options.limits ? { limits: options.limits } : {}),
      },
    });
  }

  /** A vault from a test key (cheap Argon2id), as if created here. */
  async adopt(v: TestVault): Promise<void> {
    await this.vault.adoptRestored({
      header: { formatVersion: VAULT_FORMAT_VERSION, createdAt: 1, slots: v.slots },
      masterKey: v.masterKey,
      records: [],
      slotsAt: 1,
    });
  }

  async names(): Promise<string[]> {
    return this.vault
      .list()
      .map((a) => a.label)
      .sort();
  }

  async settle(): Promise<void> {
    await this.scheduler.idle();
  }
}

async function started(
  area: MemorySyncArea,
  v?: TestVault,
  options: ConstructorParameters<typeof TestProfile>[1] = {},
): Promise<TestProfile> {
  const p = new TestProfile(area, options);
  await p.scheduler.start();
  if (v) {
    await p.adopt(v);
    await p.settle();
  }
  return p;
}

describe('BackupScheduler', { timeout: 120_000 }, () => {
  it('backs up every change within the debounce, on by default, and reports it', async () => {
    const area = new MemorySyncArea();
    // A debounce long enough that three quick edits fall inside it even on a busy machine.
    const a = await started(area, await makeVault(), { debounceMs: 400 });
    expect(a.memo?.enabled).toBe(true);
    await a.vault.addMany([uri(1), uri(2), uri(3)]);
    expect(a.memo?.pending).toBe(true);
    await a.settle();
    const status = await a.scheduler.status();
    expect(status).toMatchObject({ pending: false, state: 'ok', accounts: 3, error: null });
    expect(status.lastSuccessAt).not.toBeNull();
    expect(status.percentUsed).toBeGreaterThan(0);
    expect(status.warning).toBeNull();
    expect(area.peek()[HEADER_KEY]).toBeDefined();
    // Several quick edits: one backup run after the last (debounced), one write.
    const writesBefore = area.writeOperations;
    const [first] = a.vault.list();
    for (const label of ['x1', 'x2', 'x3']) await a.vault.update(first!.id, { label });
    await a.settle();
    expect(area.writeOperations - writesBefore).toBe(1);
    expect((await a.scheduler.verify()).ok).toBe(true);
  });

  it('a locked vault keeps changes pending and backs them up right after unlock', async () => {
    const area = new MemorySyncArea();
    const v = await makeVault();
    const a = await started(area, v);
    await a.vault.addMany([uri(1)]);
    // Locked before the debounce fired: nothing can be sealed without the key.
    await a.vault.lock();
    await new Promise((r) => setTimeout(r, 60));
    await a.settle();
    expect(a.memo?.pending).toBe(true);
    expect((await a.scheduler.status()).waitingForUnlock).toBe(true);
    await a.vault.unlock({ passphrase: PASS });
    await a.settle();
    expect(a.memo?.pending).toBe(false);
    expect(a.memo?.accounts).toBe(1);
  });

  it('a new profile restores every account (HOTP counter included), then both merge both ways', async () => {
    const area = new MemorySyncArea();
    const v = await makeVault();
    const a = await started(area, v);
    await a.vault.addMany([uri(1), uri(2), uri(3), uri(4), uri(5), uri(6, 'hotp', 7)]);
    await a.settle();

    const b = await started(area.otherProfile());
    expect(await b.scheduler.remoteInfo()).toEqual({
      present: true,
      restorable: true,
      problem: null,
    });
    await expectCode(
      () => b.scheduler.restore({ passphrase: 'wrong passphrase!' }),
      'E_BAD_PASSPHRASE',
    );
    expect(b.store.header).toBeUndefined();
    expect(b.store.records.size).toBe(0);

    expect(await b.scheduler.restore({ passphrase: PASS })).toBe(6);
    await b.settle();
    expect(await b.names()).toEqual(await a.names());
    const hotpA = a.vault.accountsSnapshot().find((x) => x.otp.type === 'hotp')!;
    const hotpB = b.vault.accountsSnapshot().find((x) => x.otp.type === 'hotp')!;
    expect(hotpB.otp.counter).toBe(7);
    expect(hotpCode(hotpB.otp, 7)).toBe(hotpCode(hotpA.otp, 7));

    // B adds one, A deletes one; each notices the other's writes and merges.
    await b.vault.addMany([uri(20)]);
    await b.settle();
    const gone = a.vault.list().find((x) => x.label === 'user1@example.com')!;
    await a.vault.delete(gone.id);
    await a.settle();
    b.scheduler.remoteChanged();
    await b.settle();
    a.scheduler.remoteChanged();
    await a.settle();
    expect(await a.names()).toEqual(await b.names());
    expect(await a.names()).toContain('user20@example.com');
    expect(await a.names()).not.toContain('user1@example.com');
    expect(a.memo?.mergedAt).not.toBeNull();
    expect((await a.scheduler.verify()).ok).toBe(true);
    expect((await b.scheduler.verify()).ok).toBe(true);

    // A profile that already has the vault merges; restoring again is refused, not destructive.
    await expectCode(() => b.scheduler.restore({ passphrase: PASS }), 'E_VAULT_EXISTS');
  });

  it('restores with the recovery key too', async () => {
    const area = new MemorySyncArea();
    const v = await makeVault();
    const a = await started(area, v);
    await a.vault.addMany([uri(1), uri(2)]);
    await a.settle();
    const b = await started(area.otherProfile());
    await expectCode(
      () => b.scheduler.restore({ recoveryKey: 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH' }),
      'E_BAD_RECOVERY_KEY',
    );
    expect(await b.scheduler.restore({ recoveryKey: v.recoveryKey })).toBe(2);
    expect(await b.names()).toEqual(await a.names());
  });

  it('removals above the threshold wait for the user: keep brings them back everywhere, apply deletes', async () => {
    const area = new MemorySyncArea();
    const v = await makeVault();
    const a = await started(area, v, { confirmRemovalsAbove: 2 });
    await a.vault.addMany([1, 2, 3, 4, 5, 6].map((i) => uri(i)));
    await a.settle();
    const b = await started(area.otherProfile(), undefined, { confirmRemovalsAbove: 2 });
    await b.scheduler.restore({ passphrase: PASS });
    await b.settle();

    for (const x of a.vault.list().slice(0, 3)) await a.vault.delete(x.id);
    await a.settle();
    b.scheduler.remoteChanged();
    await b.settle();
    expect(b.vault.list()).toHaveLength(6);
    const asked = await b.scheduler.status();
    expect(asked.removals).toHaveLength(3);
    expect(asked.warning).toBeNull();

    await b.scheduler.syncNow('keep');
    expect(b.vault.list()).toHaveLength(6);
    expect(b.memo?.removals).toBeNull();
    a.scheduler.remoteChanged();
    await a.settle();
    expect(a.vault.list()).toHaveLength(6);

    for (const x of a.vault.list().slice(0, 3)) await a.vault.delete(x.id);
    await a.settle();
    b.scheduler.remoteChanged();
    await b.settle();
    expect(b.memo?.removals).toHaveLength(3);
    await b.scheduler.syncNow('apply');
    expect(b.vault.list()).toHaveLength(3);
    expect(b.memo?.removals).toBeNull();
    // Deleted here with an Undo, as a local deletion would be.
    const undone = b.store.records.size - b.vault.list().length;
    expect(undone).toBe(3);
  });

  it("another vault's backup is left alone with a clear error; nothing written, local unchanged", async () => {
    const area = new MemorySyncArea();
    const a = await started(area, await makeVault());
    await a.vault.addMany([uri(1)]);
    await a.settle();
    const before = JSON.stringify(area.peek());

    const other = await started(
      area.otherProfile(),
      await makeVault('another passphrase entirely'),
    );
    await other.vault.addMany([uri(2)]);
    await other.settle();
    const status = await other.scheduler.status();
    expect(status.state).toBe('foreign');
    expect(status.error?.code).toBe('E_VAULT_EXISTS');
    expect(status.warning).toBe('failed');
    expect(status.pending).toBe(true);
    expect(JSON.stringify(area.peek())).toBe(before);
    expect(other.vault.list()).toHaveLength(1);
  });

  it('too large for sync: E_BACKUP_TOO_LARGE, the last good backup stays, the vault keeps working', async () => {
    const limits = { ...new MemorySyncArea().limits, quotaBytes: 2_500, quotaBytesPerItem: 1_200 };
    const area = new MemorySyncArea({ limits });
    const a = await started(area, await makeVault(), { limits });
    await a.vault.addMany([uri(1)]);
    await a.settle();
    const good = JSON.stringify(area.peek());
    await a.vault.addMany(Array.from({ length: 60 }, (_, i) => uri(100 + i)));
    await a.settle();
    const status = await a.scheduler.status();
    expect(status.state).toBe('too-large');
    expect(status.error?.code).toBe('E_BACKUP_TOO_LARGE');
    expect(status.pending).toBe(true);
    expect(JSON.stringify(area.peek())).toBe(good);
    expect(a.vault.list()).toHaveLength(61);
  });

  it('rate limits and failures back off with a wake-up alarm instead of spending writes', async () => {
    const area = new MemorySyncArea();
    const a = await started(area, await makeVault());
    area.failNextWrite('This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.');
    await a.vault.addMany([uri(1)]);
    await a.settle();
    expect(a.memo?.state).toBe('rate-limited');
    expect(a.memo?.pending).toBe(true);
    const retryAt = a.memo?.retryAt;
    expect(retryAt).toBeGreaterThan(Date.now() + 30_000);
    expect(a.wakes).toContain(retryAt);
    // The alarm before its time does nothing; "Back up now" ignores the wait only when asked.
    await a.scheduler.alarm();
    expect(a.memo?.pending).toBe(true);
  });

  it('a passphrase change re-wraps the key and reaches the other profile; the recovery key keeps working', async () => {
    const area = new MemorySyncArea();
    const v = await makeVault();
    const a = await started(area, v);
    await a.vault.addMany([uri(1)]);
    await a.settle();
    const b = await started(area.otherProfile());
    await b.scheduler.restore({ passphrase: PASS });
    await b.settle();

    await expectCode(() => a.vault.changePassphrase('not it at all', NEW_PASS), 'E_BAD_PASSPHRASE');
    await a.vault.changePassphrase(PASS, NEW_PASS, NEW_PASS);
    await a.settle();
    b.scheduler.remoteChanged();
    await b.settle();

    await b.vault.lock();
    await expectCode(() => b.vault.unlock({ passphrase: PASS }), 'E_BAD_PASSPHRASE');
    await b.vault.unlock({ passphrase: NEW_PASS });
    await b.vault.lock();
    await b.vault.unlock({ recoveryKey: v.recoveryKey });
    expect(b.vault.list()).toHaveLength(1);

    // A third profile restores with the new passphrase only.
    const c = await started(area.otherProfile());
    await expectCode(() => c.scheduler.restore({ passphrase: PASS }), 'E_BAD_PASSPHRASE');
    expect(await c.scheduler.restore({ passphrase: NEW_PASS })).toBe(1);
  });

  it('a regenerated recovery key replaces the old one everywhere once synced', async () => {
    const area = new MemorySyncArea();
    const v = await makeVault();
    const a = await started(area, v);
    await a.vault.addMany([uri(1)]);
    await a.settle();
    const { recoveryKey } = await a.vault.regenerateRecoveryKey(PASS);
    expect(recoveryKey).not.toBe(v.recoveryKey);
    await a.settle();
    const b = await started(area.otherProfile());
    await expectCode(
      () => b.scheduler.restore({ recoveryKey: v.recoveryKey }),
      'E_BAD_RECOVERY_KEY',
    );
    expect(await b.scheduler.restore({ recoveryKey })).toBe(1);
  });

  it('backup off: no writes at all; on again: backs up what happened meanwhile', async () => {
    const area = new MemorySyncArea();
    const a = await started(area, await makeVault());
    await a.scheduler.setEnabled(false);
    const before = area.writeOperations;
    await a.vault.addMany([uri(1), uri(2)]);
    await a.settle();
    expect(area.writeOperations).toBe(before);
    expect((await a.scheduler.status()).state).toBe('off');
    await expectCode(() => a.scheduler.syncNow(), 'E_BAD_REQUEST');
    const on = await a.scheduler.setEnabled(true);
    expect(on).toMatchObject({ enabled: true, pending: false, accounts: 2, state: 'ok' });
  });

  it('a restarted service worker finishes a backup its predecessor left pending, and only then', async () => {
    const area = new MemorySyncArea();
    const v = await makeVault();
    const a = await started(area, v);
    await a.vault.addMany([uri(1)]);
    await a.settle();
    // A worker start with nothing waiting and a fresh last run reads nothing, writes nothing.
    const reads = { n: 0 };
    const counting = Object.assign(Object.create(area) as MemorySyncArea, {
      get: (keys?: string[] | null) => (reads.n++, area.get(keys)),
    });
    const fresh = () =>
      new BackupScheduler({
        vault: a.vault,
        area: counting,
        memo: { read: async () => structuredClone(a.memo), write: async (m) => void (a.memo = m) },
        wakeAt: async () => undefined,
        debounceMs: 20,
      });
    const idleStart = fresh();
    await idleStart.start();
    await idleStart.idle();
    expect(reads.n).toBe(0);
    idleStart.stop();

    // The old worker stopped between the change and its debounce timer: the memo says pending.
    a.scheduler.stop();
    await a.vault.addMany([uri(2)]);
    a.memo = { ...a.memo!, pending: true, pendingSince: Date.now() };
    const next = fresh();
    await next.start();
    await next.idle();
    expect(reads.n).toBeGreaterThan(0);
    expect(a.memo?.pending).toBe(false);
    expect(a.memo?.accounts).toBe(2);
    next.stop();
  });

  it('warns when changes have waited for over a day, and when the last run failed', async () => {
    const a = await started(new MemorySyncArea(), await makeVault());
    const day = 24 * 60 * 60_000;
    a.memo = { ...a.memo!, pending: true, lastSuccessAt: Date.now() - 2 * day, error: null };
    const fresh = new BackupScheduler({
      vault: a.vault,
      area: a.area,
      memo: { read: async () => structuredClone(a.memo), write: async () => undefined },
      wakeAt: async () => undefined,
    });
    expect((await fresh.status()).warning).toBe('stale');
    a.memo = { ...a.memo, lastSuccessAt: Date.now() - day / 2 };
    const recent = new BackupScheduler({
      vault: a.vault,
      area: a.area,
      memo: { read: async () => structuredClone(a.memo), write: async () => undefined },
      wakeAt: async () => undefined,
    });
    expect((await recent.status()).warning).toBeNull();
    a.memo = { ...a.memo, error: { code: 'E_INTERNAL', message: 'sync is off' } };
    const failed = new BackupScheduler({
      vault: a.vault,
      area: a.area,
      memo: { read: async () => structuredClone(a.memo), write: async () => undefined },
      wakeAt: async () => undefined,
    });
    expect((await failed.status()).warning).toBe('failed');
  });

  it('tells a first-run page whether a backup is there, without any key', async () => {
    const area = new MemorySyncArea();
    const b = await started(area.otherProfile());
    expect(await b.scheduler.remoteInfo()).toEqual({
      present: false,
      restorable: false,
      problem: null,
    });
    await expectCode(() => b.scheduler.restore({ passphrase: PASS }), 'E_NOT_FOUND');
    area.poke(HEADER_KEY, { v: 99 });
    const info = await b.scheduler.remoteInfo();
    expect(info.present).toBe(true);
    expect(info.restorable).toBe(false);
    expect(info.problem?.code).toBe('E_UNSUPPORTED_VERSION');
  });
});

describe('VaultService.applyRemote', { timeout: 60_000 }, () => {
  it('never lets a merge computed on an older snapshot overwrite a newer local edit', async () => {
    const area = new MemorySyncArea();
    const a = await started(area, await makeVault());
    await a.vault.addMany([uri(1)]);
    const [view] = a.vault.list();
    const stale = (await a.vault.storedRecords()).find((r) => r.id === view!.id)!;
    await a.vault.update(view!.id, { label: 'newer' });
    expect(await a.vault.applyRemote([stale])).toEqual({ applied: 0 });
    expect(a.vault.list()[0]!.label).toBe('newer');
  });
});
