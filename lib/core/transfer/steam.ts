import { TesseraError } from '../errors';
import { decodeBase32 } from '../otp';
import { completeOtp, makeAccount } from './account';
import type { ImportedAccount } from './types';

const STEAM_SCHEME = 'steam://';

export function isSteamUri(text: string): boolean {
  return text.trim().toLowerCase().startsWith(STEAM_SCHEME);
}

/**
 * `steam://SECRET`, the form Bitwarden and some desktop apps use for Steam Guard: only a Base32
 * secret, no names, so the names come from wherever the link was found.
 */
export function parseSteamUri(
  text: string,
  names: { issuer?: string; label?: string } = {},
): ImportedAccount {
  const t = text.trim();
  if (!isSteamUri(t)) throw new TesseraError('E_URI_SCHEME', 'This is not a steam:// link.');
  const secretText = t.slice(STEAM_SCHEME.length);
  if (secretText.trim() === '')
    throw new TesseraError('E_SECRET_MISSING', 'The steam:// link has no secret.', {
      reason: 'linkNoSecret',
    });
  const otp = completeOtp({ type: 'steam', secret: decodeBase32(secretText) });
  const issuer = names.issuer?.trim() || 'Steam';
  return makeAccount({ issuer, label: names.label ?? '', otp });
}
