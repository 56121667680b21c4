import type { AccountView } from '../../lib/messaging';

/** Pinned accounts first; within each group the order the background stores. */
export function pinnedFirst(accounts: readonly AccountView[]): AccountView[] {
  return [...accounts.filter((a) => a.pinned), ...accounts.filter((a) => !a.pinned)];
}

/**
 * The full id order after moving one account up (-1) or down (+1) among the accounts in the same
 * pinned group, or null when it is already at that end. The result is in display order, which
 * then becomes the stored order.
 */
export function movedOrder(
  accounts: readonly AccountView[],
  id: string,
  direction: -1 | 1,
): string[] | null {
  const ordered = pinnedFirst(accounts);
  const index = ordered.findIndex((a) => a.id === id);
  const other = ordered[index + direction];
  const self = ordered[index];
  if (!self || !other || !canMoveAt(ordered, index, direction)) return null;
  ordered[index] = other;
  ordered[index + direction] = self;
  return ordered.map((a) => a.id);
}

/**
 * Whether the account at `index` of `ordered` (display order, pinned first) can move one place
 * up or down: the same test as movedOrder, without building the new order. Every rendered row
 * asks this for its menu, so it must not cost a pass over the whole list.
 */
export function canMoveAt(
  ordered: readonly Pick<AccountView, 'pinned'>[],
  index: number,
  direction: -1 | 1,
): boolean {
  const self = ordered[index];
  const other = ordered[index + direction];
  return index >= 0 && self !== undefined && other !== undefined && other.pinned === self.pinned;
}
