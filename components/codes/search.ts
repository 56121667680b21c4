import type { AccountView } from '../../lib/messaging';

/**
 * Case- and accent-insensitive form for matching: "Zürich" and "zurich" must find each other.
 * NFD splits accented letters into base + combining mark, and the marks are dropped.
 */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

type Searchable = Pick<AccountView, 'issuer' | 'label' | 'sites'>;

/** Every word of the query must appear in the issuer, the account name or a bound site. */
export function matchesQuery(account: Searchable, query: string): boolean {
  const words = foldForSearch(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = foldForSearch([account.issuer, account.label, ...account.sites].join('\n'));
  return words.every((word) => haystack.includes(word));
}
