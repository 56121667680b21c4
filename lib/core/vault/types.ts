import type { KeySlot, PasskeySlot } from '../crypto';
import type { OtpAccount } from '../otp/types';
import type { RecoveryCode } from './recoveryCodes';
import type { SealedVersion } from './version';

export const VAULT_FORMAT_VERSION = 1;

/** An account as the background holds it in memory once the vault is unlocked. */
export interface Account extends OtpAccount {
  id: string;
  /** ms since epoch; strictly increases on every change so "the later edit wins" is well defined. */
  updatedAt: number;
  /** Bound sites: origins (https://host[:port]) where this account's code may be filled. */
  sites: string[];
  pinned: boolean;
  order: number;
  /** Autofill also on other hosts of each site's registrable domain (user's choice; absent = no). */
  subdomains?: boolean;
  /** Autofill as soon as a code field is focused, when this is the only match (absent = no). */
  autoFill?: boolean;
  /** Normalised tags (tags.ts); absent when there are none, so untagged records stay as they were. */
  tags?: string[];
  /** Icon choice (tags.ts normalizeIconChoice): absent = automatic, '' = none, else an icon key. */
  icon?: string;
  /**
   * Seconds added to this computer's clock for this account's codes (absent = 0). Kept in the
   * vault's record only: it corrects this computer's clock, so backups and exports leave it out.
   */
  timeOffset?: number;
  /** The site's recovery codes (recoveryCodes.ts); absent when none. Never in AccountView. */
  recoveryCodes?: RecoveryCode[];
  /** The user's notes; absent when empty. Never in AccountView. */
  notes?: string;
}

/**
 * One account at rest. Only the id, the change time and the deletion flag are readable (sync
 * needs them to merge); everything else is sealed with the master key, and those readable
 * fields are bound as additional data so they cannot be altered without detection.
 */
export interface StoredRecord {
  id: string;
  updatedAt: number;
  /** 1 = tombstone. A number, not a boolean, so IndexedDB could index it. */
  deleted: 0 | 1;
  iv: string;
  ct: string;
}

/** The vault's header: format and the slots that can open the master key. */
export interface VaultHeader {
  formatVersion: number;
  createdAt: number;
  slots: KeySlot[];
  /**
   * When the slots last changed (passphrase changed, recovery key regenerated, or adopted from
   * a backup). Backups carry it so the newest slots win between profiles. Absent in vaults
   * written before backup existed: `createdAt` stands in.
   */
  slotsChangedAt?: number;
  /** Public fingerprint of the master key (backup/format/header vaultIdOf), recorded at unlock. */
  vaultId?: string;
  /**
   * "Unlock with a passkey" slots. Apart from `slots` on purpose: they stay in this profile
   * and are never part of a backup, an export or a slot change adopted from another profile.
   */
  passkeys?: StoredPasskey[];
  /**
   * Every record's latest change time and the highest HOTP counters, sealed with the master
   * key (version.ts), so a record rolled back to an older sealed copy is noticed at unlock.
   * Absent in vaults written before it existed: the first unlock records it.
   */
  recordsVersion?: SealedVersion;
}

export interface StoredPasskey {
  slot: PasskeySlot;
  addedAt: number;
}

/** Where the service keeps records; the platform implements it with IndexedDB. */
export interface VaultStore {
  getHeader(): Promise<VaultHeader | undefined>;
  /** Writes the header only when none exists; returns false when one does (two first runs). */
  createHeader(header: VaultHeader): Promise<boolean>;
  putHeader(header: VaultHeader): Promise<void>;
  listRecords(): Promise<StoredRecord[]>;
  /** All records in one transaction: either every one is stored or none is. */
  putRecords(records: StoredRecord[]): Promise<void>;
  /**
   * Moves the header (if any) and every record out of the vault into a copy kept aside,
   * untouched, and returns how many records moved. The copy is complete before anything is
   * removed, so an interruption leaves the data in one place or both, never in neither.
   */
  setAside(): Promise<number>;
  /**
   * Joining another vault: copies the header and records aside (as setAside), then replaces
   * them with these in ONE transaction, so a stop at any moment leaves the old vault or the new
   * one, never a mix.
   */
  replaceVault(header: VaultHeader, records: StoredRecord[]): Promise<void>;
}

/** Where the unlocked key survives a service-worker restart (storage.session in the browser). */
export interface KeyCache {
  get(): Promise<Uint8Array | null>;
  set(key: Uint8Array): Promise<void>;
  clear(): Promise<void>;
}
