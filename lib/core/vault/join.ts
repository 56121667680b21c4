import { BackupEngine } from '../backup/engine';
import { vaultIdOf } from '../backup/format/header';
import { foreignBackupPresent, openForeignBackup, writeVerified } from '../backup/join';
import type { SyncArea } from '../backup/syncArea';
import type { BackupEntry } from '../backup/types';
import { KdfBudget, type KeySlot } from '../crypto';
import { TesseraError, isTesseraError } from '../errors';
import { encodeHex } from '../otp';
import type { UnlockInput } from './inputs';
import { openAccount, sealAccount } from './records';
import { normalizeTags } from './tags';
import { VAULT_FORMAT_VERSION, type Account, type StoredRecord, type VaultHeader } from './types';

/**
 * Joining the vault whose backup is in sync storage ("another vault's backup", E_VAULT_EXISTS
 * in the engine). This profile's accounts move under that vault's master key and key slots,
 * merged with the backup's, so every profile becomes a peer of one vault and nothing is lost.
 *
 * Order, and why it is crash-safe:
 *   1. open the backup with its passphrase or recovery key and decrypt its accounts;
 *   2. open this profile's records with the old key and re-seal them under the joined key;
 *   3. merge the two sets (mergeJoined);
 *   4. take the joined vault's key slots into a new local header;
 *   5. write the merged set into the backup and read it back (writeVerified);
 *   6. only then swap the local header and records in ONE store transaction (replaceVault),
 *      after the old ones were copied aside.
 * Until step 6 the old vault is untouched here (and its accounts already live in the joined
 * backup if step 5 ran, which is harmless: they belong there). Step 6 is atomic, so a stop at
 * any moment leaves the old vault intact or the joined one complete. The session key is
 * cleared before the swap: a stale key can never open the new header (load checks vault ids).
 */

/** The vault as join needs it (VaultService implements it). */
export interface JoinVaultPort {
  backupKeys(): Promise<{ masterKey: Uint8Array; slots: KeySlot[]; slotsAt: number }>;
  storedRecords(): Promise<StoredRecord[]>;
  passkeys(): Promise<unknown[]>;
  adoptJoined(joined: JoinedVault): Promise<void>;
}

export interface JoinedVault {
  header: VaultHeader;
  masterKey: Uint8Array;
  records: StoredRecord[];
  /** recordsFingerprint() of the records the join started from: refused if they changed. */
  expected: string;
}

export interface JoinOffer {
  /** Sync storage holds another vault's backup that this profile can join. */
  offered: boolean;
  /** Profile-only unlock methods that wrap the old key and end with the join. */
  passkeys: number;
}

export interface JoinResult {
  /** Live accounts in the joined vault. */
  accounts: number;
  /** Accounts of this profile that were already in the joined vault (same secret). */
  alreadyThere: number;
  /** Accounts this profile brought. */
  added: number;
}

/** Readable fields of every record: equal strings mean nothing changed in between. */
export function recordsFingerprint(records: readonly StoredRecord[]): string {
  return records
    .map((r) => `${r.id}\u0000${r.updatedAt}\u0000${r.deleted}\u0000${r.iv}`)
    .sort()
    .join('\u0001');
}

/** Same login: same type, secret and code parameters. */
function sameLogin(a: Account): string {
  const o = a.otp;
  return `${o.type}:${encodeHex(o.secret)}:${o.algorithm}:${o.digits}:${o.period}`;
}

function union(first: readonly string[], second: readonly string[]): string[] {
  return [...new Set([...first, ...second])];
}

/**
 * One account from two copies of the same login: the newer copy's names and choices, both
 * copies' sites and tags, the higher HOTP counter, and a change time newer than both so every
 * profile takes the result.
 */
function combine(kept: Account, other: Account, now: number): Account {
  const [newer, older] = kept.updatedAt >= other.updatedAt ? [kept, other] : [other, kept];
  const tags = normalizeTags(union(newer.tags ?? [], older.tags ?? []));
  const out: Account = {
    ...newer,
    id: kept.id,
    order: kept.order,
    updatedAt: Math.max(now, kept.updatedAt + 1, other.updatedAt + 1),
    sites: union(newer.sites, older.sites),
    otp: { ...newer.otp, counter: Math.max(kept.otp.counter, other.otp.counter) },
  };
  if (tags.length > 0) out.tags = tags;
  else delete out.tags;
  if (!out.recoveryCodes && older.recoveryCodes) out.recoveryCodes = older.recoveryCodes;
  if (!out.notes && older.notes) out.notes = older.notes;
  return out;
}

export interface JoinMerge {
  /** Every account and tombstone the joined vault holds locally, by id. */
  live: Account[];
  tombstones: Account[];
  alreadyThere: number;
  added: number;
}

/**
 * Merges this profile's accounts into the joined vault's. The same login (secret, type and
 * parameters) becomes one account under the joined vault's id (combine); the same name with
 * another secret stays two accounts, which conflicts.ts marks. The same id on both sides (a
 * join retried after its backup write) is one account: the newer version wins. This profile's
 * tombstones stay local (Undo); the backup's tombstones stay in the backup.
 */
export function mergeJoined(
  remote: readonly BackupEntry[],
  local: { live: readonly Account[]; tombstones: readonly Account[] },
  now: number,
): JoinMerge {
  const byId = new Map<string, Account>();
  const byLogin = new Map<string, string>();
  let maxOrder = -1;
  for (const e of remote) {
    if (e.deleted !== 0) continue;
    byId.set(e.id, e.account);
    if (!byLogin.has(sameLogin(e.account))) byLogin.set(sameLogin(e.account), e.id);
    maxOrder = Math.max(maxOrder, e.account.order);
  }
  const remoteTombs = new Set(remote.filter((e) => e.deleted === 1).map((e) => e.id));
  let alreadyThere = 0;
  let added = 0;
  const ordered = [...local.live].sort((a, b) => a.order - b.order);
  for (const a of ordered) {
    const sameId = byId.get(a.id);
    if (sameId) {
      if (a.updatedAt > sameId.updatedAt) byId.set(a.id, { ...a, order: sameId.order });
      alreadyThere++;
      continue;
    }
    if (remoteTombs.has(a.id)) {
      // Deleted in the joined vault after an earlier try brought it: the deletion stands,
      // unless this copy is newer (then it comes back, as any merge decides).
      const tomb = remote.find((e) => e.id === a.id)!;
      if (tomb.updatedAt >= a.updatedAt) continue;
    }
    const twinId = byLogin.get(sameLogin(a));
    if (twinId !== undefined) {
      byId.set(twinId, combine(byId.get(twinId)!, a, now));
      alreadyThere++;
      continue;
    }
    const moved: Account = { ...a, order: ++maxOrder };
    byId.set(a.id, moved);
    byLogin.set(sameLogin(a), a.id);
    added++;
  }
  const tombstones = local.tombstones.filter((t) => !byId.has(t.id) && !remoteTombs.has(t.id));
  return { live: [...byId.values()], tombstones, alreadyThere, added };
}

/** What Settings and the popup offer: join, when sync holds another vault's backup. */
export async function joinOffer(vault: JoinVaultPort, area: SyncArea): Promise<JoinOffer> {
  const { masterKey } = await vault.backupKeys();
  const offered = await foreignBackupPresent(area, await vaultIdOf(masterKey));
  return { offered, passkeys: offered ? (await vault.passkeys()).length : 0 };
}

const ATTEMPTS = 3;

/**
 * Joins the vault whose backup is in sync storage (see the top of this file). A wrong secret,
 * a backup that cannot be written, or any failure before the swap changes nothing here.
 */
export async function joinVault(
  vault: JoinVaultPort,
  area: SyncArea,
  secret: UnlockInput,
  options: { now?: () => number; budget?: KdfBudget } = {},
): Promise<JoinResult> {
  const now = options.now ?? Date.now;
  const { masterKey: oldKey } = await vault.backupKeys();
  const opened = await openForeignBackup(
    area,
    secret,
    await vaultIdOf(oldKey),
    options.budget ?? new KdfBudget(),
  );
  for (let attempt = 1; ; attempt++) {
    const stored = await vault.storedRecords();
    const live: Account[] = [];
    const tombstones: Account[] = [];
    for (const r of stored) {
      let account: Account;
      try {
        account = await openAccount(oldKey, r);
      } catch {
        // Damaged here already: it stays in the copy set aside at the swap, as it was.
        continue;
      }
      (r.deleted === 1 ? tombstones : live).push(account);
    }
    const merge = mergeJoined(opened.entries, { live, tombstones }, now());
    const records = [
      ...(await Promise.all(merge.live.map((a) => sealAccount(opened.masterKey, a, 0)))),
      ...(await Promise.all(merge.tombstones.map((a) => sealAccount(opened.masterKey, a, 1)))),
    ];
    const header: VaultHeader = {
      formatVersion: VAULT_FORMAT_VERSION,
      createdAt: now(),
      slots: [...opened.header.slots],
      slotsChangedAt: opened.header.slotsAt,
      vaultId: opened.header.vault,
    };
    await writeVerified(area, opened, records, now);
    try {
      await vault.adoptJoined({
        header,
        masterKey: opened.masterKey,
        records,
        expected: recordsFingerprint(stored),
      });
    } catch (e) {
      // An edit here while the backup was written: merge once more with it.
      if (isChangedMeanwhile(e) && attempt < ATTEMPTS) continue;
      throw e;
    }
    return {
      accounts: merge.live.length,
      alreadyThere: merge.alreadyThere,
      added: merge.added,
    };
  }
}

export function changedMeanwhile(): TesseraError {
  return new TesseraError('E_BAD_REQUEST', 'The vault changed while joining. Try again.', {
    reason: 'changedMeanwhile',
  });
}

function isChangedMeanwhile(e: unknown): boolean {
  return isTesseraError(e) && e.detail?.reason === 'changedMeanwhile';
}

/**
 * "Replace the backup in sync with this vault": only on the user's explicit request, proven
 * with the other vault's passphrase or recovery key, or a typed confirmation word. The other
 * vault's profiles keep their accounts locally; they are not backed up until they join.
 */
export async function replaceBackup(
  vault: JoinVaultPort,
  area: SyncArea,
  proof: UnlockInput | { typed: string; word: string },
  options: { now?: () => number; budget?: KdfBudget } = {},
): Promise<void> {
  const { masterKey, slots, slotsAt } = await vault.backupKeys();
  if ('typed' in proof) {
    const norm = (s: string) => s.normalize('NFKC').trim().toLocaleUpperCase();
    if (proof.word === '' || norm(proof.typed) !== norm(proof.word)) {
      throw new TesseraError('E_FIELD_INVALID', 'Type the confirmation word to replace.', {
        reason: 'replaceWord',
      });
    }
  } else {
    await openForeignBackup(area, proof, await vaultIdOf(masterKey), options.budget);
  }
  const engine = new BackupEngine({
    area,
    masterKey,
    keySlots: slots,
    keySlotsAt: slotsAt,
    now: options.now,
  });
  const out = await engine.replaceRemote(await vault.storedRecords());
  if (!out.ok) {
    throw (
      out.error ??
      new TesseraError('E_INTERNAL', 'The backup could not be written now. Try again later.', {
        retryAfterMs: out.retryAfterMs ?? 0,
      })
    );
  }
}
