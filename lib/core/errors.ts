/**
 * Every failure a user can meet has a stable code; the UI maps codes to translated sentences,
 * and the English `message` here is what logs and tests see.
 */
export type ErrorCode =
  // otpauth:// URIs and OTP parameters
  | 'E_URI_INVALID'
  | 'E_URI_SCHEME'
  | 'E_URI_TYPE'
  | 'E_URI_LABEL'
  | 'E_SECRET_MISSING'
  | 'E_SECRET_INVALID'
  | 'E_SECRET_TOO_SHORT'
  | 'E_ALGORITHM'
  | 'E_DIGITS'
  | 'E_PERIOD'
  | 'E_COUNTER'
  | 'E_ISSUER_MISMATCH'
  | 'E_FIELD_INVALID'
  // vault and crypto
  | 'E_NO_VAULT'
  | 'E_VAULT_EXISTS'
  | 'E_LOCKED'
  | 'E_BAD_PASSPHRASE'
  | 'E_BAD_RECOVERY_KEY'
  | 'E_BAD_PASSKEY'
  | 'E_PASSKEY_FAILED'
  | 'E_WEAK_PASSPHRASE'
  | 'E_PASSPHRASE_MISMATCH'
  | 'E_KDF_PARAMS'
  | 'E_KDF_BUDGET'
  | 'E_THROTTLED'
  | 'E_CORRUPT'
  | 'E_UNSUPPORTED_VERSION'
  | 'E_NOT_FOUND'
  | 'E_DUPLICATE'
  // messaging
  | 'E_FORBIDDEN'
  | 'E_BAD_REQUEST'
  | 'E_INTERNAL'
  // backup, transfer, scan (later issues)
  | 'E_BACKUP_TOO_LARGE'
  | 'E_IMPORT_FORMAT'
  | 'E_IMPORT_TOO_LARGE'
  // scan
  | 'E_SCAN_NO_QR'
  | 'E_SCAN_NOT_AUTHENTICATOR'
  | 'E_SCAN_FORBIDDEN_PAGE'
  // a popup action on a tab whose page is no longer the one the popup showed
  | 'E_PAGE_CHANGED'
  // the clock check of "Code not accepted?" (detail.reason says which step failed)
  | 'E_CLOCK_CHECK'
  // admin policy: the organisation's managed settings refuse this
  | 'E_POLICY';

export class TesseraError extends Error {
  override readonly name = 'TesseraError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: Readonly<Record<string, string | number | boolean>>,
  ) {
    super(message);
  }
}

export function isTesseraError(e: unknown): e is TesseraError {
  return e instanceof TesseraError;
}

/** The plain shape errors take on the wire between contexts. */
export interface WireError {
  code: ErrorCode;
  message: string;
  detail?: Readonly<Record<string, string | number | boolean>>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: WireError };

export function toWireError(e: unknown): WireError {
  if (isTesseraError(e)) {
    return e.detail
      ? { code: e.code, message: e.message, detail: e.detail }
      : { code: e.code, message: e.message };
  }
  // Unknown failures must not leak internals (stack traces can carry data) to other contexts.
  return { code: 'E_INTERNAL', message: 'Something went wrong inside Tessera.' };
}
