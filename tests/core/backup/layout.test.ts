import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ROOT,
  childrenOf,
  covers,
  idHash,
  nodeContains,
  nodeFromNumber,
  nodeNumber,
  parseShardKey,
  planLayout,
  shardKey,
  uncovered,
  type ShardNode,
} from '../../../lib/core/backup/format/layout';
import { classifySyncError, retryDelay, WriteBudget } from '../../../lib/core/backup/quota';

const arbNode = fc
  .integer({ min: 0, max: 12 })
  .chain((depth) =>
    fc.integer({ min: 0, max: 2 ** depth - 1 }).map((prefix): ShardNode => ({ depth, prefix })),
  );

describe('shard layout', { timeout: 120_000 }, () => {
  it('names every node by one key and parses it back', () => {
    fc.assert(
      fc.property(arbNode, (node) => {
        expect(parseShardKey(shardKey(node))).toEqual(node);
        expect(nodeFromNumber(nodeNumber(node))).toEqual(node);
      }),
      { seed: 42, numRuns: 10_000 },
    );
    expect(shardKey(ROOT)).toBe('s:1');
    for (const k of ['s:01', 's:A', 's:', 's:0', 'h', 'settings', 's:10000', 's:-1'])
      expect(parseShardKey(k)).toBeNull();
  });

  it('splits a node into two children that partition its hashes', () => {
    fc.assert(
      fc.property(
        arbNode.filter((n) => n.depth < 12),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        (node, h) => {
          const [l, r] = childrenOf(node);
          expect(nodeContains(node, h)).toBe(nodeContains(l, h) || nodeContains(r, h));
          expect(nodeContains(l, h) && nodeContains(r, h)).toBe(false);
          expect(covers(node, l) && covers(node, r) && !covers(l, node)).toBe(true);
        },
      ),
      { seed: 42, numRuns: 10_000 },
    );
  });

  it('finds the gaps in a set of shards', () => {
    const [l, r] = childrenOf(ROOT);
    const [rl, rr] = childrenOf(r);
    expect(uncovered([ROOT])).toEqual([]);
    expect(uncovered([l, r])).toEqual([]);
    expect(uncovered([l, rl])).toEqual([rr]);
    expect(uncovered([])).toEqual([ROOT]);
    // Overlap (a split half done) is not a gap.
    expect(uncovered([r, rl, rr, l])).toEqual([]);
  });

  it('spreads ids evenly', () => {
    const counts = new Array(16).fill(0);
    for (let i = 0; i < 16_000; i++) counts[idHash(`id-${i}`) >>> 28]++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });

  it('plans leaves that fit and cover everything, each record in exactly one', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 40 }),
        (ids, cap) => {
          const plan = planLayout(
            ids.map((id) => ({ id })),
            (_n, recs) => recs.length <= cap,
          );
          expect(uncovered(plan.map((p) => p.node))).toEqual([]);
          const placed = plan.flatMap((p) => p.records.map((r) => r.id)).sort();
          expect(placed).toEqual([...ids].sort());
          for (const p of plan) {
            expect(p.records.length).toBeLessThanOrEqual(cap);
            for (const r of p.records) expect(nodeContains(p.node, idHash(r.id))).toBe(true);
          }
        },
      ),
      { seed: 42, numRuns: 2_000 },
    );
  });
});

describe('quota errors', () => {
  it('reads every browser message', () => {
    const cases: [string, string][] = [
      ['QUOTA_BYTES quota exceeded', 'bytes'],
      ['QUOTA_BYTES_PER_ITEM quota exceeded', 'item-bytes'],
      ['Resource::kQuotaBytes quota exceeded', 'bytes'],
      ['Resource::kQuotaBytesPerItem quota exceeded', 'item-bytes'],
      ['MAX_ITEMS quota exceeded', 'items'],
      ['Resource::kMaxItems quota exceeded', 'items'],
      ['This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.', 'rate-minute'],
      ['This request exceeds the MAX_WRITE_OPERATIONS_PER_HOUR quota.', 'rate-hour'],
      ['This request exceeds the MAX_SUSTAINED_WRITE_OPERATIONS_PER_MINUTE quota.', 'rate-minute'],
      ['QuotaExceededError: storage.sync API call exceeded its quota limitations.', 'bytes'],
      ['Sync is disabled', 'other'],
    ];
    for (const [message, kind] of cases) {
      expect(classifySyncError(new Error(message)), message).toBe(kind);
      expect(classifySyncError(message), message).toBe(kind);
    }
    expect(classifySyncError(undefined)).toBe('other');
  });

  it('waits for the rate limits and backs off exponentially on other failures', () => {
    expect(retryDelay('rate-minute', 0)).toBe(60_000);
    expect(retryDelay('bytes', 0)).toBeNull();
    expect(retryDelay('other', 0)).toBe(5_000);
    expect(retryDelay('other', 3)).toBe(40_000);
    expect(retryDelay('other', 50)).toBe(15 * 60_000);
  });

  it('counts writes with the browser bucket rule', () => {
    const b = new WriteBudget({ maxWriteOperationsPerMinute: 3, maxWriteOperationsPerHour: 5 });
    expect(b.waitFor(3, 0)).toBe(0);
    b.spend(3, 0);
    expect(b.waitFor(1, 10_000)).toBe(50_000);
    expect(b.waitFor(2, 60_000)).toBe(0);
    b.spend(2, 60_000);
    expect(b.waitFor(1, 120_000)).toBe(3_600_000 - 120_000);
  });
});
