import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  offsetToReveal,
  offsetKeepingRow,
  spacers,
  visibleRange,
  withKeptRow,
} from '../../components/codes/visibleRange';

const base = { count: 2000, rowHeight: 80, offset: 0, viewportHeight: 400, overscan: 3 };

describe('visibleRange', () => {
  it('renders the rows in view plus the overscan, and nothing before the first row', () => {
    expect(visibleRange(base)).toEqual({ start: 0, end: 8 });
    // 1000 px down: rows 12.5 to 17.5 are in view.
    expect(visibleRange({ ...base, offset: 1000 })).toEqual({ start: 9, end: 21 });
  });

  it('stops at the end of the list', () => {
    expect(visibleRange({ ...base, offset: 2000 * 80 - 400 })).toEqual({ start: 1992, end: 2000 });
  });

  it('clamps a scroll position left over from a longer list', () => {
    // A search left 3 rows while the scroller still says 100,000 px.
    expect(visibleRange({ ...base, count: 3, offset: 100_000 })).toEqual({ start: 0, end: 3 });
  });

  it('starts from the top while the list begins below the viewport top', () => {
    expect(visibleRange({ ...base, offset: -120 })).toEqual({ start: 0, end: 7 });
  });

  it('renders nothing for an empty list or an unmeasured row height', () => {
    expect(visibleRange({ ...base, count: 0 })).toEqual({ start: 0, end: 0 });
    expect(visibleRange({ ...base, rowHeight: 0 })).toEqual({ start: 0, end: 0 });
  });

  it('always covers every row that intersects the viewport, and only a bounded number more', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 20, max: 200 }),
        fc.integer({ min: -500, max: 600_000 }),
        fc.integer({ min: 0, max: 1200 }),
        fc.integer({ min: 0, max: 10 }),
        (count, rowHeight, offset, viewportHeight, overscan) => {
          const { start, end } = visibleRange({
            count,
            rowHeight,
            offset,
            viewportHeight,
            overscan,
          });
          expect(0 <= start && start <= end && end <= count).toBe(true);
          const top = Math.min(offset, Math.max(0, count * rowHeight - viewportHeight));
          for (let i = 0; i < count; i++) {
            const intersects = i * rowHeight < top + viewportHeight && (i + 1) * rowHeight > top;
            if (intersects) expect(start <= i && i < end).toBe(true);
          }
          expect(end - start).toBeLessThanOrEqual(
            Math.ceil(viewportHeight / rowHeight) + 2 + 2 * overscan,
          );
          expect(end - start).toBeGreaterThan(0);
        },
      ),
      { seed: 42, numRuns: 2000 },
    );
  });
});

describe('withKeptRow and spacers', () => {
  it('keeps a focused row outside the window in place of its neighbour, keeping the height', () => {
    const window = { start: 100, end: 110 };
    const before = withKeptRow(window, 3, 2000);
    expect(before.kept).toBe(3);
    expect(spacers(before, 2000, 80)).toEqual({ before: 99 * 80, after: 1890 * 80 });
    const after = withKeptRow(window, 1500, 2000);
    expect(after.kept).toBe(1500);
    expect(spacers(after, 2000, 80)).toEqual({ before: 100 * 80, after: 1889 * 80 });
  });

  it('keeps nothing extra for a row inside the window or no row at all', () => {
    expect(withKeptRow({ start: 100, end: 110 }, 105, 2000).kept).toBeNull();
    expect(withKeptRow({ start: 100, end: 110 }, null, 2000).kept).toBeNull();
    expect(withKeptRow({ start: 100, end: 110 }, 2000, 2000).kept).toBeNull();
  });

  it('keeps the room of rows still to come, also when the window holds none of them yet', () => {
    // Scrolled to the end of 1,000 rows while only the first 40 have arrived: nothing rendered.
    const rows = withKeptRow({ start: 990, end: 1000 }, null, 1000);
    expect(spacers(rows, 1000, 63, 40)).toEqual({ before: 990 * 63, after: 10 * 63 });
  });

  it('always adds up to the height of the whole list, however many rows have arrived', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 0, max: 400_000 }),
        fc.nat(),
        fc.option(fc.nat(), { nil: null }),
        (count, offset, loadedSeed, keepSeed) => {
          const rowHeight = 80;
          // Every row, in half the runs; else the first rows of a long list only.
          const loaded = loadedSeed % 2 === 0 ? count : loadedSeed % (count + 1);
          const window = visibleRange({
            count,
            rowHeight,
            offset,
            viewportHeight: 500,
            overscan: 4,
          });
          // Only a row that has arrived can hold focus.
          const keep = keepSeed === null || loaded === 0 ? null : keepSeed % loaded;
          const rows = withKeptRow(window, keep, count);
          const rendered =
            Math.max(0, Math.min(rows.end, loaded) - rows.start) + (rows.kept === null ? 0 : 1);
          const { before, after } = spacers(rows, count, rowHeight, loaded);
          expect(before + rendered * rowHeight + after).toBe(count * rowHeight);
        },
      ),
      { seed: 42, numRuns: 2000 },
    );
  });
});

describe('offsetToReveal', () => {
  it('scrolls the least that shows the whole row, and not at all when it is in view', () => {
    expect(offsetToReveal(2, 80, 0, 400)).toBe(0);
    expect(offsetToReveal(10, 80, 0, 400)).toBe(11 * 80 - 400);
    expect(offsetToReveal(10, 80, 2000, 400)).toBe(800);
  });

  it('leaves the row fully inside the viewport', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 20, max: 200 }),
        fc.integer({ min: 0, max: 600_000 }),
        fc.integer({ min: 200, max: 1200 }),
        (index, rowHeight, offset, viewportHeight) => {
          const next = offsetToReveal(index, rowHeight, offset, viewportHeight);
          expect(index * rowHeight).toBeGreaterThanOrEqual(next);
          expect((index + 1) * rowHeight).toBeLessThanOrEqual(next + viewportHeight);
        },
      ),
      { seed: 42, numRuns: 2000 },
    );
  });
});

describe('offsetKeepingRow', () => {
  it('keeps the row at the top of the viewport in place when the row height changes', () => {
    // Row 990 at the top with 63 px rows; at 68 px it starts 990 × 68 px down.
    expect(offsetKeepingRow(990 * 63, 63, 68)).toBeCloseTo(990 * 68);
    // The estimate replaced by a smaller measured height: further up.
    expect(offsetKeepingRow(500 * 84, 84, 63)).toBeCloseTo(500 * 63);
    // Part of a row scrolled past stays the same part.
    expect(offsetKeepingRow(10.5 * 63, 63, 70)).toBeCloseTo(10.5 * 70);
  });

  it('leaves the list alone at its top, or without a height to compare', () => {
    expect(offsetKeepingRow(0, 63, 68)).toBe(0);
    expect(offsetKeepingRow(-120, 63, 68)).toBe(-120);
    expect(offsetKeepingRow(500, 0, 68)).toBe(500);
    expect(offsetKeepingRow(500, 63, 0)).toBe(500);
  });
});
