import { TesseraError } from '../errors';
import { ARGON2ID_BOUNDS, type Argon2idParams } from './kdf';

/**
 * How much passphrase key derivation one operation (an unlock, a restore, opening a backup
 * file) may do in total. Each slot's cost is already bounded (kdf.ts); this bounds the sum,
 * because a planted header or file can carry many in-bounds slots and each mistyped passphrase
 * would run all of them.
 * - passphraseSlots: a vault has one passphrase slot; an unlock may also try the one of a newer
 *   header from another profile. Two covers every honest case.
 * - kibPasses: memory × passes summed over the operation, at most what one slot at the
 *   largest accepted cost would take (1 GiB × 4): a hostile operation costs no more than the
 *   worst single slot, and honest slots (64 MiB × 3) fit many times over.
 */
export const KDF_BUDGET = Object.freeze({
  passphraseSlots: 2,
  kibPasses: ARGON2ID_BOUNDS.memoryTimesIterations.max,
});

export type KdfLimits = { passphraseSlots: number; kibPasses: number };

/** What one operation has spent; charge() before each Argon2id run, never after. */
export class KdfBudget {
  private slots = 0;
  private kibPasses = 0;

  constructor(private readonly limits: KdfLimits = KDF_BUDGET) {}

  /** Throws E_KDF_BUDGET (detail.reason 'slots' or 'cost') instead of going over the budget. */
  charge(params: Pick<Argon2idParams, 'memoryKiB' | 'iterations'>): void {
    const cost = params.memoryKiB * params.iterations;
    if (this.slots + 1 > this.limits.passphraseSlots) {
      throw budgetError('slots', this.limits.passphraseSlots);
    }
    if (this.kibPasses + cost > this.limits.kibPasses) {
      throw budgetError('cost', this.limits.kibPasses);
    }
    this.slots += 1;
    this.kibPasses += cost;
  }

  get spent(): { passphraseSlots: number; kibPasses: number } {
    return { passphraseSlots: this.slots, kibPasses: this.kibPasses };
  }
}

function budgetError(reason: 'slots' | 'cost', limit: number): TesseraError {
  return new TesseraError(
    'E_KDF_BUDGET',
    reason === 'slots'
      ? `This asks Tessera to try more than ${limit} passphrase key slots at once; it was refused.`
      : 'This asks for more key derivation work than Tessera allows for one try; it was refused.',
    { reason, limit },
  );
}

export function isBudgetError(e: unknown): boolean {
  return e instanceof TesseraError && e.code === 'E_KDF_BUDGET';
}
