import { vaultIdOf, verifyHeader, type BackupHeader } from '../backup/header';
import {
  checkNewPassphrase,
  createMasterKey,
  createPassphraseSlot,
  createRecoverySlot,
  generateRecoveryKey,
  unlockWithPassphrase,
  unlockWithRecoveryKey,
  type KeySlot,
} from '../crypto';
import { TesseraError } from '../errors';
import { MAX_LABEL_LENGTH, codeWindows, hotpCode, validateOtpParams } from '../otp';
import type { CodeWindow } from '../otp';
import type { OtpAccount, OtpWarning } from '../otp/types';
import { accountFromInput, accountFromUri } from './fromInput';
import type { AccountInput, AccountPatch, UnlockInput } from './inputs';
import { openAccount, sealAccount } from './records';
import { normalizeSites } from './sites';
import type { Account, KeyCache, StoredRecord, VaultHeader, VaultStore } from './types';
import { VAULT_FORMAT_VERSION } from './types';
import { sameNameDifferentSecret } from './sameName';
import { accountTime, checkTimeOffset } from './timeOffset';
import { compareAccounts, toView, type AccountView, type CodeHelp } from './view';
import type { ImportedAccount } from '../transfer/types';
import { buildImportChanges, planImport, type ImportChoice, type ImportPlan } from './transferPlan';

export type VaultServiceState = 'none' | 'locked' | 'unlocked';

/**
 * What just changed, for background features that follow the vault (backup): 'records' = the
 * user changed accounts here; 'merged' = records came in from a backup; 'slots' = the key slots
 * changed (passphrase, recovery key); 'unlocked' / 'locked'.
 */
export type VaultChange = 'records' | 'merged' | 'slots' | 'unlocked' | 'locked';

/**
 * Longest issuer or account name we keep, in code points: the otpauth parser's label limit (in
 * UTF-16 units, so whatever it accepts is kept whole), and still small next to the sync quota.
 */
const MAX_TEXT = MAX_LABEL_LENGTH;
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
  private readonly listeners = new Set<(change: VaultChange) => void>();

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

  /** Called after every successful change; returns the function that stops listening. */
  onChange(listener: (change: VaultChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: VaultChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // A listener's failure (backup) must never turn a stored change into an error.
      }
    }
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
        slotsChangedAt: this.now(),
      });
      if (!created) {
        throw new TesseraError('E_VAULT_EXISTS', 'A vault already exists in this browser profile.');
      }
      await this.load(masterKey);
      return { recoveryKey };
    });
  }

  /**
   * `remote` is the backup's header as found in sync storage, read without a key. When it
   * carries key slots newer than this profile's (the passphrase was changed in another
   * profile while this one was locked), the old passphrase must stop working here too: it
   * is refused when those newer slots are genuine (authenticated with this vault's key), and
   * the new passphrase is accepted through them. A forged or foreign header is ignored, so
   * whoever can write sync storage can neither lock this profile out nor let a stale secret in.
   */
  unlock(input: UnlockInput, remote?: BackupHeader | null): Promise<void> {
    return this.serial(async () => {
      const header = await this.store.getHeader();
      if (!header) throw new TesseraError('E_NO_VAULT', 'There is no vault yet. Create one first.');
      if (header.formatVersion !== VAULT_FORMAT_VERSION) {
        throw new TesseraError(
          'E_UNSUPPORTED_VERSION',
          'This vault was written by a newer version of Tessera. Update Tessera to open it.',
        );
      }
      const openWith = (slots: readonly unknown[]) =>
        'passphrase' in input
          ? unlockWithPassphrase([...slots], input.passphrase)
          : unlockWithRecoveryKey([...slots], input.recoveryKey);
      const newer = remote && remote.slotsAt > slotsAtOf(header) ? remote : null;
      if (!newer) {
        await this.load(await openWith(header.slots));
        return;
      }
      let localKey: Uint8Array | null = null;
      let localError: unknown = null;
      try {
        localKey = await openWith(header.slots);
      } catch (e) {
        localError = e;
      }
      if (localKey) {
        if (!(await isGenuine(localKey, newer))) {
          await this.load(localKey);
          return;
        }
        try {
          await openWith(newer.slots);
        } catch {
          throw new TesseraError(
            'E_BAD_PASSPHRASE',
            'This passphrase was changed in another browser profile. Use the new passphrase or your recovery key.',
          );
        }
        await this.store.putHeader({
          ...header,
          slots: [...newer.slots],
          slotsChangedAt: newer.slotsAt,
        });
        await this.load(localKey);
        return;
      }
      // The local slots refused: perhaps this is the new passphrase from another profile.
      let remoteKey: Uint8Array;
      try {
        remoteKey = await openWith(newer.slots);
      } catch {
        throw localError;
      }
      if (header.vaultId !== newer.vault || !(await isGenuine(remoteKey, newer))) throw localError;
      await this.store.putHeader({
        ...header,
        slots: [...newer.slots],
        slotsChangedAt: newer.slotsAt,
      });
      await this.load(remoteKey);
    });
  }

  async lock(): Promise<void> {
    this.key = null;
    this.accounts.clear();
    this.tombstones.clear();
    await this.keyCache.clear();
    this.emit('locked');
  }

  private async load(masterKey: Uint8Array): Promise<void> {
    // The vault's public fingerprint, so a later unlock can tell this vault's backup header
    // from another vault's without the key (see unlock).
    const header = await this.store.getHeader();
    const vaultId = await vaultIdOf(masterKey);
    if (header && header.vaultId !== vaultId) await this.store.putHeader({ ...header, vaultId });
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
    this.emit('unlocked');
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

  /**
   * "Code not accepted?": the codes of the time steps around now with their times, and the
   * accounts with the same name but another secret (one of them may be stale).
   */
  codeHelp(id: string): CodeHelp {
    this.requireKey();
    const account = this.get(id);
    if (account.otp.type === 'hotp') {
      throw new TesseraError('E_BAD_REQUEST', 'Counter-based (HOTP) accounts have no time steps.');
    }
    // Computed for the account's time, then given in this computer's time as the row shows it.
    const now = this.now();
    const shift = accountTime(now, account.timeOffset) - now;
    const w = codeWindows(account.otp, now + shift);
    const local = (c: CodeWindow): CodeWindow => ({
      code: c.code,
      validFrom: c.validFrom - shift,
      validUntil: c.validUntil - shift,
    });
    return {
      windows: { previous: local(w.previous), current: local(w.current), next: local(w.next) },
      sameNameDifferentSecret: sameNameDifferentSecret(this.accountsSnapshot(), id),
    };
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
    if (accounts.length > 0) this.emit('records');
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

  /**
   * Accounts the user confirmed from a scanned QR code, in one transaction, bound to `site`: the
   * origin of the tab the code was captured on, never anything the QR says (ARCHITECTURE.md,
   * invariant 4). An account whose secret and type are already in the vault is skipped.
   */
  addScanned(accounts: readonly OtpAccount[], site: string | null): Promise<{ ids: string[] }> {
    return this.serial(async () => {
      this.requireKey();
      const sites = site === null ? [] : normalizeSites([site]);
      let order = this.nextOrder();
      const batch: Account[] = [];
      for (const data of accounts) {
        validateOtpParams(data.otp);
        const account: Account = {
          issuer: clip(data.issuer),
          label: clip(data.label),
          otp: { ...data.otp, secret: data.otp.secret.slice() },
          id: crypto.randomUUID(),
          updatedAt: this.nextUpdatedAt(),
          sites: [...sites],
          pinned: false,
          order,
        };
        const inBatch = batch.some(
          (b) => b.otp.type === account.otp.type && equalBytes(b.otp.secret, account.otp.secret),
        );
        if (inBatch || this.findDuplicate(account)) continue;
        batch.push(account);
        order++;
      }
      await this.persist(batch);
      return { ids: batch.map((a) => a.id) };
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
      // Autofill choices: stored only when on, so "missing" and "off" are the same record.
      if (patch.subdomains !== undefined) setFlag(next, 'subdomains', patch.subdomains === true);
      if (patch.autoFill !== undefined) setFlag(next, 'autoFill', patch.autoFill === true);
      if (patch.timeOffset !== undefined) {
        const offset = checkTimeOffset(patch.timeOffset);
        if (offset === 0) delete next.timeOffset;
        else next.timeOffset = offset;
      }
      if (patch.sites !== undefined) {
        if (!Array.isArray(patch.sites) || patch.sites.length > MAX_SITES) {
          throw new TesseraError(
            'E_FIELD_INVALID',
            `An account can have at most ${MAX_SITES} sites.`,
            { reason: 'tooManySites', max: MAX_SITES },
          );
        }
        next.sites = normalizeSites(patch.sites.map(String));
      }
      if (next.issuer === '' && next.label === '') {
        throw new TesseraError('E_FIELD_INVALID', 'Give the account an issuer or a name.', {
          reason: 'nameMissing',
        });
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
      this.emit('records');
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
        if (seen.has(id))
          throw new TesseraError('E_BAD_REQUEST', 'The new order lists an account twice.');
        seen.add(id);
        const a = this.get(id);
        if (a.order !== index) {
          changed.push({ ...a, order: index, updatedAt: this.nextUpdatedAt(a.updatedAt) });
        }
      });
      // Accounts the caller did not list keep their relative order after the listed ones.
      const rest = [...this.accounts.values()].filter((a) => !seen.has(a.id)).sort(compareAccounts);
      rest.forEach((a, i) => {
        const order = ids.length + i;
        if (a.order !== order)
          changed.push({ ...a, order, updatedAt: this.nextUpdatedAt(a.updatedAt) });
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
        throw new TesseraError(
          'E_BAD_REQUEST',
          'Only counter-based (HOTP) accounts have a next code.',
        );
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

  /** The merge preview of an import against the vault as it is now; nothing is written. */
  planImport(imported: readonly ImportedAccount[]): ImportPlan {
    return planImport(this.accountsSnapshot(), imported);
  }

  /**
   * Writes a confirmed import in one transaction: every new account and every chosen name
   * update, or nothing. Planned again inside the queue, so a change since the preview cannot
   * slip a duplicate in (see ImportChoice.expected).
   */
  applyImport(
    imported: readonly ImportedAccount[],
    choice: ImportChoice,
  ): Promise<{ added: number; updated: number }> {
    return this.serial(async () => {
      const plan = planImport(this.accountsSnapshot(), imported);
      const { added, updated } = buildImportChanges(plan, imported, choice, {
        newId: () => crypto.randomUUID(),
        stamp: (previous) => this.nextUpdatedAt(previous),
        firstOrder: this.nextOrder(),
        clip,
      });
      await this.persist([...added, ...updated]);
      return { added: added.length, updated: updated.length };
    });
  }

  /**
   * What an export needs, only after the passphrase is proven again: an unlocked vault alone
   * is not enough for secrets to leave the background (ARCHITECTURE.md, invariant 1).
   */
  async exportAccounts(
    passphrase: string,
  ): Promise<{ accounts: Account[]; slots: KeySlot[]; records: StoredRecord[] }> {
    const key = this.requireKey();
    const header = await this.store.getHeader();
    if (!header) throw new TesseraError('E_NO_VAULT', 'There is no vault yet. Create one first.');
    const proof = await unlockWithPassphrase(header.slots, String(passphrase));
    const same = equalBytes(proof, key);
    proof.fill(0);
    if (!same) throw new TesseraError('E_BAD_PASSPHRASE', 'Wrong passphrase.');
    return this.serial(async () => {
      const accounts = this.accountsSnapshot();
      // Records in display order, so that an import of the backup lists them as the user does.
      const position = new Map(accounts.map((a, i) => [a.id, i]));
      const records = (await this.store.listRecords())
        .filter((r) => r.deleted === 0 && position.has(r.id))
        .sort((a, b) => position.get(a.id)! - position.get(b.id)!);
      return { accounts, slots: header.slots, records };
    });
  }

  // --- Backup (issue 5) -------------------------------------------------------------------

  /** The key and slots the backup seals and publishes with; never sent to other contexts. */
  async backupKeys(): Promise<{ masterKey: Uint8Array; slots: KeySlot[]; slotsAt: number }> {
    const masterKey = this.requireKey();
    const header = await this.store.getHeader();
    if (!header) throw new TesseraError('E_NO_VAULT', 'There is no vault yet. Create one first.');
    return { masterKey, slots: header.slots, slotsAt: slotsAtOf(header) };
  }

  /** Every stored record, tombstones included, as the backup merges them. */
  async storedRecords(): Promise<StoredRecord[]> {
    this.requireKey();
    return this.store.listRecords();
  }

  /**
   * Stores what a backup merge decided, in one transaction. The merge ran on a snapshot, so a
   * record is skipped when the vault changed that account since (a newer local version wins;
   * the next backup run merges again).
   */
  applyRemote(records: readonly StoredRecord[]): Promise<{ applied: number }> {
    return this.serial(async () => {
      const key = this.requireKey();
      const accepted: StoredRecord[] = [];
      const live = new Map<string, Account>();
      for (const r of records) {
        const mine = this.accounts.get(r.id) ?? this.tombstones.get(r.id);
        if (mine) {
          if (r.updatedAt < mine.updatedAt) continue;
          // Same time: the merge compared against this very version; only a tombstone of ours
          // at the same time (a deletion here just now) outranks it.
          if (r.updatedAt === mine.updatedAt && this.tombstones.has(r.id)) continue;
        }
        if (r.deleted === 0) {
          try {
            live.set(r.id, await openAccount(key, r));
          } catch {
            continue;
          }
        }
        accepted.push(r);
      }
      if (accepted.length === 0) return { applied: 0 };
      await this.store.putRecords(accepted);
      for (const r of accepted) {
        const account = live.get(r.id);
        if (account) {
          this.accounts.set(r.id, account);
          this.tombstones.delete(r.id);
        } else {
          this.accounts.delete(r.id);
          this.tombstones.set(r.id, r);
        }
      }
      this.emit('merged');
      return { applied: accepted.length };
    });
  }

  /**
   * A new profile restored from a backup: the backup's key slots become this vault's, its
   * accounts are stored, and the vault opens. The header goes first: if the browser stops in
   * between, the vault opens with the same passphrase and the next backup run brings the
   * accounts back.
   */
  adoptRestored(restored: {
    header: VaultHeader;
    masterKey: Uint8Array;
    records: readonly StoredRecord[];
    slotsAt: number;
  }): Promise<void> {
    return this.serial(async () => {
      const exists = new TesseraError(
        'E_VAULT_EXISTS',
        'A vault already exists in this browser profile.',
      );
      if (await this.store.getHeader()) throw exists;
      const created = await this.store.createHeader({
        ...restored.header,
        slotsChangedAt: restored.slotsAt,
      });
      if (!created) throw exists;
      await this.store.putRecords([...restored.records]);
      await this.load(restored.masterKey);
    });
  }

  /**
   * Newer slots from another profile's backup (its passphrase changed): they replace ours, so
   * the old passphrase stops working here too. The backup authenticated them with the master
   * key; older or equal slots are ignored.
   */
  adoptKeySlots(slots: readonly KeySlot[], slotsAt: number): Promise<boolean> {
    return this.serial(async () => {
      this.requireKey();
      const header = await this.store.getHeader();
      if (!header || slotsAt <= slotsAtOf(header) || slots.length === 0) return false;
      await this.store.putHeader({ ...header, slots: [...slots], slotsChangedAt: slotsAt });
      this.emit('slots');
      return true;
    });
  }

  /**
   * Re-wraps the master key under a new passphrase. The recovery slot stays, so the recovery
   * key keeps working; the backup carries the new slots to every profile.
   */
  changePassphrase(current: string, next: string, confirm?: string): Promise<void> {
    return this.serial(async () => {
      const key = this.requireKey();
      checkNewPassphrase(next, confirm ?? next);
      const header = await this.provePassphrase(key, current);
      const slot = await createPassphraseSlot(key, next);
      await this.replaceSlots(header, 'passphrase', slot);
    });
  }

  /** A new recovery key (shown once by the caller); the old one stops working. */
  regenerateRecoveryKey(passphrase: string): Promise<{ recoveryKey: string }> {
    return this.serial(async () => {
      const key = this.requireKey();
      const header = await this.provePassphrase(key, passphrase);
      const recoveryKey = generateRecoveryKey();
      await this.replaceSlots(header, 'recovery', await createRecoverySlot(key, recoveryKey));
      return { recoveryKey };
    });
  }

  private async provePassphrase(key: Uint8Array, passphrase: string): Promise<VaultHeader> {
    const header = await this.store.getHeader();
    if (!header) throw new TesseraError('E_NO_VAULT', 'There is no vault yet. Create one first.');
    const proof = await unlockWithPassphrase(header.slots, String(passphrase));
    const same = equalBytes(proof, key);
    proof.fill(0);
    if (!same) throw new TesseraError('E_BAD_PASSPHRASE', 'Wrong passphrase.');
    return header;
  }

  private async replaceSlots(
    header: VaultHeader,
    kind: KeySlot['kind'],
    slot: KeySlot,
  ): Promise<void> {
    const slots = [...header.slots.filter((s) => s.kind !== kind), slot];
    const slotsChangedAt = Math.max(this.now(), slotsAtOf(header) + 1);
    await this.store.putHeader({ ...header, slots, slotsChangedAt });
    this.emit('slots');
  }

  private get(id: string): Account {
    const a = this.accounts.get(id);
    if (!a) throw new TesseraError('E_NOT_FOUND', 'That account is not in your vault.');
    return a;
  }
}

function setFlag(account: Account, flag: 'subdomains' | 'autoFill', on: boolean): void {
  if (on) account[flag] = true;
  else delete account[flag];
}

async function isGenuine(key: Uint8Array, remote: BackupHeader): Promise<boolean> {
  try {
    await verifyHeader(key, remote);
    return true;
  } catch {
    return false;
  }
}

function slotsAtOf(header: VaultHeader): number {
  return header.slotsChangedAt ?? header.createdAt;
}

function clip(s: string): string {
  return [...s].slice(0, MAX_TEXT).join('');
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
