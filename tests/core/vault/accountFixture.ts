import type { Account } from '../../../lib/core/vault/types';

/** A plain time-based account (SHA-1, 6 digits, 30 s) with `secret`; tests override the rest. */
export function totpAccount(secret: Uint8Array, over: Partial<Account> = {}): Account {
  return {
    id: 'id1',
    updatedAt: 5,
    issuer: 'GitHub',
    label: 'a',
    otp: { type: 'totp', secret, algorithm: 'SHA1', digits: 6, period: 30, counter: 0 },
    sites: [],
    pinned: false,
    order: 0,
    ...over,
  };
}
