import fc from 'fast-check';
import type { SyncLimits } from '../../../lib/core/backup/syncArea';
import type { Account } from '../../../lib/core/vault/types';
import { MemorySyncArea } from '../../support/memorySyncArea';
import { makeAccounts, type Profile } from './helpers';

/** The oracle of a schedule: the newest version anybody made of each account. */
export type Newest = Map<string, { updatedAt: number; deleted: 0 | 1 }>;

/** What a user does to the accounts in one browser between merges. */
export type EditOp =
  | { kind: 'add'; p: number; seed: number }
  | { kind: 'edit'; p: number; pick: number }
  | { kind: 'delete'; p: number; pick: number };

export const isEdit = (op: { kind: string }): op is EditOp =>
  op.kind === 'add' || op.kind === 'edit' || op.kind === 'delete';

/** The three edit arbitraries, for schedules that mix them with their own merge steps. */
export const editOpArbs = (p: fc.Arbitrary<number>): fc.Arbitrary<EditOp>[] => [
  fc.record({ kind: fc.constant('add' as const), p, seed: fc.integer({ min: 1, max: 1e6 }) }),
  fc.record({ kind: fc.constant('edit' as const), p, pick: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), p, pick: fc.nat() }),
];

/** Three browser profiles of one user sharing one sync area, all on the same clock. */
export function threeAreas(limits: Partial<SyncLimits>, now: () => number): MemorySyncArea[] {
  const area = new MemorySyncArea({ limits, now });
  return [area, area.otherProfile({ now }), area.otherProfile({ now })];
}

/**
 * Applies one edit to `p` at time `now` and records it in the oracle. False when there was
 * nothing to do (the account already exists, or there is no live account to pick).
 */
export async function applyEdit(
  p: Profile,
  op: EditOp,
  now: number,
  newest: Newest,
): Promise<boolean> {
  if (op.kind === 'add') {
    const [x] = makeAccounts(1, op.seed, op.seed % 1000);
    const acc = { ...(x as Account), updatedAt: now };
    if (newest.has(acc.id)) return false;
    await p.put([acc]);
    newest.set(acc.id, { updatedAt: now, deleted: 0 });
    return true;
  }
  const live = (await p.accounts()) as Account[];
  if (live.length === 0) return false;
  const target = live[op.pick % live.length] as Account;
  if (op.kind === 'edit') {
    await p.put([{ ...target, label: `edit-${now}`, updatedAt: now }]);
    newest.set(target.id, { updatedAt: now, deleted: 0 });
  } else {
    await p.remove(target.id, now);
    newest.set(target.id, { updatedAt: now, deleted: 1 });
  }
  return true;
}
