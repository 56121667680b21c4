import { sameAccountKey } from './transferPlan';
import type { Account } from './types';

/**
 * Accounts that share an issuer and account name but not a secret: usually an old and a new
 * enrolment of the same login (the site was set up again, one export is older), and only one of
 * them still works. They are kept, never merged, and marked so the user can find out which
 * one the site accepts. Derived from the vault as it is, never stored, so the mark appears and
 * goes away however the accounts arrived or changed (import, restore, sync, scan, rename).
 *
 * Names are compared as people read them: Unicode-normalised (NFKC), case-folded, with runs
 * of white space as one space. Accounts with the same secret and type are the same login
 * (see sameAccountKey) and never conflict with each other.
 */

export function nameKey(issuer: string, label: string): string {
  const norm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
  return `${norm(issuer)}\u0000${norm(label)}`;
}

/** Ids of accounts whose issuer and name another account shares with a different secret. */
export function secretConflicts(accounts: Iterable<Account>): Set<string> {
  const groups = new Map<string, Account[]>();
  for (const a of accounts) {
    const key = nameKey(a.issuer, a.label);
    const group = groups.get(key);
    if (group) group.push(a);
    else groups.set(key, [a]);
  }
  const out = new Set<string>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const secrets = new Set(group.map(sameAccountKey));
    if (secrets.size > 1) for (const a of group) out.add(a.id);
  }
  return out;
}

/**
 * The other accounts that share this one's issuer and name but hold a different secret, in
 * list order ("Code not accepted?" points to them); empty when the account is alone or unknown.
 */
export function sameNameDifferentSecret(accounts: readonly Account[], id: string): string[] {
  const account = accounts.find((a) => a.id === id);
  if (!account) return [];
  const name = nameKey(account.issuer, account.label);
  const secret = sameAccountKey(account);
  return accounts
    .filter(
      (other) =>
        other.id !== id &&
        nameKey(other.issuer, other.label) === name &&
        sameAccountKey(other) !== secret,
    )
    .map((other) => other.id);
}
