import type { AccountView } from '../../lib/messaging';

/** Accessible names used by the row controls (tests and screen-reader users rely on them). */
export function actionsName(view: Pick<AccountView, 'issuer' | 'label'>): string {
  return `Actions for ${[view.issuer, view.label].filter(Boolean).join(' ')}`;
}

export function nextCodeName(view: Pick<AccountView, 'issuer' | 'label'>): string {
  return `Next code for ${view.issuer || view.label}`;
}
