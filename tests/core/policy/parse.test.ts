import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  POLICY_KEYS,
  POLICY_RANGES,
  emptyPolicyView,
  parsePolicy,
} from '../../../lib/core/policy/parse';

/**
 * What browser.storage.managed.get(null) hands the extension: Chrome gives the values its
 * schema accepted (integers as numbers), Firefox gives policies.json's "3rdparty" object as
 * typed, so strings, floats and nulls are possible there.
 */
function managedStorage(values: Record<string, unknown>): Record<string, unknown> {
  return structuredClone(values);
}

describe('parsePolicy', () => {
  it('reads a full, valid policy', () => {
    const view = parsePolicy(
      managedStorage({
        minPassphraseLength: 14,
        maxAutoLockMinutes: 10,
        disablePlainTextExport: true,
        disableSyncBackup: false,
      }),
    );
    expect(view).toEqual({
      policy: {
        minPassphraseLength: 14,
        maxAutoLockMinutes: 10,
        disablePlainTextExport: true,
        disableSyncBackup: false,
      },
      ignored: [],
    });
  });

  it('treats no policy at all as empty', () => {
    for (const raw of [undefined, null, {}, 'x', 42, [], [1, 2]]) {
      expect(parsePolicy(raw)).toEqual(emptyPolicyView());
    }
  });

  it('accepts the ends of each range and refuses one past them', () => {
    for (const key of ['minPassphraseLength', 'maxAutoLockMinutes'] as const) {
      const { min, max } = POLICY_RANGES[key];
      expect(parsePolicy({ [key]: min }).policy[key]).toBe(min);
      expect(parsePolicy({ [key]: max }).policy[key]).toBe(max);
      expect(parsePolicy({ [key]: min - 1 })).toEqual({ policy: {}, ignored: [key] });
      expect(parsePolicy({ [key]: max + 1 })).toEqual({ policy: {}, ignored: [key] });
    }
    expect(POLICY_RANGES.minPassphraseLength).toEqual({ min: 8, max: 128 });
    expect(POLICY_RANGES.maxAutoLockMinutes).toEqual({ min: 1, max: 1440 });
  });

  it('ignores and lists values of the wrong type, keeping the valid ones', () => {
    const view = parsePolicy(
      managedStorage({
        minPassphraseLength: '12',
        maxAutoLockMinutes: 7.5,
        disablePlainTextExport: 'true',
        disableSyncBackup: true,
      }),
    );
    expect(view.policy).toEqual({ disableSyncBackup: true });
    expect(view.ignored).toEqual([
      'disablePlainTextExport',
      'maxAutoLockMinutes',
      'minPassphraseLength',
    ]);
  });

  it('refuses NaN, infinities, null and numbers for booleans', () => {
    const view = parsePolicy({
      minPassphraseLength: Number.NaN,
      maxAutoLockMinutes: Number.POSITIVE_INFINITY,
      disablePlainTextExport: null,
      disableSyncBackup: 1,
    });
    expect(view.policy).toEqual({});
    expect(view.ignored).toHaveLength(4);
  });

  it('lists keys Tessera does not know (a misspelt key must not pass unnoticed)', () => {
    const view = parsePolicy({ minPasswordLength: 12, disableSyncBackup: true });
    expect(view).toEqual({ policy: { disableSyncBackup: true }, ignored: ['minPasswordLength'] });
  });

  it('does not let the prototype chain or __proto__ smuggle values in', () => {
    const raw = JSON.parse('{"__proto__": {"disableSyncBackup": true}}') as unknown;
    const view = parsePolicy(raw);
    expect(view.policy).toEqual({});
    expect(view.ignored).toEqual(['__proto__']);
    expect(parsePolicy(Object.create({ disableSyncBackup: true }))).toEqual(emptyPolicyView());
  });

  it('never throws, and only ever keeps known keys with in-range values (fuzz)', () => {
    const value = fc.oneof(
      fc.integer({ min: -10, max: 2000 }),
      fc.double(),
      fc.boolean(),
      fc.string(),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 2 }),
    );
    const key = fc.oneof(fc.constantFrom(...POLICY_KEYS), fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(fc.dictionary(key, value), (raw) => {
        const view = parsePolicy(raw);
        const kept = Object.keys(view.policy);
        expect(kept.length + view.ignored.length).toBe(Object.keys(raw).length);
        for (const k of kept) expect(POLICY_KEYS).toContain(k);
        for (const k of ['minPassphraseLength', 'maxAutoLockMinutes'] as const) {
          const v = view.policy[k];
          if (v === undefined) continue;
          expect(Number.isInteger(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(POLICY_RANGES[k].min);
          expect(v).toBeLessThanOrEqual(POLICY_RANGES[k].max);
        }
        for (const k of ['disablePlainTextExport', 'disableSyncBackup'] as const) {
          const v = view.policy[k];
          if (v !== undefined) expect(typeof v).toBe('boolean');
        }
      }),
      { seed: 42, numRuns: 10000 },
    );
  });
});
