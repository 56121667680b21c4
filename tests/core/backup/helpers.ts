import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import {
  createMasterKey,
  createPassphraseSlot,
  createRecoverySlot,
  generateRecoveryKey,
  type Argon2idCost,
  type KeySlot,
} from '../../../lib/core/crypto';
import { TesseraError, type ErrorCode } from '../../../lib/core/errors';
import {
  BackupEngine,
  type BackupEngineOptions,
  type SyncOutcome,
} from '../../../lib/core/backup/engine';
import type { SyncArea, SyncLimits } from '../../../lib/core/backup/syncArea';
import { openAccount, sealAccount } from '../../../lib/core/vault/records';
import type { Account, StoredRecord } from '../../../lib/core/vault/types';
import {
  capacityAccounts,
  prng,
  T0,
  uuidFrom,
  type CapacityRow,
} from '../../../bench/backup/capacityAccounts';
export { prng, T0, uuidFrom } from '../../../bench/backup/capacityAccounts';

/** The cheapest Argon2id cost the bounds accept, so restores in tests stay fast. */
export const FAST_COST: Argon2idCost = {
  alg: 'argon2id',
  memoryKiB: 19 * 1024,
  iterations: 2,
  parallelism: 1,
};
export const PASS = 'correct horse battery staple';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const FIXTURE = path.resolve(
  repoRoot,
  '..',
  'shared',
  'fixtures',
  'capacity',
  'accounts-2000.json',
);
export const hasFixture = existsSync(FIXTURE);

/** The first n accounts of the capacity fixture as the vault would hold them after an import. */
export function fixtureAccounts(n: number, seed = 1): Account[] {
  const rows = JSON.parse(readFileSync(FIXTURE, 'utf8')) as CapacityRow[];
  return capacityAccounts(rows.slice(0, n), seed);
}

/** Synthetic accounts (no fixture needed). */
export function makeAccounts(n: number, seed = 7, start = 0): Account[] {
  const rnd = prng(seed);
  const issuers = ['GitHub', 'Example Bank', 'Mastodon', 'Acme', 'Fastmail'];
  return Array.from({ length: n }, (_, k) => {
    const i = start + k;
    const issuer = issuers[i % issuers.length] as string;
    const secret = Uint8Array.from({ length: 20 }, () => Math.floor(rnd() * 256));
    const hotp = i % 7 === 3;
    return {
      id: uuidFrom(rnd),
      updatedAt: T0 + i,
      issuer,
      label: `user${i}@example.com`,
      otp: {
        type: hotp ? 'hotp' : 'totp',
        secret,
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        counter: hotp ? i * 3 : 0,
      },
      sites: [`https://${issuer.toLowerCase().replace(/\s+/g, '')}.example`],
      pinned: i % 5 === 0,
      order: i,
      ...(i % 6 === 1 ? { subdomains: true } : {}),
      ...(i % 9 === 2 ? { autoFill: true } : {}),
    } satisfies Account;
  });
}

export interface TestVault {
  masterKey: Uint8Array;
  slots: KeySlot[];
  recoveryKey: string;
}

export async function makeVault(passphrase = PASS): Promise<TestVault> {
  const masterKey = createMasterKey();
  const recoveryKey = generateRecoveryKey();
  const slots = [
    await createPassphraseSlot(masterKey, passphrase, FAST_COST),
    await createRecoverySlot(masterKey, recoveryKey),
  ];
  return { masterKey, slots, recoveryKey };
}

/** One browser profile: its local vault records and its backup engine. */
export class Profile {
  readonly records = new Map<string, StoredRecord>();
  readonly engine: BackupEngine;

  constructor(
    readonly vault: TestVault,
    area: SyncArea,
    options: {
      now?: () => number;
      confirmRemovalsAbove?: number;
      limits?: Partial<SyncLimits>;
      /** Roster and pruning options (profile id and name, horizon). */
      engine?: Pick<BackupEngineOptions, 'profile' | 'pruneHorizonMs'>;
    } = {},
  ) {
    this.engine = new BackupEngine({
      ...options.engine,
      area,
      masterKey: vault.masterKey,
      keySlots: vault.slots,
      keySlotsAt: T0,
      now: options.now ?? (() => T0),
      confirmRemovalsAbove: options.confirmRemovalsAbove,
      limits: options.limits,
    });
  }

  list(): StoredRecord[] {
    return [...this.records.values()];
  }

  async put(accounts: readonly Account[]): Promise<void> {
    for (const a of accounts) this.records.set(a.id, await sealAccount(this.vault.masterKey, a, 0));
  }

  async remove(id: string, at: number): Promise<void> {
    const account = await openAccount(this.vault.masterKey, this.records.get(id));
    this.records.set(id, await sealAccount(this.vault.masterKey, { ...account, updatedAt: at }, 1));
  }

  apply(outcome: SyncOutcome): void {
    for (const r of outcome.toWriteLocal) this.records.set(r.id, r);
  }

  async push(options?: Parameters<BackupEngine['push']>[1]): Promise<SyncOutcome> {
    const out = await this.engine.push(this.list(), options);
    this.apply(out);
    return out;
  }

  async pull(options?: Parameters<BackupEngine['pull']>[1]): Promise<SyncOutcome> {
    const out = await this.engine.pull(this.list(), options);
    this.apply(out);
    return out;
  }

  /** Live accounts, opened, sorted by id. */
  async accounts(): Promise<Account[]> {
    const out: Account[] = [];
    for (const r of this.records.values()) {
      if (r.deleted === 0) out.push(await openAccount(this.vault.masterKey, r));
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** A stable picture of the local vault (ciphertexts included): "unchanged" means equal. */
  snapshot(): string {
    return JSON.stringify([...this.records.entries()].sort());
  }
}

export function byId(accounts: readonly Account[]): Account[] {
  return [...accounts].sort((a, b) => (a.id < b.id ? -1 : 1));
}

export async function expectCode(
  run: () => Promise<unknown>,
  code: ErrorCode,
): Promise<TesseraError> {
  let caught: unknown;
  try {
    await run();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(TesseraError);
  expect((caught as TesseraError).code).toBe(code);
  return caught as TesseraError;
}
