import {
  checkNewPassphrase,
  createMasterKey,
  createPassphraseSlot,
  createRecoverySlot,
  generateRecoveryKey,
  unlockWithPassphrase,
  unlockWithRecoveryKey,
} from '../crypto';
import { TesseraError } from '../errors';
import { hotpCode } from '../otp';
import type { OtpWarning } from '../otp/types';
import { accountFromInput, accountFromUri } from './fromInput';
import type { AccountInput, AccountPatch, UnlockInput } from './inputs';
import { openAccount, sealAccount } from './records';
import { normalizeSites } from './sites';
import type { Account, KeyCache, StoredRecord, VaultStore } from './types';
import { VAULT_FORMAT_VERSION } from './types';
import { compareAccounts, toView, type AccountView } from './view';

export type VaultServiceState = 'none' | 'locked' | 'unlocked';

/** Longest issuer or account name we keep: long enough for any real label, short enough for sync. */
const MAX_TEXT = 256;
const MAX_SITES = 32;

/**
 * The vault as the background sees it. Pure: storage and the key cache are injected, so the
 * same logic runs against IndexedDB in the browser and against memory in unit tests.
 *
 * Mutations run one at a time (a promise chain), because the browser delivers messages
 * concurrently and two "next HOTP code" clicks must never hand out the same counter.
 */
export class VaultService {
  private key: Uint8Array | null = null;
  private accounts = new Map<string, Account>();
  private tombstones = new Map<string, StoredRecord>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: VaultStore,
    private readonly keyCache: KeyCache,
    private readonly now: () => number = Date.now,
  ) {}

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async state(): Promise<VaultServiceState> {
    if (this.key) return 'unlocked';
    const header = await this.store.getHeader();
    if (!header) return 'none';
    // After a service-worker restart the key is still in the session cache: stay unlocked.
    const cached = await this.keyCache.get();
    if (cached) {
      try {
        await this.load(cached);
        return 'unlocked';
      } catch {
        await this.keyCache.clear();
      }
    }
    return 'locked';
  }

  create(passphrase: string, confirm?: string): Promise<{ recoveryKey: string }> {
    return this.serial(async () => {
      checkNewPassphrase(passphrase, confirm ?? passphrase);
      if (await this.store.getHeader()) {
        throw new TesseraError('E_VAULT_EXISTS', 'A vault already exists in this browser profile.');
      }
      const masterKey = createMasterKey();
      const recoveryKey = generateRecoveryKey();
      const slots = [
        await createPassphraseSlot(masterKey, passphrase),
        await createRecoverySlot(masterKey, recoveryKey),
      ];
      const created = await this.store.createHeader({
        formatVersion: VAULT_FORMAT_VERSION,
        createdAt: this.now(),
        slots,
      });
      if (!created) {
        throw new TesseraError('E_VAULT_EXISTS', 'A vault already exists in this browser profile.');
      }
      await this.load(masterKey);
      return { recoveryKey };
    });
  }

  unlock(input: UnlockInput): Promise<void> {
    return this.serial(async () => {
      const header = await this.store.getHeader();
      if (!header) throw new TesseraError('E_NO_VAULT', 'There is no vault yet. Create one first.');
      if (header.formatVersion !== VAULT_FORMAT_VERSION) {
        throw new TesseraError(
          'E_UNSUPPORTED_VERSION',
          'This vault was written by a newer version of Tessera. Update Tessera to open it.',
        );
      }
      const masterKey =
        'passphrase' in input
          ? await unlockWithPassphrase(header.slots, input.passphrase)
          : await unlockWithRecoveryKey(header.slots, input.recoveryKey);
      await this.load(masterKey);
    });
  }

  async lock(): Promise<void> {
    this.key = null;
    this.accounts.clear();
    this.tombstones.clear();
    await this.keyCache.clear();
  }

  private async load(masterKey: Uint8Array): Promise<void> {
    const records = await this.store.listRecords();
    const accounts = new Map<string, Account>();
    const tombstones = new Map<string, StoredRecord>();
    for (const r of records) {
      if (r.deleted === 1) {
        tombstones.set(r.id, r);
        continue;
      }
      const account = await openAccount(masterKey, r);
      accounts.set(account.id, account);
    }
    this.key = masterKey;
    this.accounts = accounts;
    this.tombstones = tombstones;
    await this.keyCache.set(masterKey);
  }

  private requireKey(): Uint8Array {
    if (!this.key) throw new TesseraError('E_LOCKED', 'Tessera is locked. Unlock it first.');
    return this.key;
  }

  /** The key for platform features that wrap it (the "never lock on this device" slot). */
  masterKeyForDeviceSlot(): Uint8Array {
    return this.requireKey();
  }

  list(): AccountView[] {
    this.requireKey();
    const now = this.now();
    return [...this.accounts.values()].sort(compareAccounts).map((a) => toView(a, now));
  }

  /** Accounts for other background features (autofill, backup); never sent to other contexts. */
  accountsSnapshot(): Account[] {
    this.requireKey();
    return [...this.accounts.values()].sort(compareAccounts);
  }

  private nextUpdatedAt(previous?: number): number {
    return Math.max(this.now(), (previous ?? 0) + 1);
  }

  private nextOrder(): number {
    let max = -1;
    for (const a of this.accounts.values()) max = Math.max(max, a.order);
    return max + 1;
  }

  private findDuplicate(candidate: Account): Account | undefined {
    for (const a of this.accounts.values()) {
      if (a.otp.type === candidate.otp.type && equalBytes(a.otp.secret, candidate.otp.secret)) {
        return a;
      }
    }
    return undefined;
  }

  private async persist(accounts: Account[]): Promise<void> {
    const key = this.requireKey();
    const records = await Promise.all(accounts.map((a) => sealAccount(key, a)));
    await this.store.putRecords(records);
    for (const a of accounts) {
      this.accounts.set(a.id, a);
      this.tombstones.delete(a.id);
    }
  }

  add(input: AccountInput): Promise<{ id: string; warnings: OtpWarning[] }> {
    return this.serial(async () => {
      this.requireKey();
      const { account: data, warnings } = accountFromInput(input);
      const account: Account = {
        ...data,
        issuer: clip(data.issuer),
        label: clip(data.label),
        id: crypto.randomUUID(),
        updatedAt: this.nextUpdatedAt(),
        sites: [],
        pinned: false,
        order: this.nextOrder(),
      };
      const duplicate = this.findDuplicate(account);
      if (duplicate) {
        throw new TesseraError('E_DUPLICATE', 'This account is already in your vault.', {
          id: duplicate.id,
        });
      }
      await this.persist([account]);
      return { id: account.id, warnings };
    });
  }

  /** Adds many URIs in one transaction: all of them or none (a bad line names itself). */
  addMany(uris: readonly string[]): Promise<{ added: number }> {
    return this.serial(async () => {
      this.requireKey();
      let order = this.nextOrder();
      const batch: Account[] = [];
      uris.forEach((uri, index) => {
        let data;
        try {
          data = accountFromUri(uri).account;
        } catch (e) {
          if (e instanceof TesseraError) {
            throw new TesseraError(e.code, `Line ${index + 1}: ${e.message}`, { line: index + 1 });
          }
          throw e;
        }
        const account: Account = {
          ...data,
          issuer: clip(data.issuer),
          label: clip(data.label),
          id: crypto.randomUUID(),
          updatedAt: this.nextUpdatedAt(),
          sites: [],
          pinned: false,
          order: order++,
        };
        const duplicate =
          this.findDuplicate(account) ??
          batch.find(
            (b) => b.otp.type === account.otp.type && equalBytes(b.otp.secret, account.otp.secret),
          );
        if (!duplicate) batch.push(account);
      });
      await this.persist(batch);
      return { added: batch.length };
    });
  }

  update(id: string, patch: AccountPatch): Promise<AccountView> {
    return this.serial(async () => {
      this.requireKey();
      const current = this.get(id);
      const next: Account = { ...current, updatedAt: this.nextUpdatedAt(current.updatedAt) };
      if (patch.issuer !== undefined) next.issuer = clip(patch.issuer.trim());
      if (patch.label !== undefined) next.label = clip(patch.label.trim());
      if (patch.pinned !== undefined) next.pinned = patch.pinned === true;
      if (patch.sites !== undefined) {
        if (!Array.isArray(patch.sites) || patch.sites.length > MAX_SITES) {
          throw new TesseraError('E_FIELD_INVALID', `An account can have at most ${MAX_SITES} sites.`);
        }
        next.sites = normalizeSites(patch.sites.map(String));
      }
      if (next.issuer === '' && next.label === '') {
        throw new TesseraError('E_FIELD_INVALID', 'Give the account an issuer or a name.');
      }
      await this.persist([next]);
      return toView(next, this.now());
    });
  }

  delete(id: string): Promise<void> {
    return this.serial(async () => {
      const key = this.requireKey();
      const current = this.get(id);
      const updatedAt = this.nextUpdatedAt(current.updatedAt);
      // The tombstone keeps the sealed account so "Undo" can bring it back.
      const tombstone = await sealAccount(key, { ...current, updatedAt }, 1);
      await this.store.putRecords([tombstone]);
      this.accounts.delete(id);
      this.tombstones.set(id, tombstone);
    });
  }

  undelete(id: string): Promise<void> {
    return this.serial(async () => {
      const key = this.requireKey();
      const tombstone = this.tombstones.get(id);
      if (!tombstone) throw new TesseraError('E_NOT_FOUND', 'That account is no longer available.');
      const account = await openAccount(key, tombstone);
      await this.persist([{ ...account, updatedAt: this.nextUpdatedAt(tombstone.updatedAt) }]);
    });
  }

  reorder(ids: readonly string[]): Promise<void> {
    return this.serial(async () => {
      this.requireKey();
      const seen = new Set<string>();
      const changed: Account[] = [];
      ids.forEach((id, index) => {
        if (seen.has(id)) throw new TesseraError('E_BAD_REQUEST', 'The new order lists an account twice.');
        seen.add(id);
        const a = this.get(id);
        if (a.order !== index) {
          changed.push({ ...a, order: index, updatedAt: this.nextUpdatedAt(a.updatedAt) });
        }
      });
      // Accounts the caller did not list keep their relative order after the listed ones.
      const rest = [...this.accounts.values()]
        .filter((a) => !seen.has(a.id))
        .sort(compareAccounts);
      rest.forEach((a, i) => {
        const order = ids.length + i;
        if (a.order !== order) changed.push({ ...a, order, updatedAt: this.nextUpdatedAt(a.updatedAt) });
      });
      if (changed.length > 0) await this.persist(changed);
    });
  }

  /**
   * HOTP: the stored counter is the next one to use. It is advanced and stored *before* the
   * code is returned, so a crash can skip a code but never show the same code twice.
   */
  hotpNext(id: string): Promise<AccountView> {
    return this.serial(async () => {
      this.requireKey();
      const current = this.get(id);
      if (current.otp.type !== 'hotp') {
        throw new TesseraError('E_BAD_REQUEST', 'Only counter-based (HOTP) accounts have a next code.');
      }
      const counter = current.otp.counter;
      if (counter >= Number.MAX_SAFE_INTEGER) {
        throw new TesseraError('E_COUNTER', 'This account has used up its counter.');
      }
      const next: Account = {
        ...current,
        otp: { ...current.otp, counter: counter + 1 },
        updatedAt: this.nextUpdatedAt(current.updatedAt),
      };
      await this.persist([next]);
      return toView(next, this.now(), hotpCode(current.otp, counter));
    });
  }

  private get(id: string): Account {
    const a = this.accounts.get(id);
    if (!a) throw new TesseraError('E_NOT_FOUND', 'That account is not in your vault.');
    return a;
  }
}

function clip(s: string): string {
  return [...s].slice(0, MAX_TEXT).join('');
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
