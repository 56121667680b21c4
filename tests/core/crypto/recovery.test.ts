import { describe, expect, it } from 'vitest';
import {
  RECOVERY_KEY_BYTES,
  formatRecoveryKey,
  generateRecoveryKey,
  normalizeRecoveryKey,
} from '../../../lib/core/crypto/recovery';
import { utf8Encode } from '../../../lib/core/crypto/bytes';
import { expectCode } from './helpers';

const FORMAT = /^[A-Z2-7]{4}(?:-[A-Z2-7]{4}){7}$/;

describe('recovery key format', () => {
  it('is 8 groups of 4 base32 characters carrying 160 bits', () => {
    const key = generateRecoveryKey();
    expect(key).toMatch(FORMAT);
    expect(RECOVERY_KEY_BYTES * 8).toBeGreaterThanOrEqual(128);
    const bytes = normalizeRecoveryKey(key);
    expect(bytes).toHaveLength(20);
    expect(formatRecoveryKey(bytes)).toBe(key);
  });

  it('encodes as RFC 4648 base32 (§10 vector "fooba" → MZXW6YTB)', () => {
    const bytes = utf8Encode('fooba'.repeat(4));
    const key = formatRecoveryKey(bytes);
    expect(key).toBe('MZXW-6YTB-MZXW-6YTB-MZXW-6YTB-MZXW-6YTB');
    expect(normalizeRecoveryKey(key)).toEqual(bytes);
  });

  it('is random: no repeats, and every one of the 160 bits is set about half the time', () => {
    const n = 2000;
    const seen = new Set<string>();
    const ones = new Array<number>(160).fill(0);
    for (let i = 0; i < n; i++) {
      const key = generateRecoveryKey();
      seen.add(key);
      const bytes = normalizeRecoveryKey(key);
      for (let bit = 0; bit < 160; bit++) {
        if (((bytes[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1) ones[bit] = (ones[bit] ?? 0) + 1;
      }
    }
    expect(seen.size).toBe(n);
    // 2000 fair coin flips: 40%–60% is about 9 standard deviations wide, so this never flakes,
    // but a constant or mostly-zero bit (a truncated or badly encoded key) fails it.
    for (const count of ones) {
      expect(count).toBeGreaterThan(0.4 * n);
      expect(count).toBeLessThan(0.6 * n);
    }
  });
});

describe('normalizeRecoveryKey', () => {
  const key = 'OIB2-ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ34';
  const bytes = normalizeRecoveryKey(key);

  it.each([
    ['lowercase', key.toLowerCase()],
    ['no separators', key.replaceAll('-', '')],
    ['spaces instead of hyphens', key.replaceAll('-', ' ')],
    ['extra separators and surrounding whitespace', `  ${key.replaceAll('-', ' -- ')}\n`],
    ['odd grouping', 'OIB2A BCDEF GHIJK LMNOP QRSTU VWXYZ 34'],
    ['Unicode dashes', key.replaceAll('-', '–')],
    ['dots and underscores', key.replaceAll('-', '.').replace('.', '_')],
    ['full-width characters', 'ＯＩＢ２-ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ34'],
    ['0/1/8 typed for O/I/B', '0182-ABCD-EFGH-1JKL-MN0P-QRST-UVWX-YZ34'],
    ['lowercase look-alikes mixed', '018 2abcd efgh ijkl mnop qrst uvwx yz34'],
  ])('accepts %s', (_name, typed) => {
    expect(normalizeRecoveryKey(typed)).toEqual(bytes);
  });

  it.each<[string, unknown]>([
    ['empty', ''],
    ['one character short', key.slice(0, -1)],
    ['one character long', `${key}A`],
    ['a 9 (not in the alphabet)', key.replace('Z', '9')],
    ['punctuation', key.replace('A', '@')],
    ['ß (which upper-cases to SS)', `${key.slice(0, -2)}ß`],
    ['a passphrase', 'correct horse battery staple'],
    ['very long input', 'A'.repeat(10000)],
    ['not a string', 12345],
    ['null', null],
  ])('refuses %s with E_BAD_RECOVERY_KEY', async (_name, typed) => {
    await expectCode(() => normalizeRecoveryKey(typed as string), 'E_BAD_RECOVERY_KEY');
  });
});
