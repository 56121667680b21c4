import { describe, expect, it } from 'vitest';
import { PendingImports } from '../../../lib/core/transfer/pending';
import { expectTessera } from './helpers';

describe('PendingImports', () => {
  it('keeps a preview for its lifetime, then forgets it', async () => {
    let now = 1000;
    let n = 0;
    const pending = new PendingImports<string>(
      60_000,
      8,
      () => now,
      () => `id${++n}`,
    );
    const { id, expiresAt } = pending.put('parsed file');
    expect(expiresAt).toBe(61_000);
    expect(pending.get(id)).toBe('parsed file');
    now = 60_999;
    expect(pending.get(id)).toBe('parsed file');
    now = 61_000;
    const e = await expectTessera(() => pending.get(id), 'E_NOT_FOUND');
    expect(e.message).toMatch(/expired/);
    expect(pending.size).toBe(0);
  });

  it('keeps only the newest few, and forgets on delete and clear', async () => {
    let n = 0;
    const pending = new PendingImports<number>(
      60_000,
      3,
      () => 0,
      () => `id${++n}`,
    );
    const ids = [1, 2, 3, 4].map((v) => pending.put(v).id);
    expect(pending.size).toBe(3);
    await expectTessera(() => pending.get(ids[0]!), 'E_NOT_FOUND');
    expect(pending.get(ids[3]!)).toBe(4);
    pending.delete(ids[3]!);
    await expectTessera(() => pending.get(ids[3]!), 'E_NOT_FOUND');
    pending.clear();
    expect(pending.size).toBe(0);
    await expectTessera(() => pending.get('never'), 'E_NOT_FOUND');
  });
});
