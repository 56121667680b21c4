import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareVersions, mergeRecords } from '../../../lib/core/backup/merge';
import type { Versioned } from '../../../lib/core/backup/types';

// Few ids and few times, so replicas collide on ids and on timestamps often.
const arbVersion = fc.record({
  id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
  updatedAt: fc.integer({ min: 0, max: 6 }),
  deleted: fc.constantFrom(0 as const, 1 as const),
  digest: fc.constantFrom('00', '7f', 'ff'),
});
const arbReplica = fc
  .array(arbVersion, { maxLength: 10 })
  .map((rs) => rs.map((r) => (r.deleted === 1 ? { ...r, digest: '' } : r)) as Versioned[]);

const RUNS = { seed: 42, numRuns: 10_000 };
const merged = (a: Versioned[], b: Versioned[]) => mergeRecords(a, b).merged;

describe('mergeRecords', { timeout: 120_000 }, () => {
  it('is commutative', () => {
    fc.assert(
      fc.property(arbReplica, arbReplica, (a, b) => {
        expect(merged(a, b)).toEqual(merged(b, a));
      }),
      RUNS,
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(arbReplica, arbReplica, (a, b) => {
        const m = merged(a, b);
        expect(merged(m, m)).toEqual(m);
        expect(merged(m, b)).toEqual(m);
        expect(merged(a, m)).toEqual(m);
      }),
      RUNS,
    );
  });

  it('is associative over three replicas', () => {
    fc.assert(
      fc.property(arbReplica, arbReplica, arbReplica, (a, b, c) => {
        expect(merged(merged(a, b), c)).toEqual(merged(a, merged(b, c)));
      }),
      RUNS,
    );
  });

  it('keeps every id of either side, at a version no older than either', () => {
    fc.assert(
      fc.property(arbReplica, arbReplica, (a, b) => {
        const m = new Map(merged(a, b).map((r) => [r.id, r]));
        for (const r of [...a, ...b]) {
          const w = m.get(r.id);
          expect(w).toBeDefined();
          expect(compareVersions(w as Versioned, r)).toBeGreaterThanOrEqual(0);
        }
        expect(m.size).toBe(new Set([...a, ...b].map((r) => r.id)).size);
      }),
      RUNS,
    );
  });

  it('never resurrects: a tombstone loses only to a strictly later edit', () => {
    fc.assert(
      fc.property(arbReplica, arbReplica, (a, b) => {
        const m = new Map(merged(a, b).map((r) => [r.id, r]));
        for (const t of [...a, ...b].filter((r) => r.deleted === 1)) {
          const w = m.get(t.id) as Versioned;
          if (w.deleted === 0) expect(w.updatedAt).toBeGreaterThan(t.updatedAt);
        }
      }),
      RUNS,
    );
  });

  it('never deletes by absence: an empty remote changes nothing locally', () => {
    fc.assert(
      fc.property(arbReplica, (a) => {
        const r = mergeRecords(a, []);
        expect(r.toWriteLocal).toEqual([]);
        expect(r.removals).toEqual([]);
      }),
      RUNS,
    );
  });

  it('says exactly what each side must write to reach the merge', () => {
    fc.assert(
      fc.property(arbReplica, arbReplica, (a, b) => {
        const r = mergeRecords(a, b);
        const apply = (side: Versioned[], writes: Versioned[]) =>
          merged(
            [
              ...new Map(
                [...mergeRecords(side, []).merged, ...writes].map((x) => [x.id, x]),
              ).values(),
            ],
            [],
          );
        expect(apply(a, r.toWriteLocal)).toEqual(r.merged);
        expect(apply(b, r.toWriteRemote)).toEqual(r.merged);
        // Removals are the local live ids the merge turns into tombstones, and nothing else.
        const localLive = new Set(
          mergeRecords(a, [])
            .merged.filter((x) => x.deleted === 0)
            .map((x) => x.id),
        );
        const expected = r.merged
          .filter((x) => x.deleted === 1 && localLive.has(x.id))
          .map((x) => x.id);
        expect(r.removals).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('orders versions by time, then deletion, then digest', () => {
    const v = (updatedAt: number, deleted: 0 | 1, digest: string): Versioned => ({
      id: 'x',
      updatedAt,
      deleted,
      digest,
    });
    expect(compareVersions(v(2, 0, '00'), v(1, 1, ''))).toBe(1);
    expect(compareVersions(v(1, 1, ''), v(1, 0, 'ff'))).toBe(1);
    expect(compareVersions(v(1, 0, 'ff'), v(1, 0, '00'))).toBe(1);
    expect(compareVersions(v(1, 0, 'ff'), v(1, 0, 'ff'))).toBe(0);
  });
});
