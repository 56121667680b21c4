import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemorySyncArea } from '../../support/memorySyncArea';
import { compareVersions } from '../../../lib/core/backup/merge';
import { decodeRemote, ShardCache } from '../../../lib/core/backup/remote';
import { openAccount } from '../../../lib/core/vault/records';
import type { Account } from '../../../lib/core/vault/types';
import { Profile, T0, makeAccounts, makeVault, type TestVault } from './helpers';
import { applyEdit, editOpArbs, isEdit, threeAreas, type EditOp, type Newest } from './schedule';

// Small items (the header alone is ~650 bytes) force many shards with few accounts.
const SMALL = { quotaBytesPerItem: 800 };

let vault: TestVault;
beforeAll(async () => {
  vault = await makeVault();
});

const decoded = new ShardCache();

/** The remote may be incomplete mid-write, but never damaged. */
async function expectDecodable(area: MemorySyncArea): Promise<void> {
  const snap = await decodeRemote(area.peek(), vault.masterKey, decoded);
  const kinds = snap.problems.map((p) => p.kind).filter((k) => k !== 'missing');
  expect(kinds, 'remote problems').toEqual([]);
  expect(['ok', 'partial', 'empty']).toContain(snap.state);
}

type Version = { updatedAt: number; deleted: 0 | 1; digest: string; id: string };
const versionOf = (p: Profile): Map<string, Version> =>
  new Map(
    p
      .list()
      .map((r) => [r.id, { id: r.id, updatedAt: r.updatedAt, deleted: r.deleted, digest: '' }]),
  );

/** Pushes round-robin until a whole round writes nothing anywhere. */
async function quiesce(profiles: Profile[], tick: () => void): Promise<void> {
  for (let round = 0; round < 8; round++) {
    let busy = false;
    for (const p of profiles) {
      tick();
      const out = await p.push({ removals: 'apply' });
      expect(out.ok, out.error?.message ?? out.status.state).toBe(true);
      if (out.wrote.operations > 0 || out.toWriteLocal.length > 0) busy = true;
    }
    if (!busy) return;
  }
  throw new Error('profiles did not converge');
}

async function liveSummary(p: Profile): Promise<string[]> {
  const out: string[] = [];
  for (const r of p.list()) {
    const a = r.deleted === 0 ? await openAccount(vault.masterKey, r) : null;
    out.push(
      `${r.id}:${r.updatedAt}:${r.deleted}:${a ? `${a.issuer}|${a.label}|${a.otp.counter}` : ''}`,
    );
  }
  return out.sort();
}

describe('two writers interleaving item by item', () => {
  it('every intermediate state decodes; no account is dropped or resurrected; both converge', async () => {
    let now = T0;
    const tick = () => (now += 1_000);
    const area = new MemorySyncArea({ limits: SMALL, now: () => now });
    const bArea = area.otherProfile({ now: () => now });
    const opts = { limits: SMALL, now: () => now, confirmRemovalsAbove: 1_000 };
    const a = new Profile(vault, area, opts);
    const b = new Profile(vault, bArea, opts);
    const c = new Profile(vault, area.otherProfile({ now: () => now }), opts);
    const base = makeAccounts(40);
    await a.put(base);
    expect((await a.push()).ok).toBe(true);
    await b.pull();
    await c.pull();
    expect(Object.keys(area.peek()).length).toBeGreaterThanOrEqual(5);

    // Concurrent changes on both sides, touching many shards.
    tick();
    await a.put(makeAccounts(8, 11, 100).map((x) => ({ ...x, updatedAt: now })));
    await b.put(makeAccounts(8, 22, 200).map((x) => ({ ...x, updatedAt: now + 1 })));
    const deletedByA = base.slice(0, 3).map((x) => x.id);
    const deletedByB = base.slice(3, 6).map((x) => x.id);
    for (const id of deletedByA) await a.remove(id, now + 2);
    for (const id of deletedByB) await b.remove(id, now + 3);
    const editedA = base
      .slice(10, 13)
      .map((x) => ({ ...x, label: `A-${x.label}`, updatedAt: now + 4 }));
    const editedB = base
      .slice(11, 14)
      .map((x) => ({ ...x, label: `B-${x.label}`, updatedAt: now + 5 }));
    await a.put(editedA);
    await b.put(editedB);
    const deleted = new Set([...deletedByA, ...deletedByB]);

    // b pushes in the middle of a's multi-item write; c pulls at every step and checks.
    let steps = 0;
    const cBefore = versionOf(c);
    area.betweenItems = async ({ index }) => {
      steps++;
      await expectDecodable(area);
      if (index === 1) {
        tick();
        expect((await b.push({ removals: 'apply' })).ok).toBe(true);
      }
      const out = await c.pull({ removals: 'apply' });
      for (const id of out.removals) expect(deleted.has(id), `removed ${id}`).toBe(true);
      const now = versionOf(c);
      for (const [id, v] of cBefore)
        expect(compareVersions(now.get(id) as Version, v)).toBeGreaterThanOrEqual(0);
    };
    tick();
    await a.push({ removals: 'apply' });
    area.betweenItems = null;
    expect(steps).toBeGreaterThan(2);
    await expectDecodable(area);

    await quiesce([a, b, c], tick);
    const final = await liveSummary(a);
    expect(await liveSummary(b)).toEqual(final);
    expect(await liveSummary(c)).toEqual(final);
    const live = (await a.accounts()).map((x) => x.id);
    expect(live).toHaveLength(40 + 16 - 6);
    for (const id of deleted) expect(live).not.toContain(id);
    const labels = new Map((await a.accounts()).map((x) => [x.id, x.label]));
    expect(labels.get((base[10] as Account).id)).toMatch(/^A-/);
    expect(labels.get((base[12] as Account).id)).toMatch(/^B-/);
    expect(labels.get((base[13] as Account).id)).toMatch(/^B-/);
  }, 60_000);

  it('a torn write leaves a decodable remote that drops nothing, and the next push completes it', async () => {
    let now = T0;
    const area = new MemorySyncArea({ limits: SMALL, now: () => now });
    const opts = { limits: SMALL, now: () => now };
    const a = new Profile(vault, area, opts);
    const b = new Profile(vault, area.otherProfile({ now: () => now }), opts);
    await a.put(makeAccounts(30));
    await a.push();
    await b.pull();
    const before = b.snapshot();

    now += 1_000;
    await a.put(makeAccounts(30, 9, 300).map((x) => ({ ...x, updatedAt: now })));
    area.tearNextSet(1);
    const torn = await a.push();
    expect(torn.ok).toBe(false);
    expect(torn.status.state).toBe('failed');
    expect(torn.retryAfterMs).toBeGreaterThan(0);
    await expectDecodable(area);

    const pulled = await b.pull({ removals: 'apply' });
    expect(pulled.removals).toEqual([]);
    expect(b.snapshot() === before || pulled.toWriteLocal.every((r) => r.deleted === 0)).toBe(true);

    now += 10_000;
    expect((await a.push()).ok).toBe(true);
    await b.pull();
    expect(await b.accounts()).toEqual(await a.accounts());
    expect(await a.accounts()).toHaveLength(60);
  }, 30_000);
});

type Op =
  | EditOp
  | { kind: 'push'; p: number }
  | { kind: 'pull'; p: number }
  | { kind: 'interleave'; p: number; q: number; at: number }
  | { kind: 'tear'; p: number; at: number };

const P = fc.integer({ min: 0, max: 2 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  ...editOpArbs(P),
  fc.record({ kind: fc.constant('push' as const), p: P }),
  fc.record({ kind: fc.constant('pull' as const), p: P }),
  fc.record({
    kind: fc.constant('interleave' as const),
    p: P,
    q: P,
    at: fc.integer({ min: 0, max: 4 }),
  }),
  fc.record({ kind: fc.constant('tear' as const), p: P, at: fc.integer({ min: 0, max: 3 }) }),
);

describe('any schedule of three profiles', () => {
  it('converges to the newest version of every account; no profile ever goes back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 4, maxLength: 18 }), async (ops) => {
        let now = T0;
        const tick = () => (now += 1_000);
        const areas = threeAreas(SMALL, () => now);
        const area = areas[0] as MemorySyncArea;
        const opts = { limits: SMALL, now: () => now, confirmRemovalsAbove: 1_000 };
        const ps = areas.map((ar) => new Profile(vault, ar, opts));
        const [p0] = ps as [Profile];
        await p0.put(makeAccounts(8, 3));
        await p0.push();
        for (const p of ps.slice(1)) await p.pull();

        const newest: Newest = new Map();
        for (const r of p0.list()) newest.set(r.id, { updatedAt: r.updatedAt, deleted: r.deleted });
        const seen = ps.map((p) => versionOf(p));
        const checkMonotone = () => {
          ps.forEach((p, i) => {
            const nowV = versionOf(p);
            for (const [id, v] of seen[i] as Map<string, Version>) {
              const w = nowV.get(id);
              expect(w, `profile ${i} lost ${id}`).toBeDefined();
              expect(
                compareVersions(w as Version, v),
                `profile ${i} went back on ${id}`,
              ).toBeGreaterThanOrEqual(0);
            }
            seen[i] = nowV;
          });
        };

        for (const op of ops) {
          tick();
          const p = ps[op.p] as Profile;
          if (isEdit(op)) {
            if (!(await applyEdit(p, op, now, newest))) continue;
          } else if (op.kind === 'push' || op.kind === 'pull') {
            await (op.kind === 'push'
              ? p.push({ removals: 'apply' })
              : p.pull({ removals: 'apply' }));
          } else if (op.kind === 'interleave') {
            const q = ps[op.q] as Profile;
            const ar = areas[op.p] as MemorySyncArea;
            ar.betweenItems = async ({ index }) => {
              if (index !== op.at || op.q === op.p) return;
              ar.betweenItems = null;
              tick();
              await q.push({ removals: 'apply' });
            };
            await p.push({ removals: 'apply' });
            ar.betweenItems = null;
          } else {
            (areas[op.p] as MemorySyncArea).tearNextSet(op.at);
            await p.push({ removals: 'apply' });
            (areas[op.p] as MemorySyncArea).tearNextSet(null);
          }
          await expectDecodable(area);
          checkMonotone();
        }

        await quiesce(ps, tick);
        checkMonotone();
        // Every profile holds the newest version of every account it ever held; a deletion of
        // an account a profile never had needs no local tombstone (the remote keeps it).
        const expectedLive = [...newest.entries()]
          .filter(([, v]) => v.deleted === 0)
          .map(([id, v]) => `${id}:${v.updatedAt}`)
          .sort();
        for (const p of ps) {
          const live = p
            .list()
            .filter((r) => r.deleted === 0)
            .map((r) => `${r.id}:${r.updatedAt}`)
            .sort();
          expect(live).toEqual(expectedLive);
          for (const r of p.list().filter((x) => x.deleted === 1)) {
            expect(newest.get(r.id)).toEqual({ updatedAt: r.updatedAt, deleted: 1 });
          }
        }
        const snap = await decodeRemote(area.peek(), vault.masterKey);
        expect(snap.state).toBe('ok');
        expect(snap.entries.map((e) => `${e.id}:${e.updatedAt}:${e.deleted}`).sort()).toEqual(
          [...newest.entries()].map(([id, v]) => `${id}:${v.updatedAt}:${v.deleted}`).sort(),
        );
      }),
      { seed: 42, numRuns: 250 },
    );
  }, 600_000);
});
