import { unlockWithPassphrase, unlockWithRecoveryKey, type KeySlot } from '../crypto';
import { TesseraError, isTesseraError, toWireError, type WireError } from '../errors';
import { SerialQueue } from '../serialQueue';
import { openAccount, sealAccount } from '../vault/records';
import {
  VAULT_FORMAT_VERSION,
  type Account,
  type StoredRecord,
  type VaultHeader,
} from '../vault/types';
import { problemError } from './problems';
import { planBackup, sealShards, PayloadCache, type BackupPlan } from './encode';
import { accountDigest } from './entries';
import {
  buildHeader,
  canonicalJson,
  parseHeader,
  verifyHeader,
  type BackupHeader,
} from './format/header';
import { HEADER_KEY } from './format/layout';
import { compareVersions, mergeRecords } from './merge';
import { classifySyncError, retryDelay, WriteBudget, type SyncFailure } from './quota';
import { decodeRemote, ShardCache, type RemoteSnapshot, type RemoteState } from './remote';
import { itemBytes, SYNC_LIMITS, type SyncArea, type SyncLimits } from './syncArea';
import {
  awayHeld,
  isAway,
  isPrunedTombstone,
  mayPrune,
  PRUNE_HORIZON_MS,
  ROSTER_REFRESH_MS,
  settles,
} from './prune';
import { nextRosterEntry, rosterSummary, type RosterRun, type RosterSummary } from './rosterRun';
import { ackOf, decodeRoster, rosterKey, sealRosterEntry, type Roster } from './roster';
import type { BackupEntry, RemoteProblem } from './types';

export interface BackupEngineOptions {
  area: SyncArea;
  masterKey: Uint8Array;
  keySlots: readonly KeySlot[];
  /** When the key slots last changed (ms); the newer slots win between profiles. */
  keySlotsAt: number;
  now?: () => number;
  limits?: Partial<SyncLimits>;
  /** A merge deleting more local accounts than this waits for the user. Default 3. */
  confirmRemovalsAbove?: number;
  /**
   * Bytes of sync storage the backup leaves free for future writes of other features (their
   * data already there is always accounted for). Default 0: the backup may fill the quota.
   */
  reserveBytes?: number;
  /**
   * This browser profile in the roster (`w:<id>`, roster.ts). Without it the engine neither
   * lists itself nor prunes tombstones.
   */
  profile?: { id: string; name: string };
  /** Roster entries older than this stop blocking pruning (prune.ts). */
  pruneHorizonMs?: number;
}

/**
 * What to do when a merge would delete local accounts (because another profile deleted them):
 * 'ask' applies up to `confirmRemovalsAbove` of them and otherwise holds all of them back and
 * returns a decision; 'apply' deletes them; 'keep' keeps them and makes that the newest
 * change everywhere (as if the user had undone the deletions).
 */
export type RemovalChoice = 'ask' | 'apply' | 'keep';

export interface SyncOptions {
  removals?: RemovalChoice;
  /** When this profile last completed a merge (its own record), for away mode (prune.ts). */
  lastMergeAt?: number | null;
}

export type BackupState = RemoteState | 'unknown' | 'too-large' | 'rate-limited' | 'failed';

export interface BackupStatus {
  state: BackupState;
  /** Bytes the backup uses in sync storage, and the share of the quota. */
  bytesInUse: number;
  quotaBytes: number;
  percentUsed: number;
  items: number;
  /** Live accounts and tombstones in the remote. */
  accounts: number;
  tombstones: number;
  lastSuccessAt: number | null;
  lastError: WireError | null;
  retryAfterMs: number | null;
  /** What the roster said at the last run (null without a profile, or before any run). */
  roster: RosterSummary | null;
}

export interface SyncOutcome {
  /** True when the merge ran and, for a push, the remote now holds everything we have. */
  ok: boolean;
  remote: RemoteState;
  /** Records to store in the local vault, all in one transaction (merge results). */
  toWriteLocal: StoredRecord[];
  /** Local accounts the merge deletes (their tombstones are in toWriteLocal). */
  removals: string[];
  /** Set when removals were held back and need the user's answer (sync again with it). */
  decision: { kind: 'confirm-removals'; ids: string[] } | null;
  /** Newer key slots from another profile (a passphrase changed there). */
  remoteKeySlots: { slots: KeySlot[]; slotsAt: number } | null;
  problems: RemoteProblem[];
  /** Local records that would not open with the master key: left out of the merge, untouched. */
  unreadableLocal: string[];
  wrote: { items: number; removed: number; operations: number };
  retryAfterMs: number | null;
  error: TesseraError | null;
  status: BackupStatus;
}

export interface RestoreResult {
  masterKey: Uint8Array;
  /** A vault header for the new profile, with the backup's key slots. */
  header: VaultHeader;
  keySlotsAt: number;
  /** The restored accounts, sealed for the local store. */
  records: StoredRecord[];
  accounts: Account[];
  problems: RemoteProblem[];
}

export interface VerifyResult {
  ok: boolean;
  remote: RemoteState;
  /** Local accounts (or deletions) the remote does not hold. */
  missing: string[];
  /** Local accounts the remote holds in an older version. */
  behind: string[];
  problems: RemoteProblem[];
}

const MAX_ROUNDS = 3;

interface LocalView {
  entries: BackupEntry[];
  /** The opened account behind each local id (live or tombstone), for re-sealing. */
  accounts: Map<string, Account>;
  /** Ids whose local record would not open: never overwritten by a merge. */
  unreadable: Set<string>;
}

/**
 * The backup's driver: merges the local vault with browser sync storage and writes the
 * difference. Pure (storage and clock injected); the background wires it to the vault and
 * to chrome.storage.sync, and calls `push` after local changes (debounced) and `pull` when sync
 * storage changes. It never throws for remote trouble: every outcome says what happened, and
 * the vault keeps working locally.
 */
export class BackupEngine {
  private readonly area: SyncArea;
  private readonly masterKey: Uint8Array;
  private keySlots: KeySlot[];
  private keySlotsAt: number;
  private readonly now: () => number;
  private readonly limits: SyncLimits;
  private readonly confirmAbove: number;
  private readonly reserveBytes: number;
  private readonly profile: { id: string; name: string } | null;
  private readonly horizonMs: number | undefined;
  private readonly budget: WriteBudget;
  private readonly cache = new PayloadCache();
  private readonly shardCache = new ShardCache();
  private readonly opened = new Map<string, { account: Account; digest: string }>();
  private failures = 0;
  private current: BackupStatus;
  private readonly queue = new SerialQueue();

  constructor(options: BackupEngineOptions) {
    this.area = options.area;
    this.masterKey = options.masterKey;
    this.keySlots = [...options.keySlots];
    this.keySlotsAt = options.keySlotsAt;
    this.now = options.now ?? Date.now;
    this.limits = { ...SYNC_LIMITS, ...options.limits };
    this.confirmAbove = options.confirmRemovalsAbove ?? 3;
    this.reserveBytes = Math.max(0, options.reserveBytes ?? 0);
    this.profile = options.profile ? { ...options.profile } : null;
    this.horizonMs = options.pruneHorizonMs;
    this.budget = new WriteBudget(this.limits);
    this.current = {
      state: 'unknown',
      bytesInUse: 0,
      quotaBytes: this.limits.quotaBytes,
      percentUsed: 0,
      items: 0,
      accounts: 0,
      tombstones: 0,
      lastSuccessAt: null,
      lastError: null,
      retryAfterMs: null,
      roster: null,
    };
  }

  /** The user renamed this browser: the next push writes the new name. */
  setDeviceName(name: string): void {
    if (this.profile) this.profile.name = name;
  }

  /** The roster as sync storage holds it now. */
  readRoster(): Promise<Roster> {
    return this.serial(async () =>
      decodeRoster(await this.area.get(null), this.masterKey, this.profile?.id ?? null),
    );
  }

  /**
   * Removes a browser's roster entry. A browser still in use writes it again at its next merge;
   * one that is gone stops blocking the pruning of deletions.
   */
  forget(profileId: string): Promise<void> {
    return this.serial(async () => {
      this.budget.spend(1, this.now());
      await this.area.remove([rosterKey(profileId)]);
    });
  }

  /** After a passphrase change: the new slots go to the remote on the next push. */
  setKeySlots(slots: readonly KeySlot[], slotsAt: number): void {
    this.keySlots = [...slots];
    this.keySlotsAt = slotsAt;
  }

  status(): BackupStatus {
    return { ...this.current };
  }

  /** Merges the remote into the local vault without writing to sync storage. */
  pull(local: readonly StoredRecord[], options: SyncOptions = {}): Promise<SyncOutcome> {
    return this.serial(() => this.run(local, options, false));
  }

  /** Merges both ways and writes the shards that changed (one edit: one item). */
  push(local: readonly StoredRecord[], options: SyncOptions = {}): Promise<SyncOutcome> {
    return this.serial(() => this.run(local, options, true));
  }

  /**
   * Replaces whatever backup sync storage holds (another vault's, or a damaged one) with this
   * vault's: a new generation, so any item left from before is ignored by every reader. Only
   * on the user's explicit request.
   */
  replaceRemote(local: readonly StoredRecord[]): Promise<SyncOutcome> {
    return this.serial(() => this.run(local, { removals: 'apply' }, true, true));
  }

  /** Whether the remote holds every local account at least as new as here. */
  verify(local: readonly StoredRecord[]): Promise<VerifyResult> {
    return this.serial(async () => {
      const items = await this.area.get(null);
      const snap = await decodeRemote(items, this.masterKey, this.shardCache);
      const view = await this.localView(local);
      const remote = new Map(snap.entries.map((e) => [e.id, e]));
      // Deletions every browser has merged were pruned from the backup on purpose.
      const watermark = this.profile
        ? (await decodeRoster(items, this.masterKey, this.profile.id)).watermark
        : 0;
      const remoteIds = new Set(remote.keys());
      const missing: string[] = [];
      const behind: string[] = [];
      for (const e of view.entries) {
        if (isPrunedTombstone(e, remoteIds, watermark)) continue;
        const r = remote.get(e.id);
        if (!r) missing.push(e.id);
        else if (compareVersions(r, e) < 0) behind.push(e.id);
      }
      return {
        ok:
          missing.length === 0 &&
          behind.length === 0 &&
          (snap.state === 'ok' || snap.state === 'partial'),
        remote: snap.state,
        missing,
        behind,
        problems: snap.problems,
      };
    });
  }

  /**
   * A new profile: opens the backup's key slots with the passphrase or the recovery key and
   * returns the master key, a vault header and the accounts. Throws: E_NOT_FOUND (no backup),
   * E_UNSUPPORTED_VERSION, E_KDF_PARAMS, E_CORRUPT (with `detail.problem`), E_BAD_PASSPHRASE,
   * E_BAD_RECOVERY_KEY.
   */
  static async restore(
    area: SyncArea,
    secret: { passphrase: string } | { recoveryKey: string },
    options: { now?: () => number } = {},
  ): Promise<RestoreResult> {
    const items = await area.get(null);
    const raw = items[HEADER_KEY];
    if (raw === undefined) {
      if (Object.keys(items).some((k) => k.startsWith('s:'))) {
        throw problemError(
          'missing-header',
          'The backup header is missing, so it cannot be restored.',
          {
            key: HEADER_KEY,
          },
        );
      }
      throw new TesseraError('E_NOT_FOUND', 'There is no Tessera backup in this browser account.');
    }
    const header = parseHeader(raw);
    const masterKey =
      'passphrase' in secret
        ? await unlockWithPassphrase(header.slots, secret.passphrase)
        : await unlockWithRecoveryKey(header.slots, secret.recoveryKey);
    await verifyHeader(masterKey, header);
    const snap = await decodeRemote(items, masterKey);
    const accounts: Account[] = [];
    const records: StoredRecord[] = [];
    for (const e of snap.entries) {
      // Tombstones stay in the remote, where they keep deletions deleted; a new profile has
      // no live copy they could apply to.
      if (e.deleted === 1) continue;
      accounts.push(e.account);
      records.push(await sealAccount(masterKey, e.account, 0));
    }
    return {
      masterKey,
      header: {
        formatVersion: VAULT_FORMAT_VERSION,
        createdAt: (options.now ?? Date.now)(),
        slots: header.slots,
      },
      keySlotsAt: header.slotsAt,
      records,
      accounts,
      problems: snap.problems,
    };
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.run(task);
  }

  private async localView(local: readonly StoredRecord[]): Promise<LocalView> {
    const entries: BackupEntry[] = [];
    const accounts = new Map<string, Account>();
    const unreadable = new Set<string>();
    const cacheKey = (r: StoredRecord) => `${r.id}\u0000${r.updatedAt}\u0000${r.iv}`;
    // Side by side, as WebCrypto works off this thread: after the worker starts again every
    // record is opened here, and one round trip each would add up over thousands.
    const misses = local.filter((r) => r.deleted !== 1 && !this.opened.has(cacheKey(r)));
    await Promise.all(
      misses.map(async (r) => {
        try {
          const account = await openAccount(this.masterKey, r);
          this.opened.set(cacheKey(r), { account, digest: await accountDigest(account) });
        } catch {
          // Left out of the cache: reported as unreadable below.
        }
      }),
    );
    for (const r of local) {
      if (r.deleted === 1) {
        entries.push({ id: r.id, updatedAt: r.updatedAt, deleted: 1, digest: '' });
        continue;
      }
      const hit = this.opened.get(cacheKey(r));
      if (!hit) {
        unreadable.add(r.id);
        continue;
      }
      accounts.set(r.id, hit.account);
      entries.push({
        id: r.id,
        updatedAt: r.updatedAt,
        deleted: 0,
        account: hit.account,
        digest: hit.digest,
      });
    }
    if (this.opened.size > 4 * local.length + 64) this.opened.clear();
    return { entries, accounts, unreadable };
  }

  /** Opens a local tombstone's sealed account (for re-sealing it with a newer deletion time). */
  private async tombstoneAccount(
    local: readonly StoredRecord[],
    id: string,
  ): Promise<Account | null> {
    const r = local.find((x) => x.id === id);
    if (!r) return null;
    try {
      return await openAccount(this.masterKey, r);
    } catch {
      return null;
    }
  }

  private async run(
    local: readonly StoredRecord[],
    options: SyncOptions,
    write: boolean,
    replace = false,
  ): Promise<SyncOutcome> {
    const outcome: SyncOutcome = {
      ok: false,
      remote: 'empty',
      toWriteLocal: [],
      removals: [],
      decision: null,
      remoteKeySlots: null,
      problems: [],
      unreadableLocal: [],
      wrote: { items: 0, removed: 0, operations: 0 },
      retryAfterMs: null,
      error: null,
      status: this.current,
    };
    try {
      for (let round = 1; ; round++) {
        const items = await this.area.get(null);
        const snap = await decodeRemote(items, this.masterKey, this.shardCache);
        outcome.remote = snap.state;
        outcome.problems = snap.problems;
        if (snap.state === 'unsupported' || (snap.state === 'foreign' && !replace)) {
          // Left alone entirely: no merge, no write.
          const error =
            snap.problems[0]?.error ??
            problemError(
              snap.state === 'foreign' ? 'foreign' : 'unsupported-version',
              'The backup cannot be used.',
            );
          return this.finish(outcome, snap, snap.state, error);
        }
        const view = await this.localView(local);
        outcome.unreadableLocal = [...view.unreadable];
        const remoteEntries = replace ? [] : snap.entries;
        const rosterRun = this.profile
          ? await this.rosterStart(items, snap, view.entries, options, write, replace)
          : null;
        if (rosterRun?.raced && round < MAX_ROUNDS) continue;
        const waiting = new Set(rosterRun?.waiting ?? []);
        const localEntries = rosterRun
          ? view.entries.filter(
              (e) =>
                !waiting.has(e.id) &&
                !isPrunedTombstone(e, rosterRun.remoteIds, rosterRun.roster.watermark),
            )
          : view.entries;
        const gone = new Set(rosterRun?.held.map((e) => e.id) ?? []);
        const merge = mergeRecords(localEntries, [
          ...remoteEntries,
          // Deleted elsewhere while this browser was away (prune.ts): merged as deletions, so
          // the user is asked before anything goes back to the backup.
          ...(rosterRun?.held ?? []).map((e): BackupEntry => ({
            id: e.id,
            updatedAt: e.updatedAt,
            deleted: 1,
            digest: '',
          })),
        ]);
        const choice = options.removals ?? 'ask';
        let removals = merge.removals.filter((id) => !view.unreadable.has(id));
        const held = new Set<string>();
        let merged = merge.merged;
        if (
          removals.length > 0 &&
          (choice === 'keep' ||
            (choice === 'ask' &&
              (removals.length > this.confirmAbove || removals.some((id) => gone.has(id)))))
        ) {
          if (choice === 'ask') {
            outcome.decision = { kind: 'confirm-removals', ids: [...removals] };
            for (const id of removals) held.add(id);
          } else {
            // Keeping: the local copy becomes the newest change, so every profile keeps it.
            const kept = new Map<string, BackupEntry>();
            for (const id of removals) {
              const account = view.accounts.get(id);
              const tomb = merged.find((e) => e.id === id);
              if (!account || !tomb) continue;
              const updatedAt = Math.max(this.now(), tomb.updatedAt + 1);
              const restamped = { ...account, updatedAt };
              kept.set(id, {
                id,
                updatedAt,
                deleted: 0,
                account: restamped,
                digest: await accountDigest(restamped),
              });
            }
            merged = merged.map((e) => kept.get(e.id) ?? e);
          }
          removals = choice === 'keep' ? [] : removals;
        }
        outcome.removals = removals.filter((id) => !held.has(id));
        outcome.toWriteLocal = await this.localWrites(local, view, merged, held);
        if (snap.header && snap.header.slotsAt > this.keySlotsAt) {
          outcome.remoteKeySlots = { slots: snap.header.slots, slotsAt: snap.header.slotsAt };
        }
        // Deletions found in away mode stay out of the backup: it already lacks them.
        if (gone.size > 0) merged = merged.filter((e) => !(gone.has(e.id) && e.deleted === 1));
        let rosterItem: { key: string; value: string; oldBytes: number } | null = null;
        if (rosterRun) {
          const next = await this.rosterNext(rosterRun, snap, localEntries, merged, {
            write,
            replace,
            held: outcome.decision !== null,
            away: [...gone].some((id) => held.has(id)) || waiting.size > 0,
          });
          merged = next.merged;
          rosterItem = next.item;
          this.current = { ...this.current, roster: next.summary };
        }
        if (!write) return this.finish(outcome, snap, snap.state, null, true);

        const gen = replace
          ? Math.max(snap.gen, snap.header?.gen ?? 0) + (snap.state === 'empty' ? 0 : 1)
          : snap.gen;
        // Another vault's roster entries name browsers that no longer hold this backup.
        const staleRoster = replace
          ? (rosterRun?.roster ?? (await decodeRoster(items, this.masterKey, null))).ignored.filter(
              (k) => k !== rosterItem?.key,
            )
          : [];
        const result = await this.write(items, snap, merged, gen, replace, rosterItem, staleRoster);
        if (result === 'raced' && round < MAX_ROUNDS) continue;
        if (result === 'raced') {
          // Other profiles keep writing; what we have is merged locally, the rest next time.
          outcome.retryAfterMs = 5_000;
          return this.finish(outcome, snap, 'partial', null, false);
        }
        outcome.wrote = result.wrote;
        if (result.state !== 'ok') {
          outcome.retryAfterMs = result.retryAfterMs;
          return this.finish(outcome, snap, result.state, result.error, false, result.bytes);
        }
        this.failures = 0;
        // Everything we hold is written and every unusable item removed: the remote is whole.
        outcome.remote = 'ok';
        outcome.problems = [];
        return this.finish(outcome, snap, 'ok', null, true, result.bytes, merged);
      }
    } catch (e) {
      // Reading sync storage failed (offline, sync off) or our own bug: keep working locally.
      const error = isTesseraError(e)
        ? e
        : new TesseraError('E_INTERNAL', 'Sync storage could not be read.');
      outcome.error = error;
      outcome.retryAfterMs = retryDelay('other', this.failures++);
      this.current = {
        ...this.current,
        state: 'failed',
        lastError: toWireError(error),
        retryAfterMs: outcome.retryAfterMs,
      };
      outcome.status = this.status();
      return outcome;
    }
  }

  /**
   * Reads the roster and registers this profile before it merges anything (so no other browser
   * prunes a deletion this one has not settled), and finds what away mode holds back.
   */
  private async rosterStart(
    items: Record<string, unknown>,
    snap: RemoteSnapshot,
    local: readonly BackupEntry[],
    options: SyncOptions,
    write: boolean,
    replace: boolean,
  ): Promise<RosterRun> {
    const profile = this.profile as { id: string; name: string };
    const now = this.now();
    const roster = await decodeRoster(items, this.masterKey, profile.id);
    let self = roster.self;
    let raced = false;
    if (write && !self && this.budget.waitFor(1, now) === 0) {
      const entry = {
        id: profile.id,
        name: profile.name,
        mergedAt: null,
        accounts: 0,
        ack: '',
        watermark: roster.watermark,
        away: false,
        at: now,
      };
      const key = rosterKey(profile.id);
      const value = await sealRosterEntry(this.masterKey, entry);
      try {
        // Sync may have replaced the area since the read (another vault's backup arriving):
        // an entry written now would land in a backup that is not ours.
        const again = await this.area.get([HEADER_KEY]);
        if (canonicalJson(again[HEADER_KEY]) !== canonicalJson(items[HEADER_KEY])) {
          raced = true;
        } else {
          this.budget.spend(1, now);
          await this.area.set({ [key]: value });
          items[key] = value;
          snap.usage.otherBytes += itemBytes(key, value);
          snap.usage.otherItems++;
          self = entry;
        }
      } catch {
        // Planned again with the merge's own write (quota, rate limit, sync off).
      }
    }
    const remoteIds = new Set(snap.entries.map((e) => e.id));
    const lastMergeAt = options.lastMergeAt ?? null;
    const suspects =
      !replace &&
      snap.state !== 'empty' &&
      lastMergeAt !== null &&
      isAway({ lastMergeAt, self: roster.self, now, horizonMs: this.horizonMs })
        ? awayHeld({
            local,
            remoteIds,
            lastMergeAt,
            // Not listed, or listed but never merged: pruning may not have waited for it.
            watermark: self === null || self.mergedAt === null ? roster.watermark : 0,
          })
        : [];
    // A complete backup that lacks them: ask. An incomplete one: wait, without pushing them.
    const complete = snap.state === 'ok';
    return {
      roster,
      self,
      remoteIds,
      held: complete ? suspects : [],
      waiting: complete ? [] : suspects.map((e) => e.id),
      now,
      stored: items[rosterKey(profile.id)],
      raced,
    };
  }

  /**
   * After the merge: prunes the tombstones every listed browser has settled (prune.ts) and
   * prepares this profile's roster entry (written with the shards, only when it changed).
   */
  private async rosterNext(
    run: RosterRun,
    snap: RemoteSnapshot,
    local: readonly BackupEntry[],
    merged: BackupEntry[],
    flags: { write: boolean; replace: boolean; held: boolean; away: boolean },
  ): Promise<{
    merged: BackupEntry[];
    item: { key: string; value: string; oldBytes: number } | null;
    summary: RosterSummary;
  }> {
    const profile = this.profile as { id: string; name: string };
    const remoteTombs = snap.entries.filter((e) => e.deleted === 1);
    const settled = !flags.held && settles(local, remoteTombs);
    let watermark = run.roster.watermark;
    let out = merged;
    if (
      flags.write &&
      !flags.replace &&
      settled &&
      snap.state === 'ok' &&
      remoteTombs.length > 0 &&
      mayPrune({
        ack: await ackOf(remoteTombs),
        selfId: profile.id,
        entries: run.roster.entries,
        now: run.now,
        horizonMs: this.horizonMs,
      })
    ) {
      const prune = new Map(remoteTombs.map((t) => [t.id, t]));
      out = merged.filter((e) => {
        const t = prune.get(e.id);
        if (!t || compareVersions(e, t) !== 0) return true;
        watermark = Math.max(watermark, t.updatedAt);
        return false;
      });
    }
    const ack = settled ? await ackOf(out.filter((e) => e.deleted === 1)) : '';
    const key = rosterKey(profile.id);
    const next = nextRosterEntry(
      run.self,
      {
        id: profile.id,
        name: profile.name,
        accounts: out.filter((e) => e.deleted === 0).length,
        ack,
        watermark,
        away: flags.away,
      },
      run.now,
      // Well within the horizon, so a browser in use never looks gone to the others.
      Math.min(ROSTER_REFRESH_MS, (this.horizonMs ?? PRUNE_HORIZON_MS) / 8),
    );
    const entries = [...run.roster.entries.filter((e) => e.id !== profile.id), next.entry];
    const summary = rosterSummary(
      run.self || (flags.write && next.changed) ? entries : run.roster.entries,
      profile.id,
    );
    if (!flags.write || !next.changed) return { merged: out, item: null, summary };
    const value = await sealRosterEntry(this.masterKey, next.entry);
    const oldBytes = run.stored === undefined ? 0 : itemBytes(key, run.stored);
    return { merged: out, item: { key, value, oldBytes }, summary };
  }

  private async localWrites(
    local: readonly StoredRecord[],
    view: LocalView,
    merged: readonly BackupEntry[],
    held: ReadonlySet<string>,
  ): Promise<StoredRecord[]> {
    const localById = new Map(view.entries.map((e) => [e.id, e]));
    const out: StoredRecord[] = [];
    for (const e of merged) {
      if (view.unreadable.has(e.id) || held.has(e.id)) continue;
      const mine = localById.get(e.id);
      if (mine && compareVersions(mine, e) === 0) continue;
      if (e.deleted === 0) {
        out.push(await sealAccount(this.masterKey, e.account, 0));
        continue;
      }
      // A deletion from elsewhere: keep the account sealed in the tombstone (the vault's
      // "Undo" opens it). An id never seen here needs no local tombstone: nothing to delete.
      const account =
        view.accounts.get(e.id) ?? (mine ? await this.tombstoneAccount(local, e.id) : null);
      if (!account) continue;
      out.push(await sealAccount(this.masterKey, { ...account, updatedAt: e.updatedAt }, 1));
    }
    return out;
  }

  private async write(
    seen: Record<string, unknown>,
    snap: RemoteSnapshot,
    merged: readonly BackupEntry[],
    gen: number,
    replace: boolean,
    rosterItem: { key: string; value: string; oldBytes: number } | null = null,
    staleRoster: readonly string[] = [],
  ): Promise<
    | 'raced'
    | {
        wrote: SyncOutcome['wrote'];
        state: BackupState;
        error: TesseraError | null;
        retryAfterMs: number | null;
        bytes: { backup: number; items: number };
      }
  > {
    const wrote = { items: 0, removed: 0, operations: 0 };
    const fail = (state: BackupState, error: TesseraError | null, retryAfterMs: number | null) => ({
      wrote,
      state,
      error,
      retryAfterMs,
      bytes: { backup: snap.usage.backupBytes, items: snap.usage.backupItems },
    });

    let plan: BackupPlan;
    try {
      plan = planBackup({
        entries: merged,
        gen,
        limits: this.limits,
        existing: replace ? [] : snap.shards,
        cache: this.cache,
      });
    } catch (e) {
      if (isTesseraError(e) && e.code === 'E_BACKUP_TOO_LARGE') return fail('too-large', e, null);
      throw e;
    }

    // The header: written when missing or damaged, on a new generation, or when our slots are
    // newer. Never over newer slots from another profile.
    const remoteHeader = snap.header;
    const headerNeeded =
      replace ||
      !remoteHeader ||
      remoteHeader.gen !== gen ||
      remoteHeader.slotsAt < this.keySlotsAt;
    // Slots newer than ours (a passphrase changed in another profile) survive any rewrite.
    const slotsFrom =
      remoteHeader && remoteHeader.slotsAt > this.keySlotsAt
        ? { slots: remoteHeader.slots, slotsAt: remoteHeader.slotsAt }
        : { slots: this.keySlots, slotsAt: this.keySlotsAt };
    const header: BackupHeader | null = headerNeeded
      ? await buildHeader(this.masterKey, { gen, ...slotsFrom })
      : null;
    const headerBytes = header
      ? itemBytes(HEADER_KEY, header)
      : itemBytes(HEADER_KEY, seen[HEADER_KEY]);

    const changed = plan.shards.filter((s) => !s.unchanged);
    const wanted = new Set(plan.shards.map((s) => s.key));
    const obsolete = [
      ...snap.backupKeys.filter((k) => k !== HEADER_KEY && !wanted.has(k)),
      ...staleRoster,
    ];
    const staleBytes = staleRoster.reduce((n, k) => n + itemBytes(k, seen[k]), 0);

    // This profile's roster entry is "other data" to the snapshot; its new size is planned here.
    const rosterDelta = rosterItem
      ? itemBytes(rosterItem.key, rosterItem.value) - rosterItem.oldBytes
      : 0;
    const rosterNew = rosterItem && !(rosterItem.key in seen) ? 1 : 0;
    const otherBytes = snap.usage.otherBytes - staleBytes;
    const otherItems = snap.usage.otherItems - staleRoster.length;
    const finalBytes = plan.shardBytes + headerBytes + otherBytes + rosterDelta + this.reserveBytes;
    const finalItems = plan.shards.length + 1 + otherItems + rosterNew;
    if (
      finalBytes > this.limits.quotaBytes ||
      finalItems > this.limits.maxItems ||
      headerBytes > this.limits.quotaBytesPerItem
    ) {
      return fail(
        'too-large',
        new TesseraError('E_BACKUP_TOO_LARGE', 'The vault is too large for browser sync storage.', {
          neededBytes: plan.shardBytes + headerBytes,
          availableBytes: this.limits.quotaBytes - otherBytes - rosterDelta - this.reserveBytes,
          items: plan.shards.length + 1,
        }),
        null,
      );
    }
    const bytes = { backup: plan.shardBytes + headerBytes, items: plan.shards.length + 1 };
    const ops =
      (header ? 1 : 0) + (changed.length > 0 || rosterItem ? 1 : 0) + (obsolete.length > 0 ? 1 : 0);
    if (ops === 0) return { wrote, state: 'ok', error: null, retryAfterMs: null, bytes };
    const wait = this.budget.waitFor(ops, this.now());
    if (wait > 0) {
      // Not an error: the write waits for the browser's rate limit (see retryAfterMs).
      return fail('rate-limited', null, wait);
    }

    const sealed = await sealShards(this.masterKey, plan, this.cache, changed);
    // Just before writing, make sure nobody changed what we merged from; else merge again.
    const touched = [HEADER_KEY, ...changed.map((s) => s.key), ...obsolete];
    const again = await this.area.get(touched);
    for (const key of touched) {
      if (canonicalJson(again[key]) !== canonicalJson(seen[key])) return 'raced';
    }

    // New shards before old ones go; but if both together would not fit, make room first.
    let peak = snap.usage.backupBytes + snap.usage.otherBytes + rosterDelta;
    let peakItems = snap.usage.backupItems + snap.usage.otherItems + rosterNew;
    if (header)
      peak +=
        itemBytes(HEADER_KEY, header) -
        (HEADER_KEY in seen ? itemBytes(HEADER_KEY, seen[HEADER_KEY]) : 0);
    if (header && !(HEADER_KEY in seen)) peakItems++;
    for (const s of changed) {
      peak += s.bytes - (s.key in seen ? itemBytes(s.key, seen[s.key]) : 0);
      if (!(s.key in seen)) peakItems++;
    }
    const removeFirst = peak > this.limits.quotaBytes || peakItems > this.limits.maxItems;

    try {
      if (removeFirst && obsolete.length > 0) await this.removeItems(obsolete, wrote);
      if (header) await this.setItems({ [HEADER_KEY]: header }, wrote);
      if (changed.length === 0 && rosterItem) {
        await this.setItems({ [rosterItem.key]: rosterItem.value }, wrote);
      }
      if (changed.length > 0) {
        // The roster entry travels in the same write operation as the shards.
        await this.setItems(
          rosterItem ? { ...sealed, [rosterItem.key]: rosterItem.value } : sealed,
          wrote,
        );
        // What we wrote we know: the next read need not decrypt and decompress it again.
        for (const sh of changed) {
          const value = sealed[sh.key] as string;
          this.shardCache.put(sh.key, value, {
            ...sh,
            gen,
            records: sh.entries,
            entries: sh.entries,
          });
        }
      }
      if (!removeFirst && obsolete.length > 0) await this.removeItems(obsolete, wrote);
    } catch (e) {
      return this.writeFailed(e, wrote, bytes);
    }
    return { wrote, state: 'ok', error: null, retryAfterMs: null, bytes };
  }

  private async setItems(
    items: Record<string, unknown>,
    wrote: SyncOutcome['wrote'],
  ): Promise<void> {
    this.budget.spend(1, this.now());
    wrote.operations++;
    await this.area.set(items);
    wrote.items += Object.keys(items).length;
  }

  private async removeItems(keys: string[], wrote: SyncOutcome['wrote']): Promise<void> {
    this.budget.spend(1, this.now());
    wrote.operations++;
    await this.area.remove(keys);
    wrote.removed += keys.length;
  }

  private writeFailed(
    e: unknown,
    wrote: SyncOutcome['wrote'],
    bytes: { backup: number; items: number },
  ): {
    wrote: SyncOutcome['wrote'];
    state: BackupState;
    error: TesseraError | null;
    retryAfterMs: number | null;
    bytes: { backup: number; items: number };
  } {
    const failure: SyncFailure = classifySyncError(e);
    const now = this.now();
    if (failure === 'rate-minute' || failure === 'rate-hour') {
      const retryAfterMs = this.budget.exhaust(failure, now);
      return { wrote, state: 'rate-limited', error: null, retryAfterMs, bytes };
    }
    if (failure === 'other') {
      const retryAfterMs = retryDelay('other', this.failures++);
      return {
        wrote,
        state: 'failed',
        error: new TesseraError(
          'E_INTERNAL',
          'Writing to browser sync storage failed. Retrying later.',
          {
            retryAfterMs: retryAfterMs ?? 0,
          },
        ),
        retryAfterMs,
        bytes,
      };
    }
    // Size limits we planned for but the browser still refused (other data grew meanwhile,
    // or its measure differs): the next push re-plans with fresh figures.
    return {
      wrote,
      state: 'too-large',
      error: new TesseraError(
        'E_BACKUP_TOO_LARGE',
        'The vault is too large for browser sync storage.',
        {
          refused: failure,
        },
      ),
      retryAfterMs: null,
      bytes,
    };
  }

  private finish(
    outcome: SyncOutcome,
    snap: RemoteSnapshot,
    state: BackupState,
    error: TesseraError | null,
    ok = false,
    bytes?: { backup: number; items: number },
    merged?: readonly BackupEntry[],
  ): SyncOutcome {
    outcome.ok = ok && error === null;
    outcome.error = error;
    const entries = merged ?? snap.entries;
    const backupBytes = bytes?.backup ?? snap.usage.backupBytes;
    this.current = {
      state,
      bytesInUse: backupBytes,
      quotaBytes: this.limits.quotaBytes,
      percentUsed: Math.round((1000 * backupBytes) / this.limits.quotaBytes) / 10,
      items: bytes?.items ?? snap.usage.backupItems,
      accounts: entries.filter((e) => e.deleted === 0).length,
      tombstones: entries.filter((e) => e.deleted === 1).length,
      lastSuccessAt: outcome.ok ? this.now() : this.current.lastSuccessAt,
      lastError: error ? toWireError(error) : null,
      retryAfterMs: outcome.retryAfterMs,
      roster: this.current.roster,
    };
    outcome.status = this.status();
    return outcome;
  }
}
