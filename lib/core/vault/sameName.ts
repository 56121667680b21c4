import type { Account } from './types';

/** Issuer and name as people read them: case and surrounding spaces do not make another account. */
function nameKey(a: Account): string {
  return `${a.issuer.trim().toLowerCase()}\u0000${a.label.trim().toLowerCase()}`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * The other accounts that share this one's issuer and name but hold a different secret: after
 * a site was set up again, or a join of two vaults, one of them is stale. Their ids, in list
 * order; empty when the account is alone or unknown.
 */
export function sameNameDifferentSecret(accounts: readonly Account[], id: string): string[] {
  const account = accounts.find((a) => a.id === id);
  if (!account) return [];
  const key = nameKey(account);
  return accounts
    .filter(
      (other) =>
        other.id !== id &&
        nameKey(other) === key &&
        !sameBytes(other.otp.secret, account.otp.secret),
    )
    .map((other) => other.id);
}
