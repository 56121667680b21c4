import { describe, expect, it } from 'vitest';
import { MemorySyncArea } from '../../support/memorySyncArea';
import { decodeRoster } from '../../../lib/core/backup/roster';
import {
  BackupScheduler,
  type BackupMemo,
  type BackupProfileStore,
} from '../../../lib/core/backup/scheduler';
import { VaultService } from '../../../lib/core/vault/service';
import { VAULT_FORMAT_VERSION } from '../../../lib/core/vault/types';
import { MemoryKeyCache, MemoryStore } from '../vault/memoryStore';
import { PASS, T0, expectCode, makeVault } from './helpers';
import { memoOn } from './schedulerMemo';

const DAY = 86_400_000;

function uri(i: number): string {
  const secret = `JBSWY3DPEHPK3PXP${'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[i % 32]}AAAAAAA`;
  return `otpauth://totp/Acme:user${i}%40example.com?secret=${secret}&issuer=Acme`;
}

/** A profile's identity as the platform keeps it (protected settings), in memory. */
function profileStore(id: string, name: string): BackupProfileStore & { name: string } {
  const store = {
    name,
    async read() {
      return { id, name: store.name };
    },
    async rename(next: string) {
      store.name = next;
    },
  };
  return store;
}

class Browser {
  readonly vault = new VaultService(new MemoryStore(), new MemoryKeyCache());
  readonly scheduler: BackupScheduler;
  memo: BackupMemo | undefined;

  constructor(
    area: MemorySyncArea,
    readonly profile: ReturnType<typeof profileStore>,
    now: () => number,
  ) {
    this.scheduler = new BackupScheduler({
      vault: this.vault,
      area,
      memo: memoOn(this),
      wakeAt: async () => undefined,
      debounceMs: 20,
      remoteDelayMs: 5,
      now,
      profile,
    });
  }
}

describe('the roster through the scheduler', { timeout: 120_000 }, () => {
  it('counts browsers, lists this one first, renames, refuses to forget itself, forgets another; health follows the clock', async () => {
    let now = T0 + 1_000 * DAY;
    const clock = () => now;
    const area = new MemorySyncArea({ now: clock });
    const v = await makeVault();
    const a = new Browser(area, profileStore('aaaaaaaaaaaaaaaa', 'Chrome on Linux'), clock);
    await a.scheduler.start();
    await a.vault.adoptRestored({
      header: { formatVersion: VAULT_FORMAT_VERSION, createdAt: 1, slots: v.slots },
      masterKey: v.masterKey,
      records: [],
      slotsAt: 1,
    });
    await a.vault.addMany([uri(1), uri(2)]);
    await a.scheduler.syncNow();
    expect((await a.scheduler.status()).browsers).toBe(1);

    const b = new Browser(
      area.otherProfile({ now: clock }),
      profileStore('bbbbbbbbbbbbbbbb', 'Firefox on Windows'),
      clock,
    );
    await b.scheduler.start();
    expect(await b.scheduler.restore({ passphrase: PASS })).toBe(2);
    await b.scheduler.syncNow();
    expect((await b.scheduler.status()).browsers).toBe(2);
    now += 1_000;
    await a.scheduler.syncNow();
    const statusA = await a.scheduler.status();
    expect(statusA.browsers).toBe(2);
    expect(statusA.othersMergedAt).not.toBeNull();
    expect(statusA.health.warnings).toEqual([]);

    const listed = await a.scheduler.roster();
    expect(listed.devices.map((d) => [d.name, d.self, d.accounts])).toEqual([
      ['Chrome on Linux', true, 2],
      ['Firefox on Windows', false, 2],
    ]);

    await a.scheduler.renameDevice('  Work   laptop ');
    expect((await a.scheduler.roster()).selfName).toBe('Work laptop');
    const stored = await decodeRoster(area.peek(), v.masterKey, 'aaaaaaaaaaaaaaaa');
    expect(stored.self?.name).toBe('Work laptop');
    await expectCode(() => a.scheduler.renameDevice('   '), 'E_BAD_REQUEST');
    await expectCode(() => b.scheduler.forgetDevice('bbbbbbbbbbbbbbbb'), 'E_BAD_REQUEST');

    await b.scheduler.forgetDevice('aaaaaaaaaaaaaaaa');
    expect((await b.scheduler.roster()).devices.map((d) => d.name)).toEqual(['Firefox on Windows']);
    // A is alive: its next merge lists it again.
    now += 1_000;
    await a.scheduler.syncNow();
    expect((await b.scheduler.roster()).devices.map((d) => d.name)).toEqual([
      'Firefox on Windows',
      'Work laptop',
    ]);

    // Thirty-one days without B and without a completed backup here: both warnings.
    now += 31 * DAY;
    expect((await a.scheduler.status()).health.warnings).toEqual(['not-completed', 'alone']);
    await a.scheduler.setEnabled(false);
    expect((await a.scheduler.status()).health.warnings).toEqual(['off']);
  });
});
