import type { DecodedQr } from './types';

export type QrKind = 'otpauth' | 'otpauth-migration' | 'other';

/**
 * What a decoded QR payload is, by scheme only (case-insensitive, as URI schemes are). Whether
 * an otpauth URI is *valid* is the otp parser's job; here a malformed one still counts as an
 * authenticator code so the user gets the parser's specific error instead of "not a 2FA code".
 */
export function classifyQr(text: string): QrKind {
  const t = text.trim().toLowerCase();
  if (t.startsWith('otpauth://')) return 'otpauth';
  if (t.startsWith('otpauth-migration://')) return 'otpauth-migration';
  return 'other';
}

export interface AuthenticatorPick {
  /** The otpauth:// and otpauth-migration:// codes, in the order given. */
  codes: DecodedQr[];
  /** Non-authenticator codes dropped because an authenticator code was present. */
  ignoredOther: number;
  /** Codes were found but none is an authenticator code: the UI explains instead of importing. */
  onlyOther: boolean;
  /** The non-authenticator codes, so that explanation can say what they were (a Wi-Fi code, a link). */
  others: DecodedQr[];
}

/**
 * The rule: a Wi-Fi code or an app-store link next to the enrollment code is ignored;
 * on its own it is explained rather than silently doing nothing.
 */
export function pickAuthenticatorCodes(list: readonly DecodedQr[]): AuthenticatorPick {
  const codes = list.filter((c) => classifyQr(c.text) !== 'other');
  const others = list.filter((c) => classifyQr(c.text) === 'other');
  return {
    codes,
    ignoredOther: codes.length > 0 ? others.length : 0,
    onlyOther: codes.length === 0 && others.length > 0,
    others,
  };
}
