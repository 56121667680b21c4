import type { BackupHeader } from '../backup/format/header';
import type { KeySlot, PasskeyUnlockOutput } from '../crypto';
import type { OtpAccount, OtpWarning } from '../otp/types';
import type { ImportedAccount } from '../transfer/types';
import { VaultAccounts } from './accounts';
import { VaultBackupPort } from './backupPort';
import type { AccountInput, AccountPatch, UnlockInput } from './inputs';
import { PasskeySession } from './passkeySession';
import type { PasskeyGrant, PasskeyInfo } from './passkeys';
import { VaultSession, type VaultServiceState } from './session';
import { VaultState, type VaultChange } from './state';
import type { JoinedVault } from './join';
import type { ImportChoice, ImportPlan } from './transferPlan';
import type { Account, KeyCache, StoredRecord, VaultHeader, VaultStore } from './types';
import type { AccountDetails, AccountView, CodeHelp } from './view';

export type { VaultChange, VaultServiceState };

/**
 * The vault as the background sees it: one object for the routes, composed of the session
 * (lifecycle and key slots: session.ts, passkeySession.ts), the accounts (accounts.ts) and the
 * backup port (backupPort.ts). Pure: storage and the key cache are injected, so the same logic
 * runs against IndexedDB in the browser and against memory in unit tests.
 *
 * The parts share one state and one mutation queue (state.ts), because the browser delivers
 * messages concurrently and two "next HOTP code" clicks must never hand out the same counter.
 */
export class VaultService {
  private readonly v: VaultState;
  private readonly session: VaultSession;
  private readonly passkeySession: PasskeySession;
  private readonly accounts: VaultAccounts;
  private readonly backup: VaultBackupPort;

  constructor(store: VaultStore, keyCache: KeyCache, now: () => number = Date.now) {
    this.v = new VaultState(store, keyCache, now);
    this.session = new VaultSession(this.v);
    this.passkeySession = new PasskeySession(this.v, this.session);
    this.accounts = new VaultAccounts(this.v, this.session);
    this.backup = new VaultBackupPort(this.v, this.session);
  }

  /** Called after every successful change; returns the function that stops listening. */
  onChange(listener: (change: VaultChange) => void): () => void {
    return this.v.onChange(listener);
  }

  // --- Session ----------------------------------------------------------------------------

  state(): Promise<VaultServiceState> {
    return this.session.state();
  }
  leftovers(): Promise<number> {
    return this.session.leftovers();
  }
  startOver(): Promise<void> {
    return this.session.startOver();
  }
  create(passphrase: string, confirm?: string): Promise<{ recoveryKey: string }> {
    return this.session.create(passphrase, confirm);
  }
  unlock(input: UnlockInput, remote?: BackupHeader | null): Promise<void> {
    return this.session.unlock(input, remote);
  }
  lock(): Promise<void> {
    this.passkeySession.forget();
    return this.session.lock();
  }
  rolledBack(): string[] {
    return this.session.rolledBack();
  }
  masterKeyForDeviceSlot(): Uint8Array {
    return this.session.masterKeyForDeviceSlot();
  }
  changePassphrase(current: string, next: string, confirm?: string): Promise<void> {
    return this.session.changePassphrase(current, next, confirm);
  }
  regenerateRecoveryKey(passphrase: string): Promise<{ recoveryKey: string }> {
    return this.session.regenerateRecoveryKey(passphrase);
  }
  checkRecoveryKey(recoveryKey: string): Promise<void> {
    return this.session.checkRecoveryKey(recoveryKey);
  }
  passkeys(): Promise<PasskeyInfo[]> {
    return this.passkeySession.passkeys();
  }
  unlockWithPasskey(answer: PasskeyUnlockOutput): Promise<void> {
    return this.passkeySession.unlockWithPasskey(answer);
  }
  preparePasskey(passphrase: string): Promise<PasskeyGrant> {
    return this.passkeySession.preparePasskey(passphrase);
  }
  addPasskey(grant: string, passkey: { credential: string; output: string }): Promise<PasskeyInfo> {
    return this.passkeySession.addPasskey(grant, passkey);
  }
  removePasskey(id: string): Promise<void> {
    return this.passkeySession.removePasskey(id);
  }

  // --- Accounts ---------------------------------------------------------------------------

  list(): AccountView[] {
    return this.accounts.list();
  }
  head(count: number): { accounts: AccountView[]; total: number } {
    return this.accounts.head(count);
  }
  details(id: string): AccountDetails {
    return this.accounts.details(id);
  }
  withoutRecoveryCodes(): number {
    return this.accounts.withoutRecoveryCodes();
  }
  codeHelp(id: string): CodeHelp {
    return this.accounts.codeHelp(id);
  }
  accountsSnapshot(): Account[] {
    return this.accounts.accountsSnapshot();
  }
  add(input: AccountInput): Promise<{ id: string; warnings: OtpWarning[] }> {
    return this.accounts.add(input);
  }
  addMany(uris: readonly string[]): Promise<{ added: number }> {
    return this.accounts.addMany(uris);
  }
  addScanned(accounts: readonly OtpAccount[], site: string | null): Promise<{ ids: string[] }> {
    return this.accounts.addScanned(accounts, site);
  }
  update(id: string, patch: AccountPatch): Promise<AccountView> {
    return this.accounts.update(id, patch);
  }
  delete(id: string): Promise<void> {
    return this.accounts.delete(id);
  }
  undelete(id: string): Promise<void> {
    return this.accounts.undelete(id);
  }
  reorder(ids: readonly string[]): Promise<void> {
    return this.accounts.reorder(ids);
  }
  hotpNext(id: string): Promise<AccountView> {
    return this.accounts.hotpNext(id);
  }
  planImport(imported: readonly ImportedAccount[]): ImportPlan {
    return this.accounts.planImport(imported);
  }
  applyImport(
    imported: readonly ImportedAccount[],
    choice: ImportChoice,
  ): Promise<{ added: number; updated: number }> {
    return this.accounts.applyImport(imported, choice);
  }
  exportAccounts(
    passphrase: string,
  ): Promise<{ accounts: Account[]; slots: KeySlot[]; records: StoredRecord[] }> {
    return this.accounts.exportAccounts(passphrase);
  }

  // --- Backup port ------------------------------------------------------------------------

  backupKeys(): Promise<{ masterKey: Uint8Array; slots: KeySlot[]; slotsAt: number }> {
    return this.backup.backupKeys();
  }
  storedRecords(): Promise<StoredRecord[]> {
    return this.backup.storedRecords();
  }
  sealedExport(): Promise<{ slots: KeySlot[]; records: StoredRecord[] }> {
    return this.backup.sealedExport();
  }
  applyRemote(records: readonly StoredRecord[]): Promise<{ applied: number }> {
    return this.backup.applyRemote(records);
  }
  adoptRestored(restored: {
    header: VaultHeader;
    masterKey: Uint8Array;
    records: readonly StoredRecord[];
    slotsAt: number;
  }): Promise<void> {
    return this.backup.adoptRestored(restored);
  }
  adoptKeySlots(slots: readonly KeySlot[], slotsAt: number): Promise<boolean> {
    return this.backup.adoptKeySlots(slots, slotsAt);
  }
  adoptJoined(joined: JoinedVault): Promise<void> {
    return this.backup.adoptJoined(joined, () => this.passkeySession.forget());
  }
}
