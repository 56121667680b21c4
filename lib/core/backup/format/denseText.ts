import { TesseraError } from '../../errors';

/**
 * Bytes as a JSON-safe ASCII string, 13 bytes per 16 characters (6.5 bits per character;
 * base64 carries 6).
 *
 * Sync storage charges every item by the UTF-8 length of its JSON, so the densest alphabet is
 * printable ASCII (one byte each; anything above U+007F costs two or three bytes for at most
 * 16 bits, which is worse). Three printable characters are left out because they would be
 * escaped and cost 2–6 bytes: `"` and `\` (JSON itself) and `<` (Chromium's JSON writer writes
 * it as `\u003C`). That leaves 92 symbols, and 92^16 ≥ 2^104, so 13 bytes fit in 16 symbols.
 * For the backup's 100 KB this is ~8 % more room than base64.
 */
export const DENSE_ALPHABET = (() => {
  let s = '';
  for (let c = 0x20; c <= 0x7e; c++) {
    if (c !== 0x22 && c !== 0x3c && c !== 0x5c) s += String.fromCharCode(c);
  }
  return s;
})();

const RADIX = 92;
const CHUNK_BYTES = 13;
const CHUNK_CHARS = 16;
/** Characters for a final chunk of n bytes: the least c with 92^c ≥ 256^n (checked in tests). */
export const DENSE_CHARS_FOR_BYTES: readonly number[] = [
  0, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 14, 15, 16,
];

const DIGIT = new Int16Array(128).fill(-1);
for (let i = 0; i < DENSE_ALPHABET.length; i++) DIGIT[DENSE_ALPHABET.charCodeAt(i)] = i;

/** Length of the dense text for n bytes. */
export function denseLength(n: number): number {
  return Math.floor(n / CHUNK_BYTES) * CHUNK_CHARS + (DENSE_CHARS_FOR_BYTES[n % CHUNK_BYTES] ?? 0);
}

export function encodeDense(bytes: Uint8Array): string {
  let out = '';
  const limbs = new Uint8Array(CHUNK_BYTES);
  const digits = new Uint8Array(CHUNK_CHARS);
  for (let start = 0; start < bytes.length; start += CHUNK_BYTES) {
    const n = Math.min(CHUNK_BYTES, bytes.length - start);
    const chars = DENSE_CHARS_FOR_BYTES[n] as number;
    limbs.set(bytes.subarray(start, start + n));
    // Long division of the big-endian n-byte number by 92, one digit at a time.
    for (let d = chars - 1; d >= 0; d--) {
      let rem = 0;
      for (let i = 0; i < n; i++) {
        const v = rem * 256 + (limbs[i] as number);
        limbs[i] = Math.floor(v / RADIX);
        rem = v % RADIX;
      }
      digits[d] = rem;
    }
    for (let d = 0; d < chars; d++) out += DENSE_ALPHABET[digits[d] as number];
  }
  return out;
}

/**
 * Strict inverse of encodeDense: a length no encoding produces, a character outside the
 * alphabet, or a chunk whose value does not fit its bytes (so every byte string has exactly one
 * text form) is E_CORRUPT with `detail.problem` 'truncated' or 'malformed'.
 */
export function decodeDense(text: string): Uint8Array {
  const full = Math.floor(text.length / CHUNK_CHARS);
  const restChars = text.length % CHUNK_CHARS;
  const restBytes = DENSE_CHARS_FOR_BYTES.indexOf(restChars);
  if (restBytes < 0 || restBytes === CHUNK_BYTES) throw damaged('truncated');
  const out = new Uint8Array(full * CHUNK_BYTES + restBytes);
  let o = 0;
  for (let start = 0; start < text.length; start += CHUNK_CHARS) {
    const chars = Math.min(CHUNK_CHARS, text.length - start);
    const n = chars === CHUNK_CHARS ? CHUNK_BYTES : restBytes;
    const limbs = new Uint8Array(n);
    for (let d = 0; d < chars; d++) {
      const code = text.charCodeAt(start + d);
      const digit = code < 128 ? (DIGIT[code] as number) : -1;
      if (digit < 0) throw damaged('malformed');
      // limbs = limbs * 92 + digit, least significant limb last.
      let carry = digit;
      for (let i = n - 1; i >= 0; i--) {
        const v = (limbs[i] as number) * RADIX + carry;
        limbs[i] = v & 0xff;
        carry = v >>> 8;
      }
      if (carry !== 0) throw damaged('malformed');
    }
    out.set(limbs, o);
    o += n;
  }
  return out;
}

function damaged(problem: 'truncated' | 'malformed'): TesseraError {
  return new TesseraError('E_CORRUPT', 'A backup item is damaged (bad encoding).', { problem });
}
