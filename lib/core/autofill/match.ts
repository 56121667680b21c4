import { siteMatches } from './origin';

/** What matching needs to know about an account; the vault's Account satisfies it. */
export interface BindableAccount {
  id: string;
  sites: readonly string[];
  subdomains?: boolean;
}

export function isBoundTo(account: BindableAccount, frameOrigin: string): boolean {
  return account.sites.some((site) =>
    siteMatches(site, frameOrigin, { subdomains: account.subdomains === true }),
  );
}

/** The accounts whose code this origin may receive, in the order given (the user's order). */
export function accountsBoundTo<T extends BindableAccount>(
  accounts: readonly T[],
  frameOrigin: string,
): T[] {
  return accounts.filter((a) => isBoundTo(a, frameOrigin));
}
