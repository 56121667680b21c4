import { i18n } from '#i18n';
import type { AccountView } from '../../lib/messaging';

/** Accessible names used by the row controls (tests and screen-reader users rely on them). */
export function actionsName(view: Pick<AccountView, 'issuer' | 'label'>): string {
  return i18n.t('codes.actionsFor', [[view.issuer, view.label].filter(Boolean).join(' ')]);
}

export function nextCodeName(view: Pick<AccountView, 'issuer' | 'label'>): string {
  return i18n.t('codes.nextCodeFor', [view.issuer || view.label]);
}
