import type { AccountView } from '../../lib/messaging';

/** A time-based account as the background would describe it; tests override what they need. */
export function accountView(overrides: Partial<AccountView> = {}): AccountView {
  return {
    id: 'a',
    issuer: 'GitHub',
    label: 'alice@example.com',
    type: 'totp',
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: 0,
    sites: [],
    pinned: false,
    subdomains: false,
    autoFill: false,
    tags: [],
    icon: null,
    timeOffset: 0,
    hasRecoveryCodes: false,
    code: '123456',
    nextCode: '654321',
    validFrom: 0,
    validUntil: 30_000,
    ...overrides,
  };
}
