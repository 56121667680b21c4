import { TesseraError } from '../errors';
import { decodeBase64 } from '../otp';
import { completeOtp, makeAccount } from './account';
import { field, isRecord, optString, parseJson, requireString, type JsonRecord } from './text';
import type { ParsedAccounts } from './types';

/**
 * Steam Desktop Authenticator's `<steamid>.maFile`: the JSON Steam's mobile API returned when
 * the authenticator was added, { shared_secret (Base64), account_name, revocation_code,
 * identity_secret, uri, Session, … }. Only `shared_secret` makes the codes; `identity_secret`
 * confirms trades and is not an OTP. SDA can encrypt maFiles with the key in its
 * manifest.json; such a file is Base64 text, not JSON, and is not recognised here.
 */

export function isSteamGuardShape(v: unknown): v is JsonRecord {
  return (
    isRecord(v) &&
    typeof field(v, 'shared_secret') === 'string' &&
    (typeof field(v, 'account_name') === 'string' ||
      typeof field(v, 'revocation_code') === 'string' ||
      typeof field(v, 'identity_secret') === 'string')
  );
}

export function parseSteamGuard(text: string): ParsedAccounts {
  const doc = parseJson(text, 'The Steam Guard file');
  if (!isSteamGuardShape(doc))
    throw new TesseraError('E_IMPORT_FORMAT', 'This is not a Steam Guard maFile.', {
      reason: 'notFormat',
      app: 'Steam Desktop Authenticator',
    });
  let secret: Uint8Array;
  try {
    secret = decodeBase64(requireString(doc, 'shared_secret'));
  } catch {
    throw new TesseraError('E_SECRET_INVALID', 'The Steam shared secret is not valid Base64.', {
      reason: 'secretNotBase64',
    });
  }
  // A whole-file failure: a maFile is one account, so there is nothing else to keep.
  const account = makeAccount({
    issuer: 'Steam',
    label: optString(doc, 'account_name'),
    otp: completeOtp({ type: 'steam', secret }),
  });
  return { accounts: [account], problems: [] };
}
