import type { AutofillTabState } from '../../lib/core/autofill/protocol';
import type { AccountView } from '../../lib/messaging';

/**
 * The popup's list while a page asks for a code: accounts bound to the page first, then those
 * whose issuer usually signs in there, then the rest, each group in the user's order.
 */
export function boundFirst(
  views: readonly AccountView[],
  state: AutofillTabState | null | undefined,
): AccountView[] {
  if (!state?.hasField) return [...views];
  const rank = (v: AccountView) =>
    state.boundIds.includes(v.id) ? 0 : state.suggestedIds.includes(v.id) ? 1 : 2;
  return views
    .map((view, index) => ({ view, index, rank: rank(view) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((x) => x.view);
}
