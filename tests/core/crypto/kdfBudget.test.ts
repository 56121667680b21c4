import { describe, expect, it } from 'vitest';
import { ARGON2ID_BOUNDS, DEFAULT_ARGON2ID } from '../../../lib/core/crypto/kdf';
import { KDF_BUDGET, KdfBudget } from '../../../lib/core/crypto/kdfBudget';
import { expectCode } from './helpers';

const MAX_SLOT = { memoryKiB: 1024 * 1024, iterations: 4 };

describe('KdfBudget', () => {
  it('lets every honest operation through: two default slots', () => {
    const budget = new KdfBudget();
    budget.charge(DEFAULT_ARGON2ID);
    budget.charge(DEFAULT_ARGON2ID);
    expect(budget.spent).toEqual({
      passphraseSlots: 2,
      kibPasses: 2 * DEFAULT_ARGON2ID.memoryKiB * DEFAULT_ARGON2ID.iterations,
    });
  });

  it('refuses a third passphrase slot in one operation', async () => {
    const budget = new KdfBudget();
    budget.charge(DEFAULT_ARGON2ID);
    budget.charge(DEFAULT_ARGON2ID);
    const e = await expectCode(() => budget.charge(DEFAULT_ARGON2ID), 'E_KDF_BUDGET');
    expect(e.detail).toEqual({ reason: 'slots', limit: KDF_BUDGET.passphraseSlots });
  });

  it('caps the summed memory × passes at one slot of the largest accepted cost', async () => {
    expect(KDF_BUDGET.kibPasses).toBe(ARGON2ID_BOUNDS.memoryTimesIterations.max);
    const one = new KdfBudget();
    one.charge(MAX_SLOT);
    const two = new KdfBudget();
    two.charge(DEFAULT_ARGON2ID);
    const e = await expectCode(() => two.charge(MAX_SLOT), 'E_KDF_BUDGET');
    expect(e.detail?.reason).toBe('cost');
    // A refused charge spends nothing.
    expect(two.spent.passphraseSlots).toBe(1);
  });

  it('takes its limits from the caller', async () => {
    const budget = new KdfBudget({ passphraseSlots: 1, kibPasses: Number.MAX_SAFE_INTEGER });
    budget.charge(MAX_SLOT);
    await expectCode(() => budget.charge(DEFAULT_ARGON2ID), 'E_KDF_BUDGET');
  });
});
