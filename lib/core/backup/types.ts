import type { TesseraError } from '../errors';
import type { Account } from '../vault/types';

/**
 * One account as the backup carries it. Live records hold the whole account; tombstones only
 * the id and the time of deletion (all a merge needs to keep a deleted account deleted).
 */
export type BackupRecord =
  | { id: string; updatedAt: number; deleted: 0; account: Account }
  | { id: string; updatedAt: number; deleted: 1 };

/** What ever-changing profiles compare to merge: who is newer, and are two versions equal. */
export interface Versioned {
  id: string;
  updatedAt: number;
  deleted: 0 | 1;
  /**
   * Digest of the content (hex; '' for tombstones), so two profiles that wrote the same id at
   * the same millisecond agree on a winner without looking at ciphertext (whose IV is random).
   */
  digest: string;
}

export type BackupEntry = BackupRecord & Versioned;

/**
 * What can be wrong with the remote. Each kind is a TesseraError with a stable code
 * (E_CORRUPT unless said otherwise) and `detail.problem` = the kind:
 * - 'missing-header'  shards without the header item (nobody can restore from them);
 * - 'missing'         part of the id space is covered by no shard (an item deleted, or a write
 *                     still arriving): accounts there are unknown, never taken as deleted;
 * - 'truncated'       an item's text or bytes end early;
 * - 'malformed'       not something this format writes (bad characters, fields, lengths);
 * - 'misplaced'       an item stored under another item's key (reordered items);
 * - 'tampered'        authentication failed (a flipped bit, or another key wrote it);
 * - 'stale'           an item from an older generation of the backup (before a reset);
 * - 'foreign'         the backup belongs to another vault (another master key);
 * - 'unsupported-version'  written by a newer Tessera: E_UNSUPPORTED_VERSION, left alone;
 * - 'kdf-params'      a key slot's KDF settings are out of bounds: E_KDF_PARAMS.
 */
export type RemoteProblemKind =
  | 'missing-header'
  | 'missing'
  | 'truncated'
  | 'malformed'
  | 'misplaced'
  | 'tampered'
  | 'stale'
  | 'foreign'
  | 'unsupported-version'
  | 'kdf-params';

export interface RemoteProblem {
  kind: RemoteProblemKind;
  /** The sync item concerned, when there is one. */
  key?: string;
  error: TesseraError;
}
