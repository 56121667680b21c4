import { beforeAll, describe, expect, it } from 'vitest';
import { MemorySyncArea } from '../../support/memorySyncArea';
import { decodeRemote } from '../../../lib/core/backup/remote';
import {
  cleanDeviceName,
  decodeRoster,
  defaultDeviceName,
  isRosterKey,
  newProfileId,
  openRosterEntry,
  rosterKey,
  sealRosterEntry,
  type RosterEntry,
} from '../../../lib/core/backup/roster';
import { itemBytes } from '../../../lib/core/backup/syncArea';
import { Profile, T0, makeAccounts, makeVault, type TestVault } from './helpers';

let vault: TestVault;
let other: TestVault;
beforeAll(async () => {
  vault = await makeVault();
  other = await makeVault('another passphrase entirely');
});

const A = 'aaaaaaaaaaaaaaaa';
const B = 'bbbbbbbbbbbbbbbb';

function pair(now: () => number): { area: MemorySyncArea; a: Profile; b: Profile } {
  const area = new MemorySyncArea({ now });
  const a = new Profile(vault, area, {
    now,
    engine: { profile: { id: A, name: 'Chrome on Linux' } },
  });
  const b = new Profile(vault, area.otherProfile({ now }), {
    now,
    engine: { profile: { id: B, name: 'Work laptop' } },
  });
  return { area, a, b };
}

/** Runs `meanwhile` once, right after the next whole-area read returns to the engine. */
function afterFirstRead(area: MemorySyncArea, meanwhile: () => unknown): void {
  const read = area.get.bind(area);
  let armed = true;
  area.get = async (keys) => {
    const out = await read(keys);
    if (armed && keys == null) {
      armed = false;
      await meanwhile();
    }
    return out;
  };
}

const entry = (over: Partial<RosterEntry> = {}): RosterEntry => ({
  id: A,
  name: 'Chrome on Linux',
  mergedAt: T0,
  accounts: 3,
  ack: '',
  watermark: 0,
  away: false,
  at: T0,
  ...over,
});

describe('roster entries', () => {
  it('round-trip sealed, small, with nothing readable in the stored text', async () => {
    const e = entry({ name: 'Firefox on Windows — Büro', accounts: 1234, ack: '0123456789abcdef' });
    const value = await sealRosterEntry(vault.masterKey, e);
    expect(value).not.toContain('Firefox');
    expect(itemBytes(rosterKey(A), value)).toBeLessThan(200);
    expect(await openRosterEntry(vault.masterKey, rosterKey(A), value)).toEqual(e);
  });

  it('an entry copied under another key, written with another key, or altered is refused', async () => {
    const value = await sealRosterEntry(vault.masterKey, entry());
    await expect(openRosterEntry(vault.masterKey, rosterKey(B), value)).rejects.toMatchObject({
      code: 'E_CORRUPT',
      detail: { reason: 'tampered' },
    });
    const foreign = await sealRosterEntry(other.masterKey, entry());
    await expect(openRosterEntry(vault.masterKey, rosterKey(A), foreign)).rejects.toMatchObject({
      code: 'E_CORRUPT',
    });
    const flipped = value.slice(0, 20) + (value[20] === 'a' ? 'b' : 'a') + value.slice(21);
    await expect(openRosterEntry(vault.masterKey, rosterKey(A), flipped)).rejects.toMatchObject({
      code: 'E_CORRUPT',
    });
    await expect(openRosterEntry(vault.masterKey, rosterKey(A), 42)).rejects.toMatchObject({
      code: 'E_CORRUPT',
      detail: { reason: 'not text' },
    });
  });

  it('decodeRoster lists the valid entries and ignores damaged and foreign ones', async () => {
    const items = {
      [rosterKey(A)]: await sealRosterEntry(vault.masterKey, entry({ watermark: 5 })),
      [rosterKey(B)]: await sealRosterEntry(other.masterKey, entry({ id: B, watermark: 99 })),
      'w:cccccccccccccccc': 'garbage',
      unrelated: { x: 1 },
    };
    const roster = await decodeRoster(items, vault.masterKey, A);
    expect(roster.entries.map((e) => e.id)).toEqual([A]);
    expect(roster.self?.id).toBe(A);
    expect(roster.ignored.sort()).toEqual([rosterKey(B), 'w:cccccccccccccccc']);
    // A foreign entry cannot raise the pruning watermark.
    expect(roster.watermark).toBe(5);
    expect(roster.items).toBe(3);
  });

  it('keys, ids and names', () => {
    expect(isRosterKey(rosterKey(newProfileId()))).toBe(true);
    expect(isRosterKey('w:XYZ')).toBe(false);
    expect(cleanDeviceName('  Work\n  laptop  ')).toBe('Work laptop');
    expect([...cleanDeviceName('x'.repeat(500))]).toHaveLength(64);
    expect(
      defaultDeviceName(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome on Linux');
    expect(
      defaultDeviceName(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0',
      ),
    ).toBe('Firefox on Windows');
    expect(
      defaultDeviceName(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      ),
    ).toBe('Edge on macOS');
  });
});

describe('the roster through the engine', () => {
  it('registers each browser, lists both, renames, forgets, and re-registers', async () => {
    let now = T0 + 1_000_000;
    const { area, a, b } = pair(() => now);
    await a.put(makeAccounts(5, 2));
    const first = await a.push();
    expect(first.ok).toBe(true);
    expect(first.status.roster).toEqual({ browsers: 1, othersMergedAt: null });

    now += 60_000;
    const second = await b.push();
    expect(second.ok).toBe(true);
    expect(second.toWriteLocal).toHaveLength(5);
    expect(second.status.roster).toEqual({ browsers: 2, othersMergedAt: T0 + 1_000_000 });

    let roster = await decodeRoster(area.peek(), vault.masterKey, A);
    expect(roster.entries.map((e) => [e.id, e.name])).toEqual([
      [A, 'Chrome on Linux'],
      [B, 'Work laptop'],
    ]);
    expect(roster.entries.find((e) => e.id === A)?.accounts).toBe(5);

    // The backup's own figures do not count the roster as backup items.
    const snap = await decodeRemote(area.peek(), vault.masterKey);
    expect(snap.usage.otherItems).toBe(2);

    now += 60_000;
    a.engine.setDeviceName('Home desktop');
    const renamed = await a.push();
    expect(renamed.wrote.operations).toBe(1);
    roster = await decodeRoster(area.peek(), vault.masterKey, A);
    expect(roster.self?.name).toBe('Home desktop');

    // Nothing changed: no write at all (no ping-pong between browsers).
    now += 60_000;
    expect((await a.push()).wrote.operations).toBe(0);
    expect((await b.push()).wrote.operations).toBe(0);

    // A forgets B; B is alive and comes back at its next merge.
    await a.engine.forget(B);
    roster = await decodeRoster(area.peek(), vault.masterKey, A);
    expect(roster.entries.map((e) => e.id)).toEqual([A]);
    now += 60_000;
    expect((await a.push()).status.roster?.browsers).toBe(1);
    now += 60_000;
    const back = await b.push();
    expect(back.ok).toBe(true);
    roster = await decodeRoster(area.peek(), vault.masterKey, A);
    expect(roster.entries.map((e) => e.id)).toEqual([A, B]);
  });

  it('a damaged entry of its own is simply written again', async () => {
    const now = T0 + 1_000_000;
    const { area, a } = pair(() => now);
    await a.put(makeAccounts(2, 3));
    await area.set({ [rosterKey(A)]: 'damaged!' });
    expect((await a.push()).ok).toBe(true);
    const roster = await decodeRoster(area.peek(), vault.masterKey, A);
    expect(roster.self?.name).toBe('Chrome on Linux');
    expect(roster.ignored).toEqual([]);
  });

  it("another vault's backup arriving between the read and the registration gets no entry of ours", async () => {
    const now = T0 + 1_000_000;
    const theirArea = new MemorySyncArea({ now: () => now });
    const them = new Profile(other, theirArea, {
      now: () => now,
      engine: { profile: { id: B, name: 'Work laptop' } },
    });
    await them.put(makeAccounts(3, 7));
    expect((await them.push()).ok).toBe(true);
    const foreign = theirArea.peek();

    const { area, a } = pair(() => now);
    await a.put(makeAccounts(2, 3));
    // Sync replaces the whole area just after the engine read it (still empty then).
    afterFirstRead(area, () => {
      area.storage.items.clear();
      for (const [k, v] of Object.entries(foreign)) area.poke(k, v);
    });
    const out = await a.push();
    expect(out.remote).toBe('foreign');
    expect(out.error?.code).toBe('E_VAULT_EXISTS');
    expect(area.peek()).toEqual(foreign);
  });

  it('a header written by another browser of the same vault after the read: read again, then register', async () => {
    const now = T0 + 1_000_000;
    const { area, a, b } = pair(() => now);
    await a.put(makeAccounts(2, 3));
    await b.put(makeAccounts(3, 9));
    afterFirstRead(area, () => b.push().then((o) => expect(o.ok).toBe(true)));
    const out = await a.push();
    expect(out.ok).toBe(true);
    expect(out.toWriteLocal).toHaveLength(3);
    const roster = await decodeRoster(area.peek(), vault.masterKey, A);
    expect(roster.entries.map((e) => e.id)).toEqual([A, B]);
  });

  it('a pull writes nothing, not even the roster entry', async () => {
    const now = T0 + 1_000_000;
    const { area, a, b } = pair(() => now);
    await a.put(makeAccounts(2, 3));
    await a.push();
    const before = JSON.stringify(area.peek());
    await b.pull();
    expect(JSON.stringify(area.peek())).toBe(before);
  });
});

describe('pruning with the roster', () => {
  it('a tombstone stays until every listed browser settled it, then goes', async () => {
    let now = T0 + 1_000_000;
    const { area, a, b } = pair(() => now);
    const accounts = makeAccounts(4, 9);
    await a.put(accounts);
    await a.push();
    now += 1_000;
    await b.push();
    const victim = accounts[0]!.id;
    now += 1_000;
    await a.remove(victim, now);
    await a.push();
    const tombs = async () =>
      (await decodeRemote(area.peek(), vault.masterKey)).entries.filter((e) => e.deleted === 1)
        .length;
    expect(await tombs()).toBe(1);
    // A settled it, B has not merged yet: it stays.
    now += 1_000;
    await a.push();
    expect(await tombs()).toBe(1);
    // B applies the deletion (its next merge acknowledges it), then anyone may prune.
    now += 1_000;
    await b.push();
    expect(b.records.get(victim)?.deleted).toBe(1);
    now += 1_000;
    await b.push();
    now += 1_000;
    await a.push();
    expect(await tombs()).toBe(0);
    // Neither browser brings the deletion back, and neither pushes its old tombstone again.
    for (let i = 0; i < 3; i++) {
      now += 1_000;
      expect((await b.push()).wrote.operations).toBe(0);
      expect((await a.push()).wrote.operations).toBe(0);
    }
    expect(await tombs()).toBe(0);
    const live = (await decodeRemote(area.peek(), vault.masterKey)).entries.map((e) => e.id);
    expect(live).not.toContain(victim);
    expect(live).toHaveLength(3);
  });

  /**
   * A and B both hold `n` accounts; B merges once, then goes away for longer than the pruning
   * horizon while A deletes the account at `victimAt` and prunes its tombstone without B.
   */
  async function awayPastHorizon(n: number, seed: number, victimAt: number) {
    const HORIZON = 1_000_000;
    const clock = { now: T0 + 10_000_000 };
    const at = () => clock.now;
    const area = new MemorySyncArea({ now: at });
    const mk = (id: string, ar: MemorySyncArea) =>
      new Profile(vault, ar, {
        now: at,
        engine: { profile: { id, name: id }, pruneHorizonMs: HORIZON },
      });
    const a = mk(A, area);
    const b = mk(B, area.otherProfile({ now: at }));
    const accounts = makeAccounts(n, seed);
    await a.put(accounts);
    await a.push();
    clock.now += 1_000;
    await b.push();
    const bMerged = clock.now;
    clock.now += 2 * HORIZON;
    const victim = accounts[victimAt]!.id;
    await a.remove(victim, clock.now);
    await a.push();
    clock.now += 1_000;
    await a.push();
    return { clock, area, a, b, accounts, victim, bMerged };
  }

  it('a browser away longer than the horizon asks before deleting what was pruned meanwhile', async () => {
    const { clock, area, b, accounts, victim, bMerged } = await awayPastHorizon(3, 4, 1);
    expect(
      (await decodeRemote(area.peek(), vault.masterKey)).entries.some((e) => e.id === victim),
    ).toBe(false);

    // B comes back: its live copy is not pushed back; the user is asked.
    clock.now += 1_000;
    const back = await b.push({ lastMergeAt: bMerged });
    expect(back.decision).toEqual({ kind: 'confirm-removals', ids: [victim] });
    expect(b.records.get(victim)?.deleted).toBe(0);
    expect(
      (await decodeRemote(area.peek(), vault.masterKey)).entries.some((e) => e.id === victim),
    ).toBe(false);
    // Still asked at the next merge (the question survives until answered).
    clock.now += 1_000;
    expect((await b.push({ lastMergeAt: clock.now - 1_000 })).decision?.ids).toEqual([victim]);
    // "Delete here too": gone here, and the backup still lacks it.
    clock.now += 1_000;
    const applied = await b.push({ removals: 'apply', lastMergeAt: clock.now - 1_000 });
    expect(applied.removals).toEqual([victim]);
    expect(b.records.get(victim)?.deleted).toBe(1);
    const snap = await decodeRemote(area.peek(), vault.masterKey);
    expect(snap.entries.map((e) => e.id).sort()).toEqual(
      accounts
        .filter((x) => x.id !== victim)
        .map((x) => x.id)
        .sort(),
    );
  });

  it('"Keep" brings an away browser\'s account back as the newest change everywhere', async () => {
    const { clock, a, b, accounts, bMerged } = await awayPastHorizon(2, 6, 0);
    clock.now += 1_000;
    const kept = await b.push({ removals: 'keep', lastMergeAt: bMerged });
    expect(kept.ok).toBe(true);
    clock.now += 1_000;
    await a.push();
    expect(a.records.get(accounts[0]!.id)?.deleted).toBe(0);
  });
});

describe('verify after pruning', () => {
  it('a pruned deletion is not reported as missing from the backup', async () => {
    let now = T0 + 1_000_000;
    const { a, b } = pair(() => now);
    const accounts = makeAccounts(3, 12);
    await a.put(accounts);
    await a.push();
    now += 1_000;
    await b.push();
    now += 1_000;
    await a.remove(accounts[0]!.id, now);
    for (let i = 0; i < 3; i++) {
      now += 1_000;
      await a.push();
      now += 1_000;
      await b.push();
    }
    expect(b.engine.status().tombstones).toBe(0);
    const v = await b.engine.verify(b.list());
    expect(v).toMatchObject({ ok: true, missing: [], behind: [] });
    expect((await a.engine.verify(a.list())).ok).toBe(true);
  });
});
