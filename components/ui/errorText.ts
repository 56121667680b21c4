import { i18n, type GeneratedI18nStructure } from '#i18n';
import type { ErrorCode, WireError } from '../../lib/core/errors';
import { policyLimit, policyReason } from '../../lib/core/policy/reasons';
import type { OtpWarning, OtpWarningCode } from '../../lib/core/otp/types';
import { formatNumber } from './locale';

type Structure = GeneratedI18nStructure;
/** Catalogue keys that take no substitution, and those that take exactly one ($1). */
type PlainKey = {
  [K in keyof Structure]: Structure[K] extends { plural: false; substitutions: 0 } ? K : never;
}[keyof Structure];
type OneSubKey = {
  [K in keyof Structure]: Structure[K] extends { plural: false; substitutions: 1 } ? K : never;
}[keyof Structure];

/**
 * The one place where error codes become sentences a person can act on. Tables of literal
 * catalogue keys (never built by concatenation, so the unused-key test sees each one);
 * `Record<ErrorCode, …>` makes the compiler flag any code added to errors.ts.
 */
const ERROR_SENTENCES: Record<ErrorCode, PlainKey> = {
  E_URI_INVALID: 'errors.uriInvalid',
  E_URI_SCHEME: 'errors.uriScheme',
  E_URI_TYPE: 'errors.uriType',
  E_URI_LABEL: 'errors.uriLabel',
  E_SECRET_MISSING: 'errors.secretMissing',
  E_SECRET_INVALID: 'errors.secretInvalid',
  E_SECRET_TOO_SHORT: 'errors.secretTooShort',
  E_ALGORITHM: 'errors.algorithm',
  E_DIGITS: 'errors.digits',
  E_PERIOD: 'errors.period',
  E_COUNTER: 'errors.counter',
  E_ISSUER_MISMATCH: 'errors.issuerMismatch',
  E_FIELD_INVALID: 'errors.fieldInvalid',
  E_NO_VAULT: 'errors.noVault',
  E_VAULT_EXISTS: 'errors.vaultExists',
  E_LOCKED: 'errors.locked',
  E_BAD_PASSPHRASE: 'errors.badPassphrase',
  E_BAD_RECOVERY_KEY: 'errors.badRecoveryKey',
  E_BAD_PASSKEY: 'errors.badPasskey',
  E_PASSKEY_FAILED: 'errors.passkeyFailed',
  E_WEAK_PASSPHRASE: 'errors.weakPassphrase',
  E_PASSPHRASE_MISMATCH: 'errors.passphraseMismatch',
  E_KDF_PARAMS: 'errors.kdfParams',
  E_KDF_BUDGET: 'errors.kdfBudget',
  E_THROTTLED: 'errors.throttled',
  E_CORRUPT: 'errors.corrupt',
  E_UNSUPPORTED_VERSION: 'errors.unsupportedVersion',
  E_NOT_FOUND: 'errors.notFound',
  E_DUPLICATE: 'errors.duplicate',
  E_FORBIDDEN: 'errors.forbidden',
  E_BAD_REQUEST: 'errors.badRequest',
  E_INTERNAL: 'errors.internal',
  E_BACKUP_TOO_LARGE: 'errors.backupTooLarge',
  E_IMPORT_FORMAT: 'errors.importFormat',
  E_IMPORT_TOO_LARGE: 'errors.importTooLarge',
  E_SCAN_NO_QR: 'errors.scanNoQr',
  E_SCAN_NOT_AUTHENTICATOR: 'errors.scanNotAuthenticator',
  E_SCAN_FORBIDDEN_PAGE: 'errors.scanForbiddenPage',
  E_PAGE_CHANGED: 'errors.pageChanged',
  E_POLICY: 'errors.policy',
  E_CLOCK_CHECK: 'errors.clockCheck.failed',
};

const WARNING_SENTENCES: Record<OtpWarningCode, PlainKey> = {
  W_SECRET_SHORT: 'errors.warnings.secretShort',
};

/**
 * Some throws name the exact problem in `detail.reason` (and the offending value in another
 * detail field), which the code alone cannot. A reason maps to its own sentence; `arg` names
 * the detail field that fills `$1`. Unknown reasons fall back to the code's sentence, so the
 * background's English never reaches the user.
 */
type ReasonSentence = PlainKey | { key: OneSubKey; arg: string; number?: boolean };
const REASON_SENTENCES: Partial<Record<ErrorCode, Record<string, ReasonSentence>>> = {
  E_FIELD_INVALID: {
    siteEmpty: 'errors.field.siteEmpty',
    siteNotWebAddress: { key: 'errors.field.siteNotWebAddress', arg: 'site' },
    siteHasCredentials: { key: 'errors.field.siteHasCredentials', arg: 'site' },
    siteNotHttps: { key: 'errors.field.siteNotHttps', arg: 'site' },
    siteIncompleteHost: { key: 'errors.field.siteIncompleteHost', arg: 'site' },
    tooManySites: { key: 'errors.field.tooManySites', arg: 'max', number: true },
    timeOffsetRange: { key: 'errors.field.timeOffsetRange', arg: 'max', number: true },
    nameMissing: 'errors.field.nameMissing',
    passphraseInvalidChar: 'errors.field.passphraseInvalidChar',
    tooManyPasskeys: { key: 'errors.field.tooManyPasskeys', arg: 'max', number: true },
    recoveryCodes: 'errors.field.recoveryCodes',
    recoveryCodeLength: { key: 'errors.field.recoveryCodeLength', arg: 'max', number: true },
    recoveryCodeCount: { key: 'errors.field.recoveryCodeCount', arg: 'max', number: true },
    notes: 'errors.field.notes',
    notesLength: { key: 'errors.field.notesLength', arg: 'max', number: true },
  },
  // The popup's "Fill" (entrypoints/background/autofill.ts, autofill.fillTab).
  E_NOT_FOUND: {
    noField: 'errors.fill.noField',
    fieldGone: 'errors.fill.fieldGone',
    passkeyRemoved: 'errors.passkeyRemoved',
  },
  E_PASSKEY_FAILED: {
    cancelled: 'errors.passkeyCancelled',
    noPrf: 'errors.passkeyNoPrf',
  },
  E_CLOCK_CHECK: {
    noDate: 'errors.clockCheck.noDate',
    badDate: 'errors.clockCheck.badDate',
    noSite: 'errors.clockCheck.noSite',
    denied: 'errors.clockCheck.denied',
    network: 'errors.clockCheck.network',
  },
  E_FORBIDDEN: {
    boundElsewhere: { key: 'errors.fill.boundElsewhere', arg: 'name' },
    remember: 'errors.fill.confirmSite',
    passkeyGrant: 'errors.passkeyGrant',
  },
  E_DUPLICATE: {
    passkeyDuplicate: 'errors.passkeyDuplicate',
  },
};

function reasonText(error: WireError): string | null {
  const reason = error.detail?.reason;
  if (typeof reason !== 'string') return null;
  const sentence = REASON_SENTENCES[error.code]?.[reason];
  if (sentence === undefined) return null;
  if (typeof sentence === 'string') return i18n.t(sentence);
  const value = error.detail?.[sentence.arg];
  if (value === undefined) return null;
  const text = sentence.number && typeof value === 'number' ? formatNumber(value) : String(value);
  return i18n.t(sentence.key, [text]);
}

/** What the organisation's policy refused, with its limit (lib/core/policy/reasons.ts). */
function policyText(error: WireError): string | null {
  const limit = policyLimit(error);
  switch (policyReason(error)) {
    case 'passphraseTooShort':
      return i18n.t('policy.passphraseTooShort', [formatNumber(limit)]);
    case 'autoLockTooLong':
      return i18n.t('policy.autoLockTooLong', limit, [formatNumber(limit)]);
    case 'plainTextExport':
      return i18n.t('policy.plainTextExport');
    case 'syncBackupDisabled':
      return i18n.t('policy.syncBackupDisabled');
    default:
      return null;
  }
}

/** How long to wait after too many wrong passphrases (lib/core/vault/throttle.ts). */
function throttleText(error: WireError): string | null {
  const waitMs = error.detail?.waitMs;
  if (error.code !== 'E_THROTTLED' || typeof waitMs !== 'number' || !(waitMs > 0)) return null;
  const seconds = Math.ceil(waitMs / 1000);
  if (seconds < 60) return i18n.t('errors.throttledSeconds', seconds, [formatNumber(seconds)]);
  const minutes = Math.ceil(seconds / 60);
  return i18n.t('errors.throttledMinutes', minutes, [formatNumber(minutes)]);
}

export function errorText(error: WireError): string {
  const specific = policyText(error) ?? throttleText(error) ?? reasonText(error);
  if (specific !== null) return specific;
  // The wire may carry a code from a newer background than this popup knows about; a generic
  // translated sentence beats untranslated developer text.
  const key = (ERROR_SENTENCES as Partial<Record<string, PlainKey>>)[error.code];
  return i18n.t(key ?? 'errors.internal');
}

export function warningText(warning: OtpWarning): string {
  const key = (WARNING_SENTENCES as Partial<Record<string, PlainKey>>)[warning.code];
  return key ? i18n.t(key) : warning.message;
}
