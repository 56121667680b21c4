import { TesseraError } from '../errors';

/**
 * Byte arrays backed by a plain ArrayBuffer. WebCrypto's `BufferSource` type refuses views over
 * a possibly shared buffer, so everything this module hands to `crypto.subtle` is one of these.
 */
export type Bytes = Uint8Array<ArrayBuffer>;

/** A private copy: callers may reuse or wipe their array while WebCrypto still reads ours. */
export function copyBytes(bytes: Uint8Array): Bytes {
  return new Uint8Array(bytes);
}

export function randomBytes(n: number): Bytes {
  if (!Number.isSafeInteger(n) || n < 0 || n > 65536) {
    // getRandomValues refuses more than 64 KiB per call; nobody here needs that much.
    throw new TesseraError('E_INTERNAL', `randomBytes: bad length ${String(n)}.`);
  }
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX: ReadonlyMap<string, number> = new Map(
  [...B64_ALPHABET].map((c, i) => [c, i] as const),
);

/** RFC 4648 §4 base64 with padding. */
export function encodeB64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] ?? 0;
    const b1 = bytes[i + 1] ?? 0;
    const b2 = bytes[i + 2] ?? 0;
    const n = (b0 << 16) | (b1 << 8) | b2;
    out += B64_ALPHABET[(n >> 18) & 63];
    out += B64_ALPHABET[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64_ALPHABET[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64_ALPHABET[n & 63] : '=';
  }
  return out;
}

/**
 * Strict RFC 4648 §4 decoding: padding required, no whitespace, no URL alphabet, and unused
 * trailing bits must be zero. Strictness makes every byte string have exactly one stored form,
 * so a stored value cannot change (and dodge a checksum or a comparison) while meaning the same.
 * Anything else is E_CORRUPT because the only base64 we read is base64 we wrote.
 */
export function decodeB64(text: unknown): Bytes {
  if (typeof text !== 'string' || text.length % 4 !== 0) throw corrupt();
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const c = text[i + j] as string;
      const padded = last && j >= 4 - pad;
      const v = padded ? (c === '=' ? 0 : undefined) : B64_INDEX.get(c);
      if (v === undefined) throw corrupt();
      n = (n << 6) | v;
    }
    if (last && pad === 2 && (n & 0xffff) !== 0) throw corrupt();
    if (last && pad === 1 && (n & 0xff) !== 0) throw corrupt();
    out[o++] = (n >> 16) & 0xff;
    if (o < out.length) out[o++] = (n >> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  return out;
}

function corrupt(): TesseraError {
  return new TesseraError('E_CORRUPT', 'Stored data is damaged (invalid base64).');
}

export function utf8Encode(text: string): Bytes {
  return new TextEncoder().encode(text);
}

export function utf8Decode(bytes: Uint8Array): string {
  // fatal: a stored string that is not valid UTF-8 is damage, not something to paper over.
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new TesseraError('E_CORRUPT', 'Stored data is damaged (invalid UTF-8).');
  }
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Best-effort wipe of key material we no longer need; JS gives no stronger guarantee. */
export function wipe(...arrays: Uint8Array[]): void {
  for (const a of arrays) a.fill(0);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** True when `obj` has exactly these own keys, so unknown fields never ride along unchecked. */
export function hasExactKeys(obj: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(obj);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(obj, k));
}

/**
 * Same length and same bytes. Every byte is compared whatever the first difference, because
 * callers compare keys (a passphrase proof against the open master key).
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
