import { vaultIdOf } from '../backup/format/header';
import { TesseraError } from '../errors';
import { CodeMemo } from '../otp/codeMemo';
import { SerialQueue } from '../serialQueue';
import { openAccounts, sealAccount } from './records';
import { compareAccounts } from './view';
import type { Account, KeyCache, StoredRecord, VaultHeader, VaultStore } from './types';
import {
  advanceVersion,
  checkVersion,
  counterFloor,
  openVersion,
  sealVersion,
  type VaultVersion,
} from './version';

/**
 * What just changed, for background features that follow the vault (backup): 'records' = the
 * user changed accounts here; 'merged' = records came in from a backup; 'slots' = the key slots
 * changed (passphrase, recovery key); 'unlocked' / 'locked'.
 */
export type VaultChange = 'records' | 'merged' | 'slots' | 'unlocked' | 'locked';

/**
 * What the session, the accounts and the backup port share: the open key, the decrypted
 * accounts, the vault version and ONE mutation queue. One queue for all of them, because a
 * backup merge, a lock and two "next HOTP code" clicks must never interleave: an HOTP counter is
 * never handed out twice.
 */
export class VaultState {
  key: Uint8Array | null = null;
  accounts = new Map<string, Account>();
  tombstones = new Map<string, StoredRecord>();
  /** The authenticated vault version (version.ts) and what the last unlock found rolled back. */
  version: VaultVersion = new Map();
  rollbacks: string[] = [];
  /** Codes of the list, reused across popup opens; dropped with the accounts on lock. */
  codes = new CodeMemo();
  private readonly queue = new SerialQueue();
  private readonly listeners = new Set<(change: VaultChange) => void>();

  constructor(
    readonly store: VaultStore,
    readonly keyCache: KeyCache,
    readonly now: () => number,
  ) {}

  serial<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.run(task);
  }

  onChange(listener: (change: VaultChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: VaultChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // A listener's failure (backup) must never turn a stored change into an error.
      }
    }
  }

  requireKey(): Uint8Array {
    if (!this.key) throw new TesseraError('E_LOCKED', 'Tessera is locked. Unlock it first.');
    return this.key;
  }

  async requireHeader(): Promise<VaultHeader> {
    const header = await this.store.getHeader();
    if (!header) throw new TesseraError('E_NO_VAULT', 'There is no vault yet. Create one first.');
    return header;
  }

  get(id: string): Account {
    const a = this.accounts.get(id);
    if (!a) throw new TesseraError('E_NOT_FOUND', 'That account is not in your vault.');
    return a;
  }

  /** The accounts in display order, for background features; never sent to other contexts. */
  snapshot(): Account[] {
    this.requireKey();
    return [...this.accounts.values()].sort(compareAccounts);
  }

  /**
   * The live accounts and their sealed records, in display order (so that an import of a backup
   * file lists them as the user does). Run inside the queue.
   */
  async liveRecords(): Promise<{ accounts: Account[]; records: StoredRecord[] }> {
    const accounts = this.snapshot();
    const position = new Map(accounts.map((a, i) => [a.id, i]));
    const records = (await this.store.listRecords())
      .filter((r) => r.deleted === 0 && position.has(r.id))
      .sort((a, b) => position.get(a.id)! - position.get(b.id)!);
    return { accounts, records };
  }

  /** Before a new header is written: records no key of the new vault opens go aside first. */
  async setAsideLeftovers(): Promise<void> {
    if ((await this.store.listRecords()).length > 0) await this.store.setAside();
  }

  /** Counts forget() calls, so a load that a lock overtook can tell (see load). */
  lockEpoch = 0;

  /** Forgets everything the unlock opened (lock, start over). */
  forget(): void {
    this.lockEpoch++;
    this.key = null;
    this.accounts.clear();
    this.tombstones.clear();
    this.version = new Map();
    this.rollbacks = [];
    this.codes = new CodeMemo();
  }

  /**
   * Opens every record with the master key; the vault is unlocked afterwards. With `epoch`, a
   * lock that came while the records were being opened wins: nothing is kept and E_LOCKED is
   * thrown, so a look at the state after a worker restart cannot undo an idle lock.
   */
  async load(masterKey: Uint8Array, epoch?: number): Promise<void> {
    // The vault's public fingerprint, so a later unlock can tell this vault's backup header
    // from another vault's without the key (see reconcileRemoteSlots).
    const header = await this.store.getHeader();
    const vaultId = await vaultIdOf(masterKey);
    // A key kept from before a join (session, device slot) must not open the joined vault.
    if (header?.vaultId !== undefined && header.vaultId !== vaultId) {
      throw new TesseraError('E_BAD_PASSPHRASE', 'This key belongs to another vault.');
    }
    const records = await this.store.listRecords();
    const accounts = new Map<string, Account>();
    const tombstones = new Map<string, StoredRecord>();
    const live: StoredRecord[] = [];
    for (const r of records) {
      if (r.deleted === 1) tombstones.set(r.id, r);
      else live.push(r);
    }
    for (const account of await openAccounts(masterKey, live)) accounts.set(account.id, account);
    const stored = header?.recordsVersion
      ? await openVersion(masterKey, header.recordsVersion)
      : null;
    const check = checkVersion(stored, records, (id) => accounts.get(id));
    for (const account of accounts.values()) liftCounter(account, check.version);
    if (header && (header.vaultId !== vaultId || check.changed)) {
      const recordsVersion = await sealVersion(masterKey, check.version);
      await this.store.putHeader({ ...header, vaultId, recordsVersion });
    }
    if (epoch !== undefined && epoch !== this.lockEpoch) {
      throw new TesseraError('E_LOCKED', 'Tessera was locked while it was opening.');
    }
    this.version = check.version;
    this.rollbacks = check.rolledBack;
    this.key = masterKey;
    this.accounts = accounts;
    this.tombstones = tombstones;
    await this.keyCache.set(masterKey);
    this.emit('unlocked');
  }

  /** After records were stored: the vault version follows, second (see version.ts). */
  async saveVersion(records: readonly StoredRecord[]): Promise<void> {
    const key = this.requireKey();
    this.version = advanceVersion(this.version, records, (id) => this.accounts.get(id));
    const header = await this.store.getHeader();
    if (header) {
      await this.store.putHeader({
        ...header,
        recordsVersion: await sealVersion(key, this.version),
      });
    }
  }

  /** Seals and stores live accounts in one transaction, then tells the listeners. */
  async persist(accounts: Account[]): Promise<void> {
    const key = this.requireKey();
    const records = await Promise.all(accounts.map((a) => sealAccount(key, a)));
    await this.store.putRecords(records);
    for (const a of accounts) {
      this.accounts.set(a.id, a);
      this.tombstones.delete(a.id);
    }
    if (accounts.length === 0) return;
    await this.saveVersion(records);
    this.emit('records');
  }

  /** A change time after both now and the previous version's, so the newer version wins merges. */
  nextUpdatedAt(previous?: number): number {
    return Math.max(this.now(), (previous ?? 0) + 1);
  }

  nextOrder(): number {
    let max = -1;
    for (const a of this.accounts.values()) max = Math.max(max, a.order);
    return max + 1;
  }
}

/** An HOTP account never uses a counter below the highest the vault version remembers. */
export function liftCounter(account: Account, version: VaultVersion): void {
  const floor = counterFloor(version, account.id);
  if (account.otp.type === 'hotp' && floor !== null && account.otp.counter < floor) {
    account.otp = { ...account.otp, counter: floor };
  }
}

export function slotsAtOf(header: VaultHeader): number {
  return header.slotsChangedAt ?? header.createdAt;
}
