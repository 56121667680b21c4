import { describe, expect, it } from 'vitest';
import {
  BATCH_TTL_MS,
  isValidRecord,
  recordBatchParts,
  type BatchRecord,
} from '../../../lib/core/scan/batches';

describe('recordBatchParts', () => {
  it('counts the distinct codes of a transfer across scans: 1 of 3, 2 of 3, 3 of 3', () => {
    let records: BatchRecord[] = [];
    const steps = [0, 0, 2, 1].map((index, i) => {
      const r = recordBatchParts(records, [{ id: 9, index, size: 3 }], 1000 + i);
      records = r.records;
      return r.progress;
    });
    expect(steps).toEqual([
      { scanned: 1, size: 3, missing: [2, 3] },
      // Scanning the same code again does not count twice.
      { scanned: 1, size: 3, missing: [2, 3] },
      { scanned: 2, size: 3, missing: [2] },
      { scanned: 3, size: 3, missing: [] },
    ]);
    expect(records).toHaveLength(1);
  });

  it('keeps transfers apart by id and size, and forgets old ones', () => {
    const a = recordBatchParts([], [{ id: 1, index: 0, size: 2 }], 0);
    const b = recordBatchParts(a.records, [{ id: 2, index: 1, size: 2 }], 10);
    expect(b.progress).toEqual({ scanned: 1, size: 2, missing: [1] });
    expect(b.records).toHaveLength(2);
    const later = recordBatchParts(b.records, [{ id: 1, index: 1, size: 2 }], BATCH_TTL_MS + 20);
    // The first code of transfer 1 was scanned too long ago to count.
    expect(later.progress).toEqual({ scanned: 1, size: 2, missing: [1] });
    expect(later.records).toHaveLength(1);
  });

  it('reports the first transfer when one page shows codes of several', () => {
    const r = recordBatchParts(
      [],
      [
        { id: 5, index: 0, size: 3 },
        { id: 6, index: 0, size: 2 },
        { id: 5, index: 1, size: 3 },
      ],
      0,
    );
    expect(r.progress).toEqual({ scanned: 2, size: 3, missing: [3] });
    expect(r.records).toHaveLength(2);
  });

  it('ignores impossible parts and keeps at most 8 transfers', () => {
    const bad = recordBatchParts(
      [],
      [
        { id: 1, index: 3, size: 3 },
        { id: 1, index: -1, size: 3 },
        { id: 1, index: 0, size: 1 },
        { id: 1, index: 0, size: 1000 },
      ],
      0,
    );
    expect(bad).toEqual({ records: [] });
    let records: BatchRecord[] = [];
    for (let id = 0; id < 20; id++)
      records = recordBatchParts(records, [{ id, index: 0, size: 2 }], id).records;
    expect(records).toHaveLength(8);
    expect(records[0]!.id).toBe(19);
  });

  it('drops malformed records read back from storage', () => {
    expect(isValidRecord({ id: 1, size: 3, seen: [0, 2], at: 5 })).toBe(true);
    for (const r of [
      null,
      'x',
      { id: 1, size: 3, seen: [3], at: 5 },
      { id: 1.5, size: 3, seen: [], at: 5 },
      { id: 1, size: 3, seen: 'all', at: 5 },
      { id: 1, size: 3, seen: [], at: '5' },
    ]) {
      expect(isValidRecord(r)).toBe(false);
    }
  });
});
