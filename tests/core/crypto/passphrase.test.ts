import { describe, expect, it } from 'vitest';
import { checkNewPassphrase } from '../../../lib/core/crypto/passphrase';
import { expectCode } from './helpers';

describe('checkNewPassphrase', () => {
  it('accepts a matching passphrase of at least 8 characters', () => {
    expect(() => checkNewPassphrase('12345678', '12345678')).not.toThrow();
  });

  it('refuses a short one with E_WEAK_PASSPHRASE, carrying the minimum', async () => {
    const e = await expectCode(() => checkNewPassphrase('1234567', '1234567'), 'E_WEAK_PASSPHRASE');
    expect(e.detail).toEqual({ minLength: 8 });
    await expectCode(() => checkNewPassphrase('', ''), 'E_WEAK_PASSPHRASE');
  });

  it('counts code points, not UTF-16 units', async () => {
    const seven = '😀'.repeat(7); // 14 UTF-16 units
    expect(seven.length).toBe(14);
    await expectCode(() => checkNewPassphrase(seven, seven), 'E_WEAK_PASSPHRASE');
    const eight = '😀'.repeat(8);
    expect(() => checkNewPassphrase(eight, eight)).not.toThrow();
  });

  it('counts after NFC: a decomposed é is one character', async () => {
    const nfd = 'cafébar'.normalize('NFD'); // 8 code points as NFD, 7 as NFC
    expect([...nfd]).toHaveLength(8);
    await expectCode(() => checkNewPassphrase(nfd, nfd), 'E_WEAK_PASSPHRASE');
  });

  it('refuses a different confirmation with E_PASSPHRASE_MISMATCH', async () => {
    await expectCode(
      () => checkNewPassphrase('correct horse', 'correct horsE'),
      'E_PASSPHRASE_MISMATCH',
    );
  });

  it('treats NFC and NFD spellings as the same passphrase', () => {
    const p = 'Ångström café';
    expect(() => checkNewPassphrase(p.normalize('NFC'), p.normalize('NFD'))).not.toThrow();
  });

  it('reports "too short" before "mismatch"', async () => {
    await expectCode(() => checkNewPassphrase('short', 'other'), 'E_WEAK_PASSPHRASE');
  });

  it('honours a custom minimum', async () => {
    await expectCode(() => checkNewPassphrase('12345678', '12345678', 12), 'E_WEAK_PASSPHRASE');
    expect(() => checkNewPassphrase('1234', '1234', 4)).not.toThrow();
  });

  it('refuses lone surrogates, which UTF-8 encoding would silently replace', async () => {
    const bad = 'password\uD800';
    await expectCode(() => checkNewPassphrase(bad, bad), 'E_FIELD_INVALID');
  });
});
