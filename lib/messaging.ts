import { defineExtensionMessaging } from '@webext-core/messaging';
import type {
  AutofillFillResult,
  AutofillFillTabResult,
  AutofillQuery,
  AutofillResumeResult,
  AutofillSettings,
  AutofillTabState,
  AutofillTrigger,
} from './core/autofill/protocol';
import type { FramePin } from './core/autofill/pin';
import type { Result } from './core/errors';
import type {
  BackupRemovalAnswer,
  BackupStatusView,
  BackupRosterView,
  BackupVerifyView,
  RemoteBackupInfo,
} from './core/backup/protocol';
import type {
  TransferApplyRequest,
  TransferApplyResult,
  TransferExport,
  TransferExportRequest,
  TransferPreview,
  TransferPreviewRequest,
} from './core/transfer/protocol';
import type { KitAutoSaveView } from './core/kit/autoSave';
import type { ClockVerdict } from './core/otp';
import type { CodeHelp } from './core/vault/view';
import type { OtpWarning } from './core/otp/types';
import type { PolicyView } from './core/policy/types';
import type { GeneralSettings } from './core/settings/general';
import type { AutoLock } from './core/vault/autolock';
import type { AccountInput, AccountPatch, UnlockInput } from './core/vault/inputs';
import type { JoinOffer, JoinResult } from './core/vault/join';
import type { PasskeyGrant, PasskeyInfo } from './core/vault/passkeys';
import type { RehearsalView } from './core/vault/rehearsal';
import type { AccountDetails, AccountView } from './core/vault/view';
import type {
  ScanAddRequest,
  ScanAddResult,
  ScanImageRequest,
  ScanOutcome,
  ScanPreview,
  ScanTabRequest,
} from './core/scan/protocol';

export type { AutoLock, AccountDetails, AccountView, AccountInput, AccountPatch, UnlockInput };

export type VaultState = 'none' | 'locked' | 'unlocked';

export interface VaultStatus {
  state: VaultState;
  autoLock: AutoLock;
  /** Accounts the last unlock found rolled back to an older stored copy; absent when none. */
  rolledBack?: number;
  /**
   * With no vault: records of an earlier vault whose header is gone (part of the browser's
   * storage was cleared). A new or restored vault keeps them aside, untouched.
   */
  leftovers?: number;
}

/**
 * What the popup asks for as it opens, in one round trip: the vault's status and, when it is
 * unlocked, the first rows of the list with their codes (never more while locked).
 */
export interface VaultOpening {
  status: VaultStatus;
  /** The first accounts in list order; null unless the vault is unlocked. */
  accounts: AccountView[] | null;
  /** How many accounts the whole list has (0 unless unlocked). */
  total: number;
}

/**
 * The one protocol between every context and the background. Each route is checked by the
 * router against who may call it (see entrypoints/background/router.ts).
 */
export interface ProtocolMap {
  'vault.status'(): Result<VaultStatus>;
  /** The popup's first message: status, plus the first `first` rows when unlocked. */
  'vault.open'(data: { first: number }): Result<VaultOpening>;
  'vault.create'(data: { passphrase: string; confirm?: string }): Result<{ recoveryKey: string }>;
  'vault.unlock'(data: UnlockInput): Result<VaultStatus>;
  'vault.lock'(): Result<VaultStatus>;
  /** A vault that cannot be opened goes aside, untouched; the profile is back at first run. */
  'vault.startOver'(): Result<VaultStatus>;
  'vault.setAutoLock'(data: AutoLock): Result<VaultStatus>;
  'vault.list'(): Result<AccountView[]>;
  'account.add'(data: AccountInput): Result<{ id: string; warnings: OtpWarning[] }>;
  'account.addMany'(data: { uris: string[] }): Result<{ added: number }>;
  'account.update'(data: { id: string; patch: AccountPatch }): Result<AccountView>;
  /** The Edit dialog's recovery codes and notes (extension pages only). */
  'account.details'(data: { id: string }): Result<AccountDetails>;
  /** How many accounts keep no recovery codes (Settings). */
  'account.withoutRecoveryCodes'(): Result<{ count: number }>;
  'account.delete'(data: { id: string }): Result<null>;
  'account.undelete'(data: { id: string }): Result<null>;
  'account.reorder'(data: { ids: string[] }): Result<null>;
  'account.hotpNext'(data: { id: string }): Result<AccountView>;
  /** "Code not accepted?": the previous, current and next codes of a time-based account. */
  'account.codeHelp'(data: { id: string }): Result<CodeHelp>;
  /**
   * One request to the account's first bound site for its `Date` header (needs the optional
   * host permission for that origin, which the page asks for first).
   */
  'clock.check'(data: { id: string }): Result<ClockVerdict & { origin: string }>;
  /** After a copy: clear the clipboard after the chosen delay if it still holds this code. */
  'clipboard.scheduleClear'(data: { code: string }): Result<null>;
  // Autofill. Content scripts may call only these four; the background identifies the
  // frame from the browser-set sender, never from the payload.
  /** A frame reports how many code fields it has now (the popup's "Fill" uses it). */
  'autofill.found'(data: { fields: number; focused?: boolean }): Result<null>;
  /** May this frame get codes, and for which accounts (names only)? */
  'autofill.query'(): Result<AutofillQuery>;
  /** One code for this frame's site; without accountId only when exactly one account matches. */
  'autofill.fill'(data: {
    accountId?: string;
    trigger: AutofillTrigger;
  }): Result<AutofillFillResult>;
  /** Vault locked: remember this fill and show the popup; it happens after unlocking. */
  'autofill.unlock'(data: { accountId?: string }): Result<null>;
  // Extension pages (the popup):
  'autofill.tabState'(data: { tabId: number }): Result<AutofillTabState>;
  /** remember: bind the page's site to an account that has no site yet, then fill. */
  'autofill.fillTab'(data: {
    tabId: number;
    accountId: string;
    remember?: boolean;
    /** The page the popup showed (AutofillTabState.frame); anything else is E_PAGE_CHANGED. */
    frame: FramePin;
  }): Result<AutofillFillTabResult>;
  /** After an unlock: perform the fill a locked inline button postponed, if any. */
  'autofill.resume'(): Result<AutofillResumeResult>;
  'autofill.getSettings'(): Result<AutofillSettings>;
  'autofill.setSettings'(data: AutofillSettings): Result<AutofillSettings>;
  // Transfer, extension pages only. Previews carry names, never secrets; secrets leave
  // the background only in transfer.export, after the passphrase is checked again.
  'transfer.preview'(data: TransferPreviewRequest): Result<TransferPreview>;
  /** One transaction: every new account and chosen name update, or nothing. */
  'transfer.apply'(data: TransferApplyRequest): Result<TransferApplyResult>;
  'transfer.export'(data: TransferExportRequest): Result<TransferExport>;
  /** Emergency kit auto-save to Downloads: on only while the optional permission is granted. */
  'transfer.kitAutoSave'(): Result<KitAutoSaveView>;
  'transfer.kitAutoSaveSet'(data: { enabled: boolean }): Result<KitAutoSaveView>;
  // Backup through browser sync storage, extension pages only.
  'backup.status'(): Result<BackupStatusView>;
  'backup.setEnabled'(data: { enabled: boolean }): Result<BackupStatusView>;
  /** "Back up now": merges with sync storage and writes what changed; waits for the result. */
  'backup.syncNow'(): Result<BackupStatusView>;
  /** The user's answer when another profile deleted several accounts at once. */
  'backup.resolveRemovals'(data: { choice: BackupRemovalAnswer }): Result<BackupStatusView>;
  /** Decrypts the backup and compares it with the vault. */
  'backup.verify'(): Result<BackupVerifyView>;
  /** The browsers that hold the backup (the roster), this one first. */
  'backup.roster'(): Result<BackupRosterView>;
  /** Renames this browser in the roster. */
  'backup.renameDevice'(data: { name: string }): Result<BackupRosterView>;
  /** Forgets another browser: its roster entry goes; a browser still in use lists itself again. */
  'backup.forgetDevice'(data: { id: string }): Result<BackupRosterView>;
  /** First run: is there a backup to restore? (No key needed, nothing secret returned.) */
  'backup.remoteStatus'(): Result<RemoteBackupInfo>;
  /** First run: restore the vault from sync storage; it opens with every account. */
  'backup.restore'(data: UnlockInput): Result<{ accounts: number; status: VaultStatus }>;
  /** Whether sync storage holds another vault's backup this profile can join (unlocked only). */
  'backup.joinOffer'(): Result<JoinOffer & { neverLock: boolean }>;
  /** Joins that vault: both sets of accounts merged; it then unlocks with that vault's secrets. */
  'backup.join'(data: UnlockInput): Result<JoinResult>;
  /** Replaces the backup with this vault's: the other vault's passphrase or the typed word. */
  'backup.replace'(data: UnlockInput | { typed: string }): Result<null>;
  /** Re-wraps the key; the recovery key keeps working; other profiles follow via the backup. */
  'vault.changePassphrase'(data: { current: string; next: string; confirm: string }): Result<null>;
  /** Replaces the recovery key (the old one stops working); the new one is shown once. */
  'vault.regenerateRecoveryKey'(data: { passphrase: string }): Result<{ recoveryKey: string }>;
  /** Recovery rehearsal: the schedule and the last passed check (no secret). */
  'vault.rehearsal'(): Result<RehearsalView>;
  /** Checks the recovery key against the vault without changing it; a pass records the date. */
  'vault.rehearse'(data: { recoveryKey: string }): Result<RehearsalView>;
  /** Sets how often to rehearse, or notes that the prompt was dismissed this period. */
  'vault.rehearsalSet'(data: { intervalDays?: number; dismiss?: true }): Result<RehearsalView>;
  // Passkey unlock (WebAuthn PRF), extension pages only. WebAuthn runs in the page; only the
  // credential id and its PRF output come here, to open the passkey slot once.
  /** The passkeys that open this vault (public data; answered while locked). */
  'vault.passkeys'(): Result<PasskeyInfo[]>;
  'vault.unlockPasskey'(data: { credential: string; output: string }): Result<VaultStatus>;
  /** "Add a passkey", step one: the passphrase again; returns what to ask the authenticator. */
  'vault.preparePasskey'(data: { passphrase: string }): Result<PasskeyGrant>;
  'vault.addPasskey'(data: {
    grant: string;
    credential: string;
    output: string;
  }): Result<PasskeyInfo>;
  'vault.removePasskey'(data: { id: string }): Result<null>;
  // Scan, extension pages only. Previews carry names, never secrets; the site comes from
  // the scanned tab as the browser reports it, never from the QR code.
  'scan.tab'(data: ScanTabRequest): Result<ScanPreview>;
  /** "Select area": overlay in the tab, then the dragged region is decoded at full resolution. */
  'scan.area'(data: ScanTabRequest): Result<ScanPreview>;
  'scan.cancelArea'(data: ScanTabRequest): Result<null>;
  /** The result of a "Select area" whose popup closed meanwhile; taken once. */
  'scan.pending'(): Result<ScanOutcome | null>;
  'scan.image'(data: ScanImageRequest): Result<ScanPreview>;
  'scan.add'(data: ScanAddRequest): Result<ScanAddResult>;
  'scan.discard'(data: { scanId: string }): Result<null>;
  // Settings and admin policy, extension pages only.
  /** The organisation's policy as read from managed storage (empty when none is deployed). */
  'policy.get'(): Result<PolicyView>;
  'settings.get'(): Result<GeneralSettings>;
  /** Stores the given fields; values a policy forbids are refused with E_POLICY. */
  'settings.set'(data: Partial<GeneralSettings>): Result<GeneralSettings>;
}

export type RouteName = keyof ProtocolMap;

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
