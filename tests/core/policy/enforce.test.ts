import { describe, expect, it } from 'vitest';
import { isTesseraError } from '../../../lib/core/errors';
import {
  autoLockAllowed,
  checkAutoLock,
  checkExport,
  checkPassphraseLength,
  checkSyncBackup,
  effectiveAutoLock,
  exportAllowed,
  minPassphraseLength,
  parsePolicy,
  syncBackupAllowed,
} from '../../../lib/core/policy/parse';
import type { Policy } from '../../../lib/core/policy/types';
import { EXPORT_FORMATS } from '../../../lib/core/transfer/protocol';
import type { AutoLock } from '../../../lib/core/vault/autolock';

/** Runs fn and returns the TesseraError it throws (fails the test if it does not). */
function thrown(fn: () => void): { code: string; detail: unknown; message: string } {
  try {
    fn();
  } catch (e) {
    if (isTesseraError(e)) return { code: e.code, detail: e.detail, message: e.message };
    throw e;
  }
  throw new Error('expected an error');
}

const NONE: Policy = {};

describe('passphrase length', () => {
  const policy = parsePolicy({ minPassphraseLength: 12 }).policy;

  it('refuses shorter passphrases with E_POLICY, the reason and the minimum', () => {
    const e = thrown(() => checkPassphraseLength('elevenchars', policy));
    expect(e.code).toBe('E_POLICY');
    expect(e.detail).toEqual({ reason: 'passphraseTooShort', min: 12 });
    expect(e.message).toContain('12');
  });

  it('accepts the minimum exactly, and anything with no policy', () => {
    expect(() => checkPassphraseLength('twelve chars', policy)).not.toThrow();
    expect(() => checkPassphraseLength('short', NONE)).not.toThrow();
  });

  it('counts characters as a person sees them (code points after NFC)', () => {
    // 11 × 'é' typed as e + combining accent is 22 UTF-16 units but 11 characters.
    expect(() => checkPassphraseLength('e\u0301'.repeat(11), policy)).toThrow();
    expect(() => checkPassphraseLength('e\u0301'.repeat(12), policy)).not.toThrow();
    // An emoji outside the BMP is one character, not two.
    expect(() => checkPassphraseLength('🔑'.repeat(11), policy)).toThrow();
    expect(() => checkPassphraseLength('🔑'.repeat(12), policy)).not.toThrow();
  });

  it('never lowers Tessera’s own minimum', () => {
    expect(minPassphraseLength(NONE)).toBe(8);
    expect(minPassphraseLength(policy)).toBe(12);
  });
});

describe('auto-lock', () => {
  const policy = parsePolicy({ maxAutoLockMinutes: 30 }).policy;
  const idle = (minutes: number): AutoLock => ({ mode: 'idle', minutes });

  it('keeps choices within the maximum and caps longer ones', () => {
    expect(effectiveAutoLock(idle(5), policy)).toEqual(idle(5));
    expect(effectiveAutoLock(idle(30), policy)).toEqual(idle(30));
    expect(effectiveAutoLock(idle(240), policy)).toEqual(idle(30));
  });

  it('turns "never" and "when the browser closes" into idle locking at the maximum', () => {
    expect(effectiveAutoLock({ mode: 'never' }, policy)).toEqual(idle(30));
    expect(effectiveAutoLock({ mode: 'browser-close' }, policy)).toEqual(idle(30));
  });

  it('leaves every choice alone without a maximum', () => {
    for (const choice of [
      idle(600),
      { mode: 'never' } as const,
      { mode: 'browser-close' } as const,
    ]) {
      expect(effectiveAutoLock(choice, NONE)).toBe(choice);
      expect(autoLockAllowed(choice, NONE)).toBe(true);
    }
  });

  it('refuses choices beyond the maximum with the maximum in the detail', () => {
    expect(() => checkAutoLock(idle(30), policy)).not.toThrow();
    for (const choice of [
      idle(31),
      { mode: 'never' } as const,
      { mode: 'browser-close' } as const,
    ]) {
      const e = thrown(() => checkAutoLock(choice, policy));
      expect(e.code).toBe('E_POLICY');
      expect(e.detail).toEqual({ reason: 'autoLockTooLong', max: 30 });
    }
  });

  it('gives an effective choice that the policy always allows', () => {
    for (let max = 1; max <= 1440; max += 97) {
      const p: Policy = { maxAutoLockMinutes: max };
      for (const choice of [idle(1), idle(max), idle(1440), { mode: 'never' } as const]) {
        expect(autoLockAllowed(effectiveAutoLock(choice, p), p)).toBe(true);
      }
    }
  });
});

describe('export', () => {
  const policy = parsePolicy({ disablePlainTextExport: true }).policy;

  it('allows only the encrypted Tessera file under the policy', () => {
    expect(EXPORT_FORMATS.filter((f) => exportAllowed(f, policy))).toEqual(['tessera']);
    expect(() => checkExport('tessera', policy)).not.toThrow();
    for (const format of ['otpauth', 'aegis', 'qr', 'migration'] as const) {
      expect(thrown(() => checkExport(format, policy))).toMatchObject({
        code: 'E_POLICY',
        detail: { reason: 'plainTextExport' },
      });
    }
  });

  it('allows every format without the policy, or with it set to false', () => {
    for (const p of [NONE, { disablePlainTextExport: false }]) {
      expect(EXPORT_FORMATS.every((f) => exportAllowed(f, p))).toBe(true);
    }
  });
});

describe('sync backup', () => {
  const policy = parsePolicy({ disableSyncBackup: true }).policy;

  it('refuses turning backup on, never turning it off', () => {
    expect(syncBackupAllowed(policy)).toBe(false);
    expect(thrown(() => checkSyncBackup(true, policy))).toMatchObject({
      code: 'E_POLICY',
      detail: { reason: 'syncBackupDisabled' },
    });
    expect(() => checkSyncBackup(false, policy)).not.toThrow();
  });

  it('allows it without the policy', () => {
    expect(syncBackupAllowed(NONE)).toBe(true);
    expect(() => checkSyncBackup(true, { disableSyncBackup: false })).not.toThrow();
  });
});
