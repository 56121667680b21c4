import { TesseraError, type ErrorCode } from '../errors';
import { decodeBase32, encodeBase32 } from './secret';
import type { OtpAccount, OtpAlgorithm, OtpParams, OtpType, OtpWarning } from './types';
import { OTP_ALGORITHMS, OTP_LIMITS, validateOtpParams } from './validate';

/**
 * otpauth:// Key URI format (github.com/google/google-authenticator/wiki/Key-Uri-Format), parsed
 * by hand rather than with `new URL`: the WHATWG parser silently repairs bad input, and here every
 * malformed link must become one specific TesseraError.
 *
 * Label rule: the decoded label is split on its first ':' into issuer prefix and account name,
 * except that when an `issuer` parameter is present and the label starts with exactly
 * "<issuer>:", that prefix is removed instead. So account names may contain ':' (and issuers
 * too, as long as they are carried in the parameter, which formatOtpauthUri always writes).
 *
 * Steam Guard is written as `otpauth://totp/...&digits=5&period=30&encoder=steam` (the KeePassXC
 * convention, also read by 2FAS): apps that do not know Steam at least see a TOTP entry, and the
 * parser reads it back, as well as `otpauth://steam/...` (Aegis) and the issuer "Steam" with
 * digits=5 convention.
 */

/** Worst case of formatOtpauthUri with the name and secret caps below is about 8,700 characters. */
export const MAX_URI_LENGTH = 10_240;
export const MAX_ISSUER_LENGTH = 128;
/** Room for real names: long e-mail addresses, Entra guest names (`a_b.com#EXT#@c.onmicrosoft.com`). */
export const MAX_LABEL_LENGTH = 512;

const KNOWN_PARAMS = new Set([
  'secret',
  'issuer',
  'algorithm',
  'digits',
  'period',
  'counter',
  'encoder',
]);
const LONE_SURROGATE = /\p{Cs}/u;
const CONTROL_CHAR = /\p{Cc}/u;
// Bidi embedding/override/isolate controls can make a name read as something else entirely.
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;

function fail(
  code: ErrorCode,
  message: string,
  detail?: Record<string, string | number | boolean>,
): never {
  throw new TesseraError(code, message, detail);
}

function percentDecode(s: string, plusIsSpace: boolean): string {
  try {
    // In the query '+' means space (form encoding, as Python's urlencode writes it); in the label
    // path it is a literal plus.
    return decodeURIComponent(plusIsSpace ? s.replace(/\+/g, ' ') : s);
  } catch {
    return fail('E_URI_INVALID', 'The link contains malformed percent-encoding.');
  }
}

function parseDecimal(value: string, code: ErrorCode, name: string): number {
  // Number('1e3'), parseInt('6abc') and Number('') all "work"; a link saying that is broken.
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    fail(code, `The ${name} must be a whole number.`, { [name]: value.slice(0, 32) });
  }
  return Number(value);
}

function checkName(value: unknown, what: 'issuer' | 'label', max: number): string {
  if (typeof value !== 'string') fail('E_URI_LABEL', `The ${what} is not text.`);
  const s = value.trim();
  if (s.length > max) {
    fail('E_URI_LABEL', `The ${what} is longer than ${max} characters.`, {
      reason: what === 'issuer' ? 'issuerTooLong' : 'nameTooLong',
      max,
    });
  }
  if (LONE_SURROGATE.test(s) || CONTROL_CHAR.test(s) || BIDI_CONTROL.test(s)) {
    fail('E_URI_LABEL', `The ${what} contains control characters.`, { reason: 'nameControlChars' });
  }
  return s;
}

/**
 * The names exactly as parseOtpauthUri would return them: trimmed, checked, and not both empty.
 * Store names in this form and formatOtpauthUri/parseOtpauthUri round-trip them unchanged.
 */
export function normalizeAccountName(
  issuer: string,
  label: string,
): { issuer: string; label: string } {
  const i = checkName(issuer, 'issuer', MAX_ISSUER_LENGTH);
  const l = checkName(label, 'label', MAX_LABEL_LENGTH);
  if (i === '' && l === '') {
    fail('E_URI_LABEL', 'The account has neither an issuer nor a name.', { reason: 'nameMissing' });
  }
  return { issuer: i, label: l };
}

function splitLabel(label: string, issuerParam: string): { prefix: string; account: string } {
  if (issuerParam !== '' && label.startsWith(`${issuerParam}:`)) {
    return { prefix: issuerParam, account: label.slice(issuerParam.length + 1) };
  }
  const colon = label.indexOf(':');
  return colon < 0
    ? { prefix: '', account: label }
    : { prefix: label.slice(0, colon), account: label.slice(colon + 1) };
}

function parseQuery(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = percentDecode(eq < 0 ? part : part.slice(0, eq), true).toLowerCase();
    const value = eq < 0 ? '' : percentDecode(part.slice(eq + 1), true);
    // Unknown parameters (image, color, …) are other apps' business; duplicates of ours are
    // ambiguous, and picking one would be a guess.
    if (!KNOWN_PARAMS.has(key)) continue;
    if (params.has(key)) {
      fail('E_URI_INVALID', `The link repeats the ${key} parameter.`, {
        reason: 'linkRepeatsParam',
        param: key,
      });
    }
    params.set(key, value);
  }
  return params;
}

/**
 * Where the label ends and the query begins. Real labels carry raw delimiters: Microsoft Entra
 * guest accounts are named `user_example.com#EXT#@tenant.onmicrosoft.com`, and several
 * generators write that `#` (or a `?`) unencoded. Read strictly by RFC 3986, such a link has
 * its query cut off as a "fragment" and loses its secret, so here a `#` before the query is
 * part of the label, and the query starts at the first `?` whose remainder carries a `secret`
 * parameter (a `?` inside the label is followed by more label text, not by `secret=`). With no
 * such `?`, the first one starts the query and the missing secret is reported as such. Within
 * the query a `#` still starts a fragment, which is ignored: no writer puts data there.
 */
function splitAtQuery(rest: string): { beforeQuery: string; query: string } {
  let first = -1;
  for (let q = rest.indexOf('?'); q >= 0; q = rest.indexOf('?', q + 1)) {
    if (first < 0) first = q;
    if (hasSecretParam(withoutFragment(rest.slice(q + 1)))) {
      return { beforeQuery: rest.slice(0, q), query: withoutFragment(rest.slice(q + 1)) };
    }
  }
  if (first < 0) return { beforeQuery: rest, query: '' };
  return { beforeQuery: rest.slice(0, first), query: withoutFragment(rest.slice(first + 1)) };
}

function withoutFragment(query: string): string {
  const hash = query.indexOf('#');
  return hash < 0 ? query : query.slice(0, hash);
}

/** Whether some `&`-separated part is `secret=…` (the key compared as parseQuery decodes it). */
function hasSecretParam(query: string): boolean {
  return query.split('&').some((part) => {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    try {
      return decodeURIComponent(key.replace(/\+/g, ' ')).toLowerCase() === 'secret';
    } catch {
      return false;
    }
  });
}

function parseAlgorithm(value: string | undefined): OtpAlgorithm {
  if (value === undefined) return 'SHA1';
  const upper = value.trim().toUpperCase();
  const found = OTP_ALGORITHMS.find((a) => a === upper);
  if (!found) {
    fail('E_ALGORITHM', 'The algorithm must be SHA1, SHA256 or SHA512.', {
      reason: 'algorithmUnsupported',
      algorithm: value.slice(0, 32),
    });
  }
  return found;
}

export function parseOtpauthUri(uri: string): { account: OtpAccount; warnings: OtpWarning[] } {
  if (typeof uri !== 'string') fail('E_URI_INVALID', 'The link is not text.');
  if (uri.length > MAX_URI_LENGTH) {
    fail('E_URI_INVALID', `The link is longer than ${MAX_URI_LENGTH} characters.`);
  }
  // Scanners and clipboards often add a trailing newline.
  const text = uri.trim();
  if (text === '') fail('E_URI_INVALID', 'The link is empty.');
  if (LONE_SURROGATE.test(text)) fail('E_URI_INVALID', 'The link is not valid Unicode text.');

  const head = text.slice(0, 10).toLowerCase();
  if (!head.startsWith('otpauth:')) fail('E_URI_SCHEME', 'This is not an otpauth:// link.');
  if (!head.startsWith('otpauth://')) fail('E_URI_INVALID', 'The link must start with otpauth://.');

  const { beforeQuery, query } = splitAtQuery(text.slice(10));
  const slash = beforeQuery.indexOf('/');
  const host = (slash < 0 ? beforeQuery : beforeQuery.slice(0, slash)).toLowerCase();
  const rawLabel = slash < 0 ? '' : beforeQuery.slice(slash + 1);

  if (host !== 'totp' && host !== 'hotp' && host !== 'steam') {
    fail('E_URI_TYPE', 'The link type must be totp or hotp.', {
      reason: 'typeUnsupported',
      type: host.slice(0, 32),
    });
  }

  const params = parseQuery(query);
  const label = percentDecode(rawLabel, false);
  const issuerParam = (params.get('issuer') ?? '').trim();
  const { prefix, account } = splitLabel(label, issuerParam);
  // The issuer parameter wins over the label prefix; a mismatch is common and harmless.
  const names = normalizeAccountName(issuerParam !== '' ? issuerParam : prefix, account);

  const secretText = params.get('secret');
  if (secretText === undefined || secretText.trim() === '') {
    fail('E_SECRET_MISSING', 'The link has no secret.', { reason: 'linkNoSecret' });
  }
  const secret = decodeBase32(secretText);
  const algorithm = parseAlgorithm(params.get('algorithm'));
  const digitsText = params.get('digits');
  const digits =
    digitsText === undefined ? undefined : parseDecimal(digitsText, 'E_DIGITS', 'digits');
  const periodText = params.get('period');
  const period =
    periodText === undefined
      ? OTP_LIMITS.defaultPeriod
      : parseDecimal(periodText, 'E_PERIOD', 'period');

  let type: OtpType = host;
  const encoder = params.get('encoder')?.trim().toLowerCase();
  if (
    type === 'totp' &&
    (encoder === 'steam' || (names.issuer.toLowerCase() === 'steam' && digits === 5))
  ) {
    type = 'steam';
  }

  let counter = 0;
  if (type === 'hotp') {
    const counterText = params.get('counter');
    if (counterText === undefined) {
      fail('E_COUNTER', 'An HOTP link must carry a counter.', { reason: 'linkNoCounter' });
    }
    counter = parseDecimal(counterText, 'E_COUNTER', 'counter');
  }
  // A counter on a time-based link means nothing and is ignored, as other apps do.

  const otp: OtpParams = {
    type,
    secret,
    algorithm,
    digits: digits ?? (type === 'steam' ? OTP_LIMITS.steamDigits : OTP_LIMITS.defaultDigits),
    period,
    counter,
  };
  const warnings = validateOtpParams(otp);
  return { account: { issuer: names.issuer, label: names.label, otp }, warnings };
}

/**
 * Canonical otpauth:// URI: label "Issuer:Account" (or ":Account" when there is no issuer but the
 * account contains ':'), Base32 secret without padding, then issuer, algorithm, digits and
 * period (TOTP, Steam) or counter (HOTP; period only when not 30). Throws for invalid accounts.
 */
export function formatOtpauthUri(account: OtpAccount): string {
  if (typeof account !== 'object' || account === null) {
    fail('E_FIELD_INVALID', 'The account is missing.');
  }
  const p = account.otp;
  validateOtpParams(p);
  const { issuer, label } = normalizeAccountName(account.issuer, account.label);

  const enc = encodeURIComponent;
  let path: string;
  if (issuer !== '') path = `${enc(issuer)}:${enc(label)}`;
  else path = label.includes(':') ? `:${enc(label)}` : enc(label);

  const query = [`secret=${encodeBase32(p.secret)}`];
  if (issuer !== '') query.push(`issuer=${enc(issuer)}`);
  query.push(`algorithm=${p.algorithm}`, `digits=${p.digits}`);
  if (p.type === 'hotp') {
    query.push(`counter=${p.counter}`);
    if (p.period !== OTP_LIMITS.defaultPeriod) query.push(`period=${p.period}`);
  } else {
    query.push(`period=${p.period}`);
  }
  if (p.type === 'steam') query.push('encoder=steam');

  const host = p.type === 'hotp' ? 'hotp' : 'totp';
  return `otpauth://${host}/${path}?${query.join('&')}`;
}
