import { hasTag } from '../../lib/core/vault/tags';
import type { AccountView } from '../../lib/messaging';

/**
 * Case- and accent-insensitive form for matching: "Zürich" and "zurich" must find each other.
 * NFD splits accented letters into base + combining mark, and the marks are dropped.
 */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

type Searchable = Pick<AccountView, 'issuer' | 'label' | 'sites'> & { tags?: readonly string[] };

/** The words of a query, folded; empty when the query matches everything. */
function queryWords(query: string): string[] {
  return foldForSearch(query).split(/\s+/).filter(Boolean);
}

// Folding (NFD + a Unicode regex) costs far more than the substring test, and a keystroke in
// the search box re-tests every account: fold each account once. The background sends fresh
// objects with every list refresh, so the cache follows them and never goes stale.
const folded = new WeakMap<Searchable, string>();

function haystackOf(account: Searchable): string {
  let text = folded.get(account);
  if (text === undefined) {
    text = foldForSearch(
      [account.issuer, account.label, ...account.sites, ...(account.tags ?? [])].join('\n'),
    );
    folded.set(account, text);
  }
  return text;
}

/** Every word of the query must appear in the issuer, the account name, a bound site or a tag. */
export function matchesQuery(account: Searchable, query: string): boolean {
  const words = queryWords(query);
  return words.length === 0 || words.every((word) => haystackOf(account).includes(word));
}

/** The accounts that match `query`, in their order; the query is folded once for all of them. */
export function filterByQuery<T extends Searchable>(accounts: readonly T[], query: string): T[] {
  const words = queryWords(query);
  if (words.length === 0) return [...accounts];
  return accounts.filter((account) => {
    const haystack = haystackOf(account);
    return words.every((word) => haystack.includes(word));
  });
}

/** The accounts with this tag (any case); all of them when no tag is chosen. */
export function filterByTag<T extends { tags?: readonly string[] }>(
  accounts: readonly T[],
  tag: string | null,
): T[] {
  return tag === null ? [...accounts] : accounts.filter((a) => hasTag(a.tags, tag));
}
