import { TesseraError } from '../errors';
import { decodeBase32, parseOtpauthUri, validateOtpParams } from '../otp';
import type { OtpAccount, OtpWarning } from '../otp/types';
import type { AccountInput } from './inputs';

export function accountFromUri(uri: string): { account: OtpAccount; warnings: OtpWarning[] } {
  return parseOtpauthUri(String(uri));
}

/** Builds an account from the popup's form or a pasted link; validation is the OTP core's. */
export function accountFromInput(input: AccountInput): {
  account: OtpAccount;
  warnings: OtpWarning[];
} {
  if (input.kind === 'uri') return accountFromUri(input.uri);
  if (input.kind !== 'fields')
    throw new TesseraError('E_BAD_REQUEST', 'Unknown kind of account input.');
  const issuer = String(input.issuer ?? '').trim();
  const label = String(input.label ?? '').trim();
  if (issuer === '' && label === '') {
    throw new TesseraError('E_FIELD_INVALID', 'Give the account an issuer or a name.', {
      reason: 'nameMissing',
    });
  }
  if (String(input.secret ?? '').trim() === '') {
    throw new TesseraError('E_SECRET_MISSING', 'Enter the secret key the site showed you.');
  }
  const steam = input.type === 'steam';
  const otp = {
    type: input.type,
    secret: decodeBase32(String(input.secret)),
    algorithm: steam ? ('SHA1' as const) : input.algorithm,
    digits: steam ? 5 : Number(input.digits),
    period: steam ? 30 : Number(input.period),
    counter: input.type === 'hotp' ? Number(input.counter) : 0,
  };
  const warnings = validateOtpParams(otp);
  return { account: { issuer, label, otp }, warnings };
}
