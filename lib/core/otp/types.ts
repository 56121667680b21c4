export type OtpType = 'totp' | 'hotp' | 'steam';
export type OtpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

/** What makes codes: the raw secret bytes plus the generator settings. */
export interface OtpParams {
  type: OtpType;
  /** Raw secret bytes (decoded from Base32/Base64/hex at the edges). */
  secret: Uint8Array;
  algorithm: OtpAlgorithm;
  /** 6–8 for TOTP/HOTP; always 5 for Steam. */
  digits: number;
  /** Seconds, 1–300; TOTP and Steam only (Steam is always 30). */
  period: number;
  /** HOTP moving factor, 0…2^53−1; 0 for TOTP/Steam. */
  counter: number;
}

/** An account as a user thinks of it: who issued it, for which login, and its generator. */
export interface OtpAccount {
  issuer: string;
  /** The account name (e-mail, user name) without the issuer prefix. */
  label: string;
  otp: OtpParams;
}

export type OtpWarningCode = 'W_SECRET_SHORT';

export interface OtpWarning {
  code: OtpWarningCode;
  message: string;
}
