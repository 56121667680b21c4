import { describe, expect, it } from 'vitest';
import { BackupEngine } from '../../../lib/core/backup/engine';
import { MemorySyncArea } from '../../support/memorySyncArea';
import { decodeRoster, rosterKey, sealRosterEntry } from '../../../lib/core/backup/roster';
import { SYNC_LIMITS } from '../../../lib/core/backup/syncArea';
import { openAccount } from '../../../lib/core/vault/records';
import {
  FIXTURE,
  PASS,
  Profile,
  T0,
  byId,
  fixtureAccounts,
  hasFixture,
  makeVault,
} from './helpers';

if (!hasFixture) console.warn(`backup roster capacity test skipped: ${FIXTURE} is absent`);

const DAY = 86_400_000;

describe.skipIf(!hasFixture)('capacity with the roster (../shared/fixtures/capacity)', () => {
  it("1,500 accounts fit beside 5 browsers' roster entries, restore exactly, and pruning frees the deletions", async () => {
    const vault = await makeVault();
    let now = T0 + 400 * DAY;
    const clock = () => now;
    const area = new MemorySyncArea({ now: clock });
    // Four other browsers already listed (written by them, under this vault's key).
    for (let i = 0; i < 4; i++) {
      const id = (0xb0 + i).toString(16).padStart(16, '0');
      await area.set({
        [rosterKey(id)]: await sealRosterEntry(vault.masterKey, {
          id,
          name: `Firefox on Windows ${i}`,
          mergedAt: now - DAY,
          accounts: 1500,
          ack: '',
          watermark: 0,
          away: false,
          at: now - DAY,
        }),
      });
    }
    const p = new Profile(vault, area, {
      now: clock,
      engine: { profile: { id: 'a0a0a0a0a0a0a0a0', name: 'Chrome on Linux' } },
    });
    const accounts = fixtureAccounts(1500);
    await p.put(accounts);
    const out = await p.push();
    expect(out.ok, out.error?.message).toBe(true);
    expect(out.status.roster?.browsers).toBe(5);
    expect(await area.getBytesInUse(null)).toBeLessThanOrEqual(SYNC_LIMITS.quotaBytes);
    expect(Object.keys(area.peek()).length).toBeLessThanOrEqual(SYNC_LIMITS.maxItems);
    const roster = await decodeRoster(area.peek(), vault.masterKey, null);
    expect(roster.entries).toHaveLength(5);

    const restored = await BackupEngine.restore(area, { passphrase: PASS });
    expect(restored.problems).toEqual([]);
    expect(byId(restored.accounts)).toEqual(byId(accounts));

    // 100 deletions, then a second browser of the roster (the only other one still in use)
    // merges them; the four old entries fall out of the horizon. The tombstones go.
    now += 200 * DAY;
    for (const a of accounts.slice(0, 100)) await p.remove(a.id, now);
    expect((await p.push()).ok).toBe(true);
    const q = new Profile(vault, area.otherProfile({ now: clock }), {
      now: clock,
      engine: { profile: { id: 'b0b0b0b0b0b0b0b0', name: 'Work laptop' } },
    });
    for (const r of restored.records) q.records.set(r.id, r);
    for (let round = 0; round < 3; round++) {
      now += 1_000;
      expect((await q.push({ removals: 'apply' })).ok).toBe(true);
      now += 1_000;
      expect((await p.push()).ok).toBe(true);
    }
    const after = await BackupEngine.restore(area, { passphrase: PASS });
    expect(after.accounts).toHaveLength(1400);
    expect(byId(after.accounts)).toEqual(byId(accounts.slice(100)));
    expect(p.engine.status().tombstones).toBe(0);
    // What q holds is exactly what p holds.
    const live = [];
    for (const r of q.records.values())
      if (r.deleted === 0) live.push(await openAccount(vault.masterKey, r));
    expect(byId(live)).toEqual(byId(accounts.slice(100)));
  }, 300_000);
});
