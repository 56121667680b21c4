import type { WireError } from '../errors';
import type { PolicyReason } from './parse';

/**
 * The catalogue key for each E_POLICY reason (locales/<lang>.yml, policy:). Literal keys, so the
 * i18n tests can see them used. Pages call
 *   i18n.t(POLICY_REASON_KEYS.passphraseTooShort, [String(min)])
 *   i18n.t(POLICY_REASON_KEYS.autoLockTooLong, max)          // plural: 1 / n minutes
 *   i18n.t(POLICY_REASON_KEYS.plainTextExport)
 * with the reason from policyReason(error) and the number from policyLimit(error).
 */
export const POLICY_REASON_KEYS = {
  passphraseTooShort: 'policy.passphraseTooShort',
  autoLockTooLong: 'policy.autoLockTooLong',
  plainTextExport: 'policy.plainTextExport',
  syncBackupDisabled: 'policy.syncBackupDisabled',
} as const satisfies Record<PolicyReason, string>;

export function policyReason(error: WireError): PolicyReason | null {
  if (error.code !== 'E_POLICY') return null;
  const reason = error.detail?.reason;
  return typeof reason === 'string' && Object.hasOwn(POLICY_REASON_KEYS, reason)
    ? (reason as PolicyReason)
    : null;
}

/** The numbers an E_POLICY error carries (0 when absent, which the routes never send). */
export function policyLimit(error: WireError): number {
  const value = error.detail?.min ?? error.detail?.max;
  return typeof value === 'number' ? value : 0;
}
