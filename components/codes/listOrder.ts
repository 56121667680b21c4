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
  if (index < 0 || !self || !other || other.pinned !== self.pinned) return null;
  ordered[index] = other;
  ordered[index + direction] = self;
  return ordered.map((a) => a.id);
}
