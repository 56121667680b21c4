// The capacity fixture's rows as the vault holds them after an import. One definition serves
// the backup benchmark (bundled through entry.ts) and the backup unit tests, so both measure and
// check exactly the same accounts.
import type { OtpAlgorithm, OtpType } from '../../lib/core/otp/types';
import { accountFromInput } from '../../lib/core/vault/fromInput';
import { normalizeSites } from '../../lib/core/vault/sites';
import type { Account } from '../../lib/core/vault/types';

export const T0 = Date.UTC(2026, 0, 1);

/** A small deterministic PRNG (mulberry32), so ids and data repeat run to run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A v4 UUID drawn from `rnd` (crypto.randomUUID's shape, reproducible). */
export function uuidFrom(rnd: () => number): string {
  const b = Array.from({ length: 16 }, () => Math.floor(rnd() * 256));
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export interface CapacityRow {
  type: OtpType;
  issuer: string;
  label: string;
  secret: string;
  algorithm: OtpAlgorithm;
  digits: number;
  period?: number;
  counter?: number;
  sites: string[];
}

/**
 * Built by the vault's own accountFromInput (which, e.g., forces Steam to 30 s), with
 * consecutive change times and list order and random v4 ids.
 */
export function capacityAccounts(rows: readonly CapacityRow[], seed = 1): Account[] {
  const rnd = prng(seed);
  return rows.map((a, i) => {
    const { account } = accountFromInput({
      kind: 'fields',
      issuer: a.issuer,
      label: a.label,
      secret: a.secret,
      type: a.type,
      algorithm: a.algorithm,
      digits: a.digits,
      period: a.period ?? 30,
      counter: a.counter ?? 0,
    });
    return {
      ...account,
      id: uuidFrom(rnd),
      updatedAt: T0 + i,
      sites: normalizeSites(a.sites),
      pinned: false,
      order: i,
    };
  });
}
