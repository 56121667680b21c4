import { vaultIdOf, verifyHeader, type BackupHeader } from '../backup/header';
import {
  checkNewPassphrase,
  createMasterKey,
  createPassphraseSlot,
  createRecoverySlot,
  createPasskeySlot,
  generateRecoveryKey,
  unlockWithPasskey,
  KdfBudget,
  unlockWithPassphrase,
  type PasskeyUnlockOutput,
  unlockWithRecoveryKey,
  type KeySlot,
} from '../crypto';
import { TesseraError } from '../errors';
import { MAX_LABEL_LENGTH, codeWindows, hotpCode, validateOtpParams } from '../otp';
import type { CodeWindow } from '../otp';
import { CodeMemo } from '../otp/codeMemo';
import type { OtpAccount, OtpWarning } from '../otp/types';
import { sameNameDifferentSecret, secretConflicts } from './conflicts';
import { accountFromInput, accountFromUri } from './fromInput';
import type { AccountInput, AccountPatch, UnlockInput } from './inputs';
import { openAccount, sealAccount } from './records';
import {
  PASSKEY_GRANT_MS,
  passkeyInfo,
  passkeysOf,
  vaultPrfSalt,
  withPasskey,
  withoutPasskey,
  type PasskeyGrant,
  type PasskeyInfo,
} from './passkeys';
import { normalizeSites } from './sites';
import { normalizeIconChoice, normalizeTags } from './tags';
import type { Account, KeyCache, StoredRecord, VaultHeader, VaultStore } from './types';
import { VAULT_FORMAT_VERSION } from './types';
import { hasRecoveryCodes, normalizeNotes, normalizeRecoveryCodes } from './recoveryCodes';
import { accountTime, checkTimeOffset } from './timeOffset';
import {
  compareAccounts,
  toDetails,
  toView,
  type AccountDetails,
  type AccountView,
  type CodeHelp,
} from './view';
import type { ImportedAccount } from '../transfer/types';
import { buildImportChanges, planImport, type ImportChoice, type ImportPlan } from './transferPlan';
import {
  advanceVersion,
  checkVersion,
  counterFloor,
  openVersion,
  sealVersion,
  type VaultVersion,
} from './version';

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
  /** The authenticated vault version (version.ts) and what the last unlock found rolled back. */
  private version: VaultVersion = new Map();
  private rollbacks: string[] = [];
  /** Codes of the list, reused across popup opens; dropped with the accounts on lock. */
  private codes = new CodeMemo();
  private reading: Promise<VaultServiceState> | null = null;
  private readonly codeOf = (p: Account['otp'], atMs: number): string => this.codes.codeAt(p, atMs);
  private queue: Promise<unknown> = Promise.resolve();
  private passkeyGrant: { grant: string; prfSalt: string; until: number } | null = null;
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
    // One look at a time: the popup asks for its status and its list at once, and each would
    // otherwise open every record again after a service-worker restart.
    this.reading ??= this.readState().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  private async readState(): Promise<VaultServiceState> {
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

  /**
   * Account records with no vault header to open them: part of the browser's storage was
   * cleared (site data, a reinstall under a new extension origin) and the header went while
   * records stayed. No key can open them here; a new or restored vault keeps them aside.
   */
  async leftovers(): Promise<number> {
    if (this.key || (await this.store.getHeader())) return 0;
    return (await this.store.listRecords()).length;
  }

  /** Before a new header is written: records no key of the new vault opens go aside first. */
  private async setAsideLeftovers(): Promise<void> {
    if ((await this.store.listRecords()).length > 0) await this.store.setAside();
  }

  /**
   * For a vault that cannot be opened (its data is damaged): it goes aside, untouched, and the
   * profile is back at its first run, where a backup can be restored or a new vault created.
   * Never while unlocked: a vault that opens is never set aside.
   */
  startOver(): Promise<void> {
    return this.serial(async () => {
      if (this.key) {
        throw new TesseraError(
          'E_VAULT_EXISTS',
          'The vault is open; there is nothing to start over.',
        );
      }
      await this.store.setAside();
      await this.keyCache.clear();
      this.accounts.clear();
      this.tombstones.clear();
    });
  }

  create(passphrase: string, confirm?: string): Promise<{ recoveryKey: string }> {
    return this.serial(async () => {
      checkNewPassphrase(passphrase, confirm ?? passphrase);
      if (await this.store.getHeader()) {
        throw new TesseraError('E_VAULT_EXISTS', 'A vault already exists in this browser profile.');
      }
      await this.setAsideLeftovers();
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
      // One budget for the whole unlock: local and remote slots together (kdfBudget.ts).
      const budget = new KdfBudget();
      const openWith = (slots: readonly unknown[]) =>
        'passphrase' in input
          ? unlockWithPassphrase([...slots], input.passphrase, budget)
          : unlockWithRecoveryKey([...slots], input.recoveryKey);
      const newer = remote && isNewerOwnHeader(header, remote) ? remote : null;
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
    this.passkeyGrant = null;
    this.accounts.clear();
    this.tombstones.clear();
    this.version = new Map();
    this.rollbacks = [];
    this.codes = new CodeMemo();
    await this.keyCache.clear();
    this.emit('locked');
  }

  private async load(masterKey: Uint8Array): Promise<void> {
    // The vault's public fingerprint, so a later unlock can tell this vault's backup header
    // from another vault's without the key (see unlock).
    const header = await this.store.getHeader();
    const vaultId = await vaultIdOf(masterKey);
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
    const stored = header?.recordsVersion
      ? await openVersion(masterKey, header.recordsVersion)
      : null;
    const check = checkVersion(stored, records, (id) => accounts.get(id));
    for (const account of accounts.values()) liftCounter(account, check.version);
    if (header && (header.vaultId !== vaultId || check.changed)) {
      const recordsVersion = await sealVersion(masterKey, check.version);
      await this.store.putHeader({ ...header, vaultId, recordsVersion });
    }
    this.version = check.version;
    this.rollbacks = check.rolledBack;
    this.key = masterKey;
    this.accounts = accounts;
    this.tombstones = tombstones;
    await this.keyCache.set(masterKey);
    this.emit('unlocked');
  }

  /**
   * Accounts whose stored record the last unlock found older than the vault version, or gone
   * (someone wrote an earlier copy into this profile's storage). Their HOTP counters were kept
   * at the highest value reached; a backup merge brings newer copies back.
   */
  rolledBack(): string[] {
    return [...this.rollbacks];
  }

  /** After records were stored: the vault version follows, second (see version.ts). */
  private async saveVersion(records: readonly StoredRecord[]): Promise<void> {
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
    const conflicts = secretConflicts(this.accounts.values());
    return [...this.accounts.values()]
      .sort(compareAccounts)
      .map((a) => toView(a, now, undefined, conflicts.has(a.id), this.codeOf));
  }

  /** Recovery codes and notes of one account, for the Edit dialog only (never the list). */
  details(id: string): AccountDetails {
    this.requireKey();
    return toDetails(this.get(id));
  }

  /** How many accounts keep no recovery codes (Settings says so). */
  withoutRecoveryCodes(): number {
    this.requireKey();
    let n = 0;
    for (const a of this.accounts.values()) if (!hasRecoveryCodes(a)) n++;
    return n;
  }

  private hasSecretConflict(id: string): boolean {
    return secretConflicts(this.accounts.values()).has(id);
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
    if (accounts.length === 0) return;
    await this.saveVersion(records);
    this.emit('records');
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
      if (patch.tags !== undefined) {
        if (!Array.isArray(patch.tags)) {
          throw new TesseraError('E_FIELD_INVALID', 'Tags must be a list.', { reason: 'tags' });
        }
        const tags = normalizeTags(patch.tags);
        if (tags.length > 0) next.tags = tags;
        else delete next.tags;
      }
      if (patch.icon !== undefined) {
        const icon = normalizeIconChoice(patch.icon);
        if (patch.icon !== null && icon === undefined) {
          throw new TesseraError('E_FIELD_INVALID', 'That is not an icon Tessera knows.', {
            reason: 'icon',
          });
        }
        if (icon !== undefined) next.icon = icon;
        else delete next.icon;
      }
      if (patch.timeOffset !== undefined) {
        const offset = checkTimeOffset(patch.timeOffset);
        if (offset === 0) delete next.timeOffset;
        else next.timeOffset = offset;
      }
      if (patch.recoveryCodes !== undefined) {
        const codes = normalizeRecoveryCodes(patch.recoveryCodes);
        if (codes.length > 0) next.recoveryCodes = codes;
        else delete next.recoveryCodes;
      }
      if (patch.notes !== undefined) {
        const notes = normalizeNotes(patch.notes);
        if (notes !== '') next.notes = notes;
        else delete next.notes;
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
      return toView(next, this.now(), undefined, this.hasSecretConflict(next.id));
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
      await this.saveVersion([tombstone]);
      this.emit('records');
    });
  }

  undelete(id: string): Promise<void> {
    return this.serial(async () => {
      const key = this.requireKey();
      const tombstone = this.tombstones.get(id);
      if (!tombstone) throw new TesseraError('E_NOT_FOUND', 'That account is no longer available.');
      const account = await openAccount(key, tombstone);
      liftCounter(account, this.version);
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
      return toView(
        next,
        this.now(),
        hotpCode(current.otp, counter),
        this.hasSecretConflict(next.id),
      );
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

  /**
   * The Tessera backup file's parts, for the kit auto-save: while unlocked only, like
   * exportAccounts but without the passphrase, since nothing leaves the background unsealed.
   */
  async sealedExport(): Promise<{ slots: KeySlot[]; records: StoredRecord[] }> {
    this.requireKey();
    const header = await this.store.getHeader();
    if (!header) throw new TesseraError('E_NO_VAULT', 'There is no vault yet. Create one first.');
    return this.serial(async () => {
      const accounts = this.accountsSnapshot();
      const position = new Map(accounts.map((a, i) => [a.id, i]));
      const records = (await this.store.listRecords())
        .filter((r) => r.deleted === 0 && position.has(r.id))
        .sort((a, b) => position.get(a.id)! - position.get(b.id)!);
      return { slots: header.slots, records };
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
      let lifted = false;
      for (const r of records) {
        const mine = this.accounts.get(r.id) ?? this.tombstones.get(r.id);
        if (mine) {
          if (r.updatedAt < mine.updatedAt) continue;
          // Same time: the merge compared against this very version; only a tombstone of ours
          // at the same time (a deletion here just now) outranks it.
          if (r.updatedAt === mine.updatedAt && this.tombstones.has(r.id)) continue;
        }
        if (r.deleted === 0) {
          let account: Account;
          try {
            account = await openAccount(key, r);
          } catch {
            continue;
          }
          // A later edit elsewhere (a rename) may carry a lower HOTP counter than this profile
          // reached: the merged account keeps the higher one, as a newer record of its own.
          const floor = Math.max(
            counterFloor(this.version, r.id) ?? 0,
            this.accounts.get(r.id)?.otp.counter ?? 0,
          );
          if (account.otp.type === 'hotp' && account.otp.counter < floor) {
            account = {
              ...account,
              otp: { ...account.otp, counter: floor },
              updatedAt: this.nextUpdatedAt(r.updatedAt),
            };
            live.set(r.id, account);
            accepted.push(await sealAccount(key, account));
            lifted = true;
            continue;
          }
          live.set(r.id, account);
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
      await this.saveVersion(accepted);
      this.emit('merged');
      // The lifted counter is a change of ours that the backup must carry to other profiles.
      if (lifted) this.emit('records');
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
      await this.setAsideLeftovers();
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

  /**
   * Recovery rehearsal: does this recovery key still open this vault? Nothing is changed. The
   * caller throttles it like every other guess.
   */
  async checkRecoveryKey(recoveryKey: string): Promise<void> {
    const key = this.requireKey();
    const header = await this.store.getHeader();
    if (!header) throw new TesseraError('E_NO_VAULT', 'There is no vault yet. Create one first.');
    const proof = await unlockWithRecoveryKey([...header.slots], String(recoveryKey));
    const same = equalBytes(proof, key);
    proof.fill(0);
    if (!same) throw new TesseraError('E_BAD_RECOVERY_KEY', 'Wrong recovery key.');
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

  // --- Passkey unlock (WebAuthn PRF). The page talks to the authenticator; only the PRF
  // output comes here, is used once to open a slot and is not kept.

  /** The passkeys that can open this vault; public data, so it is answered while locked. */
  async passkeys(): Promise<PasskeyInfo[]> {
    const header = await this.store.getHeader();
    return header ? passkeyInfo(header) : [];
  }

  unlockWithPasskey(answer: PasskeyUnlockOutput): Promise<void> {
    return this.serial(async () => {
      const header = await this.store.getHeader();
      if (!header) throw new TesseraError('E_NO_VAULT', 'There is no vault yet. Create one first.');
      const slots = passkeysOf(header).map((p) => p.slot);
      const key = await unlockWithPasskey(slots, answer);
      // A slot left from a vault this profile no longer holds (the key changed) opens a key
      // that is not this vault's: refuse it rather than show an empty vault.
      if (header.vaultId !== undefined && header.vaultId !== (await vaultIdOf(key))) {
        throw new TesseraError('E_BAD_PASSKEY', 'This passkey belongs to another vault.');
      }
      await this.load(key);
    });
  }

  /** Step one of "Add a passkey": the passphrase again, then what the page asks the authenticator. */
  preparePasskey(passphrase: string): Promise<PasskeyGrant> {
    return this.serial(async () => {
      const key = this.requireKey();
      const header = await this.provePassphrase(key, passphrase);
      const grant = { grant: crypto.randomUUID(), prfSalt: vaultPrfSalt(header) };
      this.passkeyGrant = { ...grant, until: this.now() + PASSKEY_GRANT_MS };
      return {
        ...grant,
        userId: await vaultIdOf(key),
        exclude: passkeyInfo(header).map((p) => p.credential),
      };
    });
  }

  /** Step two: the new credential and its PRF output, within the grant's time, once. */
  addPasskey(grant: string, passkey: { credential: string; output: string }): Promise<PasskeyInfo> {
    return this.serial(async () => {
      const key = this.requireKey();
      const held = this.passkeyGrant;
      this.passkeyGrant = null;
      if (!held || held.grant !== grant || this.now() > held.until) {
        throw new TesseraError('E_FORBIDDEN', 'Enter your passphrase again to add a passkey.', {
          reason: 'passkeyGrant',
        });
      }
      const header = await this.store.getHeader();
      if (!header) throw new TesseraError('E_NO_VAULT', 'There is no vault yet. Create one first.');
      const slot = await createPasskeySlot(key, { ...passkey, prfSalt: held.prfSalt });
      const addedAt = this.now();
      await this.store.putHeader(withPasskey(header, { slot, addedAt }));
      return { id: slot.id, credential: slot.kdf.credential, prfSalt: slot.kdf.prfSalt, addedAt };
    });
  }

  removePasskey(id: string): Promise<void> {
    return this.serial(async () => {
      this.requireKey();
      const header = await this.store.getHeader();
      if (!header) throw new TesseraError('E_NO_VAULT', 'There is no vault yet. Create one first.');
      await this.store.putHeader(withoutPasskey(header, id));
    });
  }

  private get(id: string): Account {
    const a = this.accounts.get(id);
    if (!a) throw new TesseraError('E_NOT_FOUND', 'That account is not in your vault.');
    return a;
  }
}

/** An HOTP account never uses a counter below the highest the vault version remembers. */
function liftCounter(account: Account, version: VaultVersion): void {
  const floor = counterFloor(version, account.id);
  if (account.otp.type === 'hotp' && floor !== null && account.otp.counter < floor) {
    account.otp = { ...account.otp, counter: floor };
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

/**
 * Cheap checks before any key derivation on a header from sync: newer slots, and (once this
 * profile knows its vault id) the same vault. Its authentication needs the master key, so it
 * comes right after the first slot opens; the KDF budget caps what an unauthenticated header
 * that copies our public vault id can cost.
 */
function isNewerOwnHeader(header: VaultHeader, remote: BackupHeader): boolean {
  if (remote.slotsAt <= slotsAtOf(header)) return false;
  return header.vaultId === undefined || remote.vault === header.vaultId;
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
