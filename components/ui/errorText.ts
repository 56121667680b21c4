import type { ErrorCode, WireError } from '../../lib/core/errors';
import type { OtpWarning, OtpWarningCode } from '../../lib/core/otp/types';

/**
 * The one place where error codes become sentences a person can act on. Kept as a plain table
 * so that a later translation step can swap it for a per-language table without touching the
 * components. `Record<ErrorCode, …>` makes the compiler flag any code added to errors.ts.
 */
const ERROR_SENTENCES: Record<ErrorCode, string> = {
  E_URI_INVALID: "That doesn't look like an otpauth:// link. Check that you copied all of it.",
  E_URI_SCHEME: 'The link must start with otpauth://.',
  E_URI_TYPE: 'The link must be for a TOTP, HOTP or Steam account.',
  E_URI_LABEL: "The account name in the link can't be read.",
  E_SECRET_MISSING: 'Enter the secret key.',
  E_SECRET_INVALID: "The secret key contains characters that aren't allowed.",
  E_SECRET_TOO_SHORT: 'The secret key is too short to be safe.',
  E_ALGORITHM: 'The algorithm must be SHA1, SHA256 or SHA512.',
  E_DIGITS: 'Codes must have 6, 7 or 8 digits.',
  E_PERIOD: 'The period must be between 1 and 300 seconds.',
  E_COUNTER: 'The counter must be a whole number of 0 or more.',
  E_ISSUER_MISMATCH: "The issuer in the link doesn't match the issuer in the account name.",
  E_FIELD_INVALID: 'One of the fields has a value that isn’t allowed.',
  E_NO_VAULT: 'There is no vault yet. Create one first.',
  E_VAULT_EXISTS: 'A vault already exists on this device.',
  E_LOCKED: 'The vault is locked. Unlock it to continue.',
  E_BAD_PASSPHRASE: 'Wrong passphrase. Try again or use your recovery key.',
  E_BAD_RECOVERY_KEY: "That recovery key doesn't open this vault. Check it and try again.",
  E_WEAK_PASSPHRASE: 'That passphrase is too easy to guess. Use a longer one.',
  E_PASSPHRASE_MISMATCH: "The passphrases don't match.",
  E_KDF_PARAMS: 'The vault uses settings Tessera does not trust, so it was not opened.',
  E_CORRUPT: 'The vault data is damaged and could not be read.',
  E_UNSUPPORTED_VERSION: 'This vault was made by a newer version of Tessera. Update Tessera.',
  E_NOT_FOUND: 'That account no longer exists.',
  E_DUPLICATE: 'That account is already in your vault.',
  E_FORBIDDEN: 'Tessera refused this request.',
  E_BAD_REQUEST: 'Tessera could not understand this request.',
  E_INTERNAL: 'Something went wrong inside Tessera. Try again.',
  E_BACKUP_TOO_LARGE: 'The backup is too large for browser sync storage.',
  E_IMPORT_FORMAT: "That file isn't in a format Tessera can import.",
  E_IMPORT_TOO_LARGE: 'That import is too large.',
  E_SCAN_NO_QR: 'No QR code found. Select the area around the code, or use an image of it.',
  E_SCAN_NOT_AUTHENTICATOR: 'This QR code is not an authenticator setup code.',
  E_SCAN_FORBIDDEN_PAGE:
    "The browser doesn't let extensions see this page, so Tessera can't scan it or select an area here. Save the QR code as an image and choose or drop it here.",
  E_POLICY: 'Your organisation does not allow this.',
};

const WARNING_SENTENCES: Record<OtpWarningCode, string> = {
  W_SECRET_SHORT:
    'The secret key is shorter than recommended (128 bits). The codes work, but are easier to guess.',
};

/** Codes whose background message names the exact field or value, which the table cannot. */
const SPECIFIC_MESSAGES: ReadonlySet<string> = new Set(['E_FIELD_INVALID']);

export function errorText(error: WireError): string {
  if (SPECIFIC_MESSAGES.has(error.code) && error.message) return error.message;
  // The wire may carry codes from a newer background than this popup knows about.
  return (ERROR_SENTENCES as Partial<Record<string, string>>)[error.code] ?? error.message;
}

export function warningText(warning: OtpWarning): string {
  return (WARNING_SENTENCES as Partial<Record<string, string>>)[warning.code] ?? warning.message;
}
