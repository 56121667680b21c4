import { describe, expect, it } from 'vitest';
import { canMoveAt, movedOrder, pinnedFirst } from '../../components/codes/listOrder';
import { accountView } from './accountView';

const ids = (list: { id: string }[]) => list.map((a) => a.id);

// Stored order: a, P, b, Q, c — P and Q are pinned.
const list = [
  accountView({ id: 'a' }),
  accountView({ id: 'P', pinned: true }),
  accountView({ id: 'b' }),
  accountView({ id: 'Q', pinned: true }),
  accountView({ id: 'c' }),
];

describe('pinnedFirst', () => {
  it('puts pinned accounts first and keeps the stored order within each group', () => {
    expect(ids(pinnedFirst(list))).toEqual(['P', 'Q', 'a', 'b', 'c']);
  });

  it('does not change its input', () => {
    const before = ids(list);
    pinnedFirst(list);
    expect(ids(list)).toEqual(before);
  });
});

describe('movedOrder', () => {
  it('swaps with the neighbour in display order', () => {
    expect(movedOrder(list, 'b', -1)).toEqual(['P', 'Q', 'b', 'a', 'c']);
    expect(movedOrder(list, 'b', 1)).toEqual(['P', 'Q', 'a', 'c', 'b']);
    expect(movedOrder(list, 'P', 1)).toEqual(['Q', 'P', 'a', 'b', 'c']);
  });

  it('stays inside the pinned or unpinned group', () => {
    expect(movedOrder(list, 'Q', 1)).toBeNull();
    expect(movedOrder(list, 'a', -1)).toBeNull();
  });

  it('is null at either end and for an unknown id', () => {
    expect(movedOrder(list, 'P', -1)).toBeNull();
    expect(movedOrder(list, 'c', 1)).toBeNull();
    expect(movedOrder(list, 'nope', 1)).toBeNull();
  });

  it('always lists every account exactly once', () => {
    for (const a of list) {
      for (const dir of [-1, 1] as const) {
        const order = movedOrder(list, a.id, dir);
        if (order) expect([...order].sort()).toEqual(ids(list).sort());
      }
    }
  });

  it('moving up then down gives back the display order', () => {
    const up = movedOrder(list, 'c', -1);
    expect(up).not.toBeNull();
    const reordered = (up ?? []).map((id) => list.find((a) => a.id === id) ?? accountView());
    expect(movedOrder(reordered, 'c', 1)).toEqual(ids(pinnedFirst(list)));
  });
});

describe('canMoveAt', () => {
  it('agrees with movedOrder for every account and direction', () => {
    const ordered = pinnedFirst(list);
    for (const [index, account] of ordered.entries()) {
      for (const direction of [-1, 1] as const) {
        expect(canMoveAt(ordered, index, direction), `${account.id} ${direction}`).toBe(
          movedOrder(list, account.id, direction) !== null,
        );
      }
    }
  });

  it('is false outside the list', () => {
    expect(canMoveAt(pinnedFirst(list), -1, 1)).toBe(false);
    expect(canMoveAt(pinnedFirst(list), 5, -1)).toBe(false);
  });
});
