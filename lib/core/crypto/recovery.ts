import { TesseraError } from '../errors';
import { randomBytes, utf8Encode, type Bytes } from './bytes';
import { hkdfSha256 } from './hkdf';

/**
 * Recovery keys: 160 random bits (above the 128-bit floor, and a multiple of 5 so base32 needs
 * no padding) written as RFC 4648 base32, 32 characters shown as 8 groups of 4:
 *   ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567
 * Base32 because it is case-insensitive and has no 0/1/8/9, so a key read off paper or a
 * screen can be typed back forgivingly.
 */
export const RECOVERY_KEY_BYTES = 20;
const GROUP = 4;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const KEY_CHARS = (RECOVERY_KEY_BYTES * 8) / 5;

/**
 * Digits the alphabet lacks are read as the letters they resemble. `L` is not remapped: it is a
 * valid character, so a typed `l` is simply `L`.
 */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  '0': 'O',
  '1': 'I',
  '8': 'B',
};

/**
 * Separators we drop: whitespace, ASCII and Unicode hyphens/dashes (word processors and phone
 * keyboards turn '-' into '‐' or '–'), underscores and dots. Nothing else is ignored, so a typo
 * is reported rather than silently skipped.
 */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212_.]/gu;

// A typed key is ~40 characters; refusing long input early keeps normalisation cheap.
const MAX_INPUT_CHARS = 200;

export function generateRecoveryKey(): string {
  return formatRecoveryKey(randomBytes(RECOVERY_KEY_BYTES));
}

/** The display form of a recovery key's bytes. */
export function formatRecoveryKey(bytes: Uint8Array): string {
  if (bytes.length !== RECOVERY_KEY_BYTES) {
    throw new TesseraError('E_INTERNAL', 'A recovery key is 20 bytes.');
  }
  let bits = 0;
  let acc = 0;
  let chars = '';
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      chars += ALPHABET[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  const groups: string[] = [];
  for (let i = 0; i < chars.length; i += GROUP) groups.push(chars.slice(i, i + GROUP));
  return groups.join('-');
}

/**
 * Turns what a user typed into the key's 20 bytes. Accepts any case, any grouping (or none),
 * full-width characters (NFKC), and 0/1/8 for O/I/B. E_BAD_RECOVERY_KEY for anything that is
 * not then exactly 32 base32 characters.
 */
export function normalizeRecoveryKey(input: string): Bytes {
  if (typeof input !== 'string' || input.length > MAX_INPUT_CHARS) throw badKey();
  const chars = input
    .normalize('NFKC')
    .replace(SEPARATORS, '')
    // ASCII only: a full toUpperCase would turn 'ß' into 'SS' and accept it.
    .replace(/[a-z]/g, (c) => c.toUpperCase())
    .replace(/[018]/g, (c) => LOOK_ALIKES[c] ?? c);
  if (chars.length !== KEY_CHARS) throw badKey();
  const out = new Uint8Array(RECOVERY_KEY_BYTES);
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const c of chars) {
    const v = ALPHABET.indexOf(c);
    if (v < 0) throw badKey();
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
      acc &= (1 << bits) - 1;
    }
  }
  return out;
}

function badKey(): TesseraError {
  return new TesseraError(
    'E_BAD_RECOVERY_KEY',
    'That is not a recovery key: it should be 32 letters and digits 2–7, in groups of 4.',
  );
}

const HKDF_INFO = utf8Encode('tessera/keyslot/recovery/v1');

/**
 * HKDF-SHA256 (RFC 5869) from the recovery key to a slot's wrapping key. A slow KDF would add
 * nothing: 160 random bits cannot be guessed, however fast each guess is.
 */
export function deriveRecoveryWrappingKey(keyBytes: Uint8Array, salt: Uint8Array): Promise<Bytes> {
  return hkdfSha256(keyBytes, salt, HKDF_INFO);
}
