import { Secret } from 'otpauth';
import { TesseraError } from '../errors';

/**
 * Secret codecs. Secrets reach us typed by people, printed under QR codes, or exported by other
 * apps, so decoding forgives cosmetic noise (case, spaces, hyphens, missing padding) but rejects
 * any character that is not part of the alphabet: guessing what a stray character meant would
 * silently produce wrong codes.
 */

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

const REASONS: Record<string, string> = {
  Base32: 'secretNotBase32',
  Base64: 'secretNotBase64',
  hexadecimal: 'secretNotHex',
};

/** `char` (already described) names the offending character of a Base32 secret for the UI. */
function invalid(kind: string, detail?: string, char?: string): TesseraError {
  return new TesseraError(
    'E_SECRET_INVALID',
    `The secret is not valid ${kind}${detail ? `: ${detail}` : ''}.`,
    char !== undefined && kind === 'Base32'
      ? { reason: 'secretBadChar', char }
      : { reason: REASONS[kind] ?? 'secretNotBase32' },
  );
}

function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  // Only printable ASCII is shown verbatim; anything else (controls, lone surrogates, look-alike
  // letters) is clearer, and safe for logs, as a code point.
  return cp > 0x20 && cp < 0x7f ? `'${ch}'` : `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Strips the trailing '=' run; any '=' left inside the text is a real error. */
function stripPadding(s: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === '=') end--;
  return s.slice(0, end);
}

/**
 * RFC 4648 Base32. Accepts lowercase, whitespace, hyphens (people group secrets as
 * "ABCD-EFGH" or "abcd efgh") and absent or present trailing padding. Leftover bits that do not
 * fill a byte are dropped, as Google Authenticator does, so a secret of odd length yields the
 * same codes here as in the app that showed it.
 */
export function decodeBase32(s: string): Uint8Array {
  if (typeof s !== 'string') throw invalid('Base32');
  const cleaned = stripPadding(s.replace(/[\s-]+/g, ''));
  for (const ch of cleaned) {
    // Checked before upper-casing: Unicode case mapping turns 'ſ' into 'S' and 'ı' into 'I'.
    if (!BASE32_ALPHABET.includes(ch) && !BASE32_ALPHABET.toLowerCase().includes(ch)) {
      throw invalid('Base32', `unexpected character ${describeChar(ch)}`, describeChar(ch));
    }
  }
  // The alphabet check above is ours; otpauth's decoder then does the bit shuffling.
  return new Uint8Array(Secret.fromBase32(cleaned.toUpperCase()).bytes);
}

/** RFC 4648 Base32, uppercase, without padding: the form otpauth:// URIs carry. */
export function encodeBase32(bytes: Uint8Array): string {
  // Copy first: Secret wraps the whole underlying buffer, which for a subarray view is too much.
  return new Secret({ buffer: bytes.slice().buffer }).base32;
}

/** Standard or URL-safe Base64, with or without padding, whitespace ignored. */
export function decodeBase64(s: string): Uint8Array {
  if (typeof s !== 'string') throw invalid('Base64');
  const compact = s.replace(/\s+/g, '');
  const body = stripPadding(compact);
  const padding = compact.length - body.length;
  if (padding > 2) throw invalid('Base64', 'too much padding');
  if (padding > 0 && compact.length % 4 !== 0) throw invalid('Base64', 'wrong padding');
  // One leftover character carries only 6 bits, never a whole byte: the text was truncated.
  if (body.length % 4 === 1) throw invalid('Base64', 'wrong length');

  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (const raw of body) {
    const ch = raw === '-' ? '+' : raw === '_' ? '/' : raw;
    const v = BASE64_ALPHABET.indexOf(ch);
    if (v < 0) throw invalid('Base64', `unexpected character ${describeChar(raw)}`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  return out;
}

/** Standard Base64 with padding. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] ?? 0;
    const b1 = bytes[i + 1] ?? 0;
    const b2 = bytes[i + 2] ?? 0;
    const n = (b0 << 16) | (b1 << 8) | b2;
    const left = bytes.length - i;
    out += BASE64_ALPHABET[(n >>> 18) & 63];
    out += BASE64_ALPHABET[(n >>> 12) & 63];
    out += left > 1 ? BASE64_ALPHABET[(n >>> 6) & 63] : '=';
    out += left > 2 ? BASE64_ALPHABET[n & 63] : '=';
  }
  return out;
}

/** Hexadecimal, either case, whitespace ignored. */
export function decodeHex(s: string): Uint8Array {
  if (typeof s !== 'string') throw invalid('hexadecimal');
  const compact = s.replace(/\s+/g, '');
  if (!/^[0-9a-fA-F]*$/.test(compact)) {
    const bad = [...compact].find((ch) => !/[0-9a-fA-F]/.test(ch)) ?? '';
    throw invalid('hexadecimal', `unexpected character ${describeChar(bad)}`);
  }
  if (compact.length % 2 !== 0) throw invalid('hexadecimal', 'odd number of digits');
  const out = new Uint8Array(compact.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(compact.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Lowercase hexadecimal. */
export function encodeHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}
