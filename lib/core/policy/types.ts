/**
 * What an organisation may decide for its staff through the browser's managed storage
 * (public/managed_schema.json; docs/policy.md says how to deploy it). Absent means "not set":
 * the user decides.
 */
export interface Policy {
  /** New passphrases (create, change) must have at least this many characters. */
  minPassphraseLength?: number;
  /** Auto-lock must happen after at most this many idle minutes ("never" is not offered). */
  maxAutoLockMinutes?: number;
  /** Only the encrypted Tessera file may be exported; no plain text, Aegis JSON or QR codes. */
  disablePlainTextExport?: boolean;
  /** Backup to browser sync storage is off and cannot be turned on. */
  disableSyncBackup?: boolean;
}

export type PolicyKey = keyof Policy;

/** The policy in force, and the managed values that were ignored because they are invalid. */
export interface PolicyView {
  policy: Policy;
  /** Managed keys that were refused: wrong type, out of range, or not a key Tessera knows. */
  ignored: string[];
}
