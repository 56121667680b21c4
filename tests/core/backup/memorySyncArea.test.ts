import { describe, expect, it } from 'vitest';
import { MemorySyncArea } from '../../support/memorySyncArea';
import { itemBytes, SYNC_LIMITS } from '../../../lib/core/backup/syncArea';

async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  return 'resolved';
}

describe('MemorySyncArea (Chrome storage.sync rules)', { timeout: 60_000 }, () => {
  it('charges key + JSON bytes as Chromium measures them', () => {
    expect(itemBytes('k', 'abc')).toBe(1 + 5);
    expect(itemBytes('k', { a: 1 })).toBe(1 + 7);
    expect(itemBytes('é', 'é')).toBe(2 + 4);
    // Chromium's JSON writer spells '<' as \u003C and U+2028 as \u2028.
    expect(itemBytes('k', '<')).toBe(1 + 8);
    expect(itemBytes('k', '\u2028')).toBe(1 + 8);
  });

  it('accepts an item of exactly 8,192 bytes and refuses 8,193', async () => {
    const area = new MemorySyncArea();
    const exact = 'x'.repeat(SYNC_LIMITS.quotaBytesPerItem - 1 - 2);
    await area.set({ k: exact });
    expect(await area.getBytesInUse(null)).toBe(8192);
    expect(await rejection(area.set({ k: `${exact}x` }))).toBe(
      'QUOTA_BYTES_PER_ITEM quota exceeded',
    );
    expect((await area.get(['k'])).k).toBe(exact);
  });

  it('refuses past 102,400 bytes in total, all or nothing', async () => {
    const area = new MemorySyncArea();
    const value = 'y'.repeat(8000);
    const items: Record<string, string> = {};
    for (let i = 0; i < 12; i++) items[`k${String(i).padStart(2, '0')}`] = value;
    await area.set(items);
    const used = await area.getBytesInUse(null);
    expect(used).toBe(12 * (3 + 8002));
    const rest = 102_400 - used;
    expect(await rejection(area.set({ big: 'z'.repeat(rest) }))).toBe('QUOTA_BYTES quota exceeded');
    expect(await rejection(area.set({ a: 'z', b: 'z'.repeat(rest) }))).toBe(
      'QUOTA_BYTES quota exceeded',
    );
    expect(Object.keys(area.peek())).toHaveLength(12);
    await area.set({ big: 'z'.repeat(rest - 3 - 2) });
    expect(await area.getBytesInUse(null)).toBe(102_400);
  });

  it('refuses a 513th item', async () => {
    const area = new MemorySyncArea();
    const items: Record<string, number> = {};
    for (let i = 0; i < 512; i++) items[`i${i}`] = i;
    await area.set(items);
    expect(await rejection(area.set({ one: 1 }))).toBe('MAX_ITEMS quota exceeded');
    await area.set({ i0: 'replaced' });
  });

  it('meters 120 writes a minute and 1,800 an hour, on its own clock', async () => {
    let now = 0;
    const area = new MemorySyncArea({ now: () => now });
    for (let i = 0; i < 120; i++) await area.set({ k: i });
    expect(await rejection(area.set({ k: 'more' }))).toBe(
      'This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.',
    );
    expect(await rejection(area.remove(['k']))).toContain('MAX_WRITE_OPERATIONS_PER_MINUTE');
    now = 60_000;
    await area.set({ k: 'next minute' });
    // Fill the hour: 1,800 in total, 120 per minute.
    let written = 121;
    while (written < 1800) {
      now += 60_000;
      for (let i = 0; i < 120 && written < 1800; i++, written++) await area.set({ k: written });
    }
    now += 60_000;
    expect(await rejection(area.set({ k: 'too many' }))).toBe(
      'This request exceeds the MAX_WRITE_OPERATIONS_PER_HOUR quota.',
    );
    now = 3_600_000 + 1;
    await area.set({ k: 'next hour' });
  });

  it('lets a second profile share the data but not the rate limits', async () => {
    const a = new MemorySyncArea({ now: () => 0 });
    const b = a.otherProfile({ now: () => 0 });
    for (let i = 0; i < 120; i++) await a.set({ k: i });
    await b.set({ k: 'from b' });
    expect((await a.get(['k'])).k).toBe('from b');
  });

  it('runs another writer between the items of one set', async () => {
    const a = new MemorySyncArea();
    const b = a.otherProfile();
    const seen: string[] = [];
    a.betweenItems = async ({ key, index }) => {
      seen.push(`${key}@${index}`);
      if (index === 1) await b.set({ y: 'b wrote this in between' });
    };
    await a.set({ x: 1, y: 2, z: 3 });
    expect(seen).toEqual(['x@0', 'y@1', 'z@2']);
    // b's write landed before a's y: a's later item wins, as in sync.
    expect(a.peek()).toEqual({ x: 1, y: 2, z: 3 });
  });

  it('tears a multi-item set after k items', async () => {
    const a = new MemorySyncArea();
    a.tearNextSet(2);
    expect(await rejection(a.set({ x: 1, y: 2, z: 3 }))).toContain('interrupted');
    expect(a.peek()).toEqual({ x: 1, y: 2 });
    await a.set({ z: 3 });
    expect(a.peek()).toEqual({ x: 1, y: 2, z: 3 });
  });

  it('returns copies, never its own objects', async () => {
    const a = new MemorySyncArea();
    await a.set({ o: { n: 1 } });
    const got = (await a.get(null)).o as { n: number };
    got.n = 2;
    expect(a.peek()).toEqual({ o: { n: 1 } });
  });
});
