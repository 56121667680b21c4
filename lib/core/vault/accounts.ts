import type { KeySlot } from '../crypto';
import { TesseraError } from '../errors';
import { codeWindows, hotpCode, validateOtpParams } from '../otp';
import type { CodeWindow } from '../otp';
import type { OtpAccount, OtpWarning } from '../otp/types';
import type { ImportedAccount } from '../transfer/types';
import { sameNameDifferentSecret, secretConflicts } from './conflicts';
import { accountFromInput, accountFromUri } from './fromInput';
import type { AccountInput, AccountPatch } from './inputs';
import { applyPatch, clipText } from './patch';
import { openAccount, sealAccount } from './records';
import { hasRecoveryCodes } from './recoveryCodes';
import type { VaultSession } from './session';
import { normalizeSites } from './sites';
import { liftCounter, type VaultState } from './state';
import { accountTime } from './timeOffset';
import {
  buildImportChanges,
  loginIndex,
  planImport,
  sameAccountKey,
  type ImportChoice,
  type ImportPlan,
} from './transferPlan';
import type { Account, StoredRecord } from './types';
import { compareAccounts, toDetails, toView, type AccountDetails, type AccountView } from './view';
import type { CodeHelp } from './view';

/**
 * The vault's data while unlocked: listing, adding, editing, deleting, HOTP counters, import
 * and export. Every change runs in the shared queue (state.ts).
 */
export class VaultAccounts {
  constructor(
    private readonly v: VaultState,
    private readonly session: VaultSession,
  ) {}

  private readonly codeOf = (p: Account['otp'], atMs: number): string =>
    this.v.codes.codeAt(p, atMs);

  list(): AccountView[] {
    return this.head(Infinity).accounts;
  }

  /**
   * The first `count` accounts of the list, in its order, and how many there are in all: what
   * the popup shows before the rest arrives, without working out every other account's code.
   */
  head(count: number): { accounts: AccountView[]; total: number } {
    this.v.requireKey();
    const now = this.v.now();
    const all = [...this.v.accounts.values()];
    const conflicts = secretConflicts(all);
    const accounts = all
      .sort(compareAccounts)
      .slice(0, count)
      .map((a) => toView(a, now, undefined, conflicts.has(a.id), this.codeOf));
    return { accounts, total: all.length };
  }

  /** Recovery codes and notes of one account, for the Edit dialog only (never the list). */
  details(id: string): AccountDetails {
    this.v.requireKey();
    return toDetails(this.v.get(id));
  }

  /** How many accounts keep no recovery codes (Settings says so). */
  withoutRecoveryCodes(): number {
    this.v.requireKey();
    let n = 0;
    for (const a of this.v.accounts.values()) if (!hasRecoveryCodes(a)) n++;
    return n;
  }

  /**
   * "Code not accepted?": the codes of the time steps around now with their times, and the
   * accounts with the same name but another secret (one of them may be stale).
   */
  codeHelp(id: string): CodeHelp {
    this.v.requireKey();
    const account = this.v.get(id);
    if (account.otp.type === 'hotp') {
      throw new TesseraError('E_BAD_REQUEST', 'Counter-based (HOTP) accounts have no time steps.');
    }
    // Computed for the account's time, then given in this computer's time as the row shows it.
    const now = this.v.now();
    const shift = accountTime(now, account.timeOffset) - now;
    const w = codeWindows(account.otp, now + shift);
    const local = (c: CodeWindow): CodeWindow => ({
      code: c.code,
      validFrom: c.validFrom - shift,
      validUntil: c.validUntil - shift,
    });
    return {
      windows: { previous: local(w.previous), current: local(w.current), next: local(w.next) },
      sameNameDifferentSecret: sameNameDifferentSecret(this.v.snapshot(), id),
    };
  }

  /** Accounts for other background features (autofill, backup); never sent to other contexts. */
  accountsSnapshot(): Account[] {
    return this.v.snapshot();
  }

  add(input: AccountInput): Promise<{ id: string; warnings: OtpWarning[] }> {
    return this.v.serial(async () => {
      this.v.requireKey();
      const { account: data, warnings } = accountFromInput(input);
      const account = this.newAccount(data, this.v.nextOrder());
      const duplicate = loginIndex(this.v.accounts.values()).get(sameAccountKey(account));
      if (duplicate) {
        throw new TesseraError('E_DUPLICATE', 'This account is already in your vault.', {
          id: duplicate.id,
        });
      }
      await this.v.persist([account]);
      return { id: account.id, warnings };
    });
  }

  /** Adds many URIs in one transaction: all of them or none (a bad line names itself). */
  addMany(uris: readonly string[]): Promise<{ added: number }> {
    return this.v.serial(async () => {
      this.v.requireKey();
      const parsed = uris.map((uri, index) => {
        try {
          return accountFromUri(uri).account;
        } catch (e) {
          if (e instanceof TesseraError) {
            throw new TesseraError(e.code, `Line ${index + 1}: ${e.message}`, { line: index + 1 });
          }
          throw e;
        }
      });
      const batch = this.newAccounts(parsed, []);
      await this.v.persist(batch);
      return { added: batch.length };
    });
  }

  /**
   * Accounts the user confirmed from a scanned QR code, in one transaction, bound to `site`: the
   * origin of the tab the code was captured on, never anything the QR says (ARCHITECTURE.md,
   * invariant 4). An account whose secret and type are already in the vault is skipped.
   */
  addScanned(accounts: readonly OtpAccount[], site: string | null): Promise<{ ids: string[] }> {
    return this.v.serial(async () => {
      this.v.requireKey();
      for (const data of accounts) validateOtpParams(data.otp);
      const batch = this.newAccounts(accounts, site === null ? [] : normalizeSites([site]));
      await this.v.persist(batch);
      return { ids: batch.map((a) => a.id) };
    });
  }

  /** A new account at `order`, with names clipped and a private copy of the secret. */
  private newAccount(data: OtpAccount, order: number, sites: readonly string[] = []): Account {
    return {
      issuer: clipText(data.issuer),
      label: clipText(data.label),
      // A private copy: the caller may drop or reuse its parsed data while the vault keeps this.
      otp: { ...data.otp, secret: data.otp.secret.slice() },
      id: crypto.randomUUID(),
      updatedAt: this.v.nextUpdatedAt(),
      sites: [...sites],
      pinned: false,
      order,
    };
  }

  /** New accounts after the last one, leaving out any the vault or the batch already has. */
  private newAccounts(list: readonly OtpAccount[], sites: readonly string[]): Account[] {
    const known = loginIndex(this.v.accounts.values());
    let order = this.v.nextOrder();
    const batch: Account[] = [];
    for (const data of list) {
      const key = sameAccountKey(data);
      if (known.has(key)) continue;
      const account = this.newAccount(data, order++, sites);
      known.set(key, account);
      batch.push(account);
    }
    return batch;
  }

  update(id: string, patch: AccountPatch): Promise<AccountView> {
    return this.v.serial(async () => {
      this.v.requireKey();
      const current = this.v.get(id);
      const next = applyPatch(current, patch, this.v.nextUpdatedAt(current.updatedAt));
      await this.v.persist([next]);
      return toView(next, this.v.now(), undefined, this.hasSecretConflict(next.id));
    });
  }

  delete(id: string): Promise<void> {
    return this.v.serial(async () => {
      const key = this.v.requireKey();
      const current = this.v.get(id);
      const updatedAt = this.v.nextUpdatedAt(current.updatedAt);
      // The tombstone keeps the sealed account so "Undo" can bring it back.
      const tombstone = await sealAccount(key, { ...current, updatedAt }, 1);
      await this.v.store.putRecords([tombstone]);
      this.v.accounts.delete(id);
      this.v.tombstones.set(id, tombstone);
      await this.v.saveVersion([tombstone]);
      this.v.emit('records');
    });
  }

  undelete(id: string): Promise<void> {
    return this.v.serial(async () => {
      const key = this.v.requireKey();
      const tombstone = this.v.tombstones.get(id);
      if (!tombstone) throw new TesseraError('E_NOT_FOUND', 'That account is no longer available.');
      const account = await openAccount(key, tombstone);
      liftCounter(account, this.v.version);
      await this.v.persist([{ ...account, updatedAt: this.v.nextUpdatedAt(tombstone.updatedAt) }]);
    });
  }

  reorder(ids: readonly string[]): Promise<void> {
    return this.v.serial(async () => {
      this.v.requireKey();
      const seen = new Set<string>();
      const changed: Account[] = [];
      const moveTo = (a: Account, order: number): void => {
        if (a.order !== order) {
          changed.push({ ...a, order, updatedAt: this.v.nextUpdatedAt(a.updatedAt) });
        }
      };
      ids.forEach((id, index) => {
        if (seen.has(id)) {
          throw new TesseraError('E_BAD_REQUEST', 'The new order lists an account twice.');
        }
        seen.add(id);
        moveTo(this.v.get(id), index);
      });
      // Accounts the caller did not list keep their relative order after the listed ones.
      [...this.v.accounts.values()]
        .filter((a) => !seen.has(a.id))
        .sort(compareAccounts)
        .forEach((a, i) => moveTo(a, ids.length + i));
      if (changed.length > 0) await this.v.persist(changed);
    });
  }

  /**
   * HOTP: the stored counter is the next one to use. It is advanced and stored *before* the
   * code is returned, so a crash can skip a code but never show the same code twice.
   */
  hotpNext(id: string): Promise<AccountView> {
    return this.v.serial(async () => {
      this.v.requireKey();
      const current = this.v.get(id);
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
        updatedAt: this.v.nextUpdatedAt(current.updatedAt),
      };
      await this.v.persist([next]);
      const code = hotpCode(current.otp, counter);
      return toView(next, this.v.now(), code, this.hasSecretConflict(next.id));
    });
  }

  /** The merge preview of an import against the vault as it is now; nothing is written. */
  planImport(imported: readonly ImportedAccount[]): ImportPlan {
    return planImport(this.v.snapshot(), imported);
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
    return this.v.serial(async () => {
      const plan = planImport(this.v.snapshot(), imported);
      const { added, updated } = buildImportChanges(plan, imported, choice, {
        newId: () => crypto.randomUUID(),
        stamp: (previous) => this.v.nextUpdatedAt(previous),
        firstOrder: this.v.nextOrder(),
        clip: clipText,
      });
      await this.v.persist([...added, ...updated]);
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
    const header = await this.session.provePassphrase(passphrase);
    return this.v.serial(async () => {
      const { accounts, records } = await this.v.liveRecords();
      return { accounts, slots: header.slots, records };
    });
  }

  private hasSecretConflict(id: string): boolean {
    return secretConflicts(this.v.accounts.values()).has(id);
  }
}
