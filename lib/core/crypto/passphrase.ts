import { TesseraError } from '../errors';

export const MIN_PASSPHRASE_LENGTH = 8;

// A lone surrogate cannot be typed, and TextEncoder would silently turn it into U+FFFD, so two
// different strings would derive the same key.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Validates a new passphrase and its confirmation. Length is counted in code points after NFC
 * (what a person sees as characters, near enough; 'é' typed either way counts once, an emoji
 * outside the BMP counts once). Too short is reported before a mismatch: fixing only the
 * confirmation would not help. Nothing else is imposed (no composition rules), by design.
 */
export function checkNewPassphrase(
  passphrase: string,
  confirm: string,
  minLength: number = MIN_PASSPHRASE_LENGTH,
): void {
  if (typeof passphrase !== 'string' || typeof confirm !== 'string') {
    throw new TesseraError('E_BAD_REQUEST', 'Passphrase must be a string.');
  }
  if (LONE_SURROGATE.test(passphrase)) {
    throw new TesseraError('E_FIELD_INVALID', 'The passphrase contains an invalid character.', {
      reason: 'passphraseInvalidChar',
    });
  }
  const nfc = passphrase.normalize('NFC');
  if ([...nfc].length < minLength) {
    throw new TesseraError('E_WEAK_PASSPHRASE', `Use at least ${minLength} characters.`, {
      minLength,
    });
  }
  if (confirm.normalize('NFC') !== nfc) {
    throw new TesseraError('E_PASSPHRASE_MISMATCH', 'The two passphrases are different.');
  }
}
