import { equalBytes, type KeySlot } from '../crypto';
import { TesseraError, toWireError, type WireError } from '../errors';
import { joinVault, type JoinedVault } from '../vault/join';
import type { VaultChange } from '../vault/service';
import type { StoredRecord, VaultHeader } from '../vault/types';
import {
  BackupEngine,
  type BackupEngineOptions,
  type BackupState,
  type RemovalChoice,
  type SyncOutcome,
} from './engine';
import { parseHeader } from './format/header';
import { HEADER_KEY } from './format/layout';
import { backupHealth, type BackupHealth } from './health';
import { cleanDeviceName, type RosterEntry } from './roster';
import type { SyncArea } from './syncArea';

/** The vault as the backup needs it (VaultService implements it). */
export interface BackupVault {
  state(): Promise<'none' | 'locked' | 'unlocked'>;
  backupKeys(): Promise<{ masterKey: Uint8Array; slots: KeySlot[]; slotsAt: number }>;
  storedRecords(): Promise<StoredRecord[]>;
  applyRemote(records: readonly StoredRecord[]): Promise<{ applied: number }>;
  adoptKeySlots(slots: readonly KeySlot[], slotsAt: number): Promise<boolean>;
  adoptRestored(restored: {
    header: VaultHeader;
    masterKey: Uint8Array;
    records: readonly StoredRecord[];
    slotsAt: number;
  }): Promise<void>;
  onChange(listener: (change: VaultChange) => void): () => void;
  /** Joining another vault (a restore into a profile that has one merges: vault/join.ts). */
  passkeys(): Promise<unknown[]>;
  adoptJoined(joined: JoinedVault): Promise<void>;
}

/**
 * What the backup remembers between service-worker runs (storage.local: nothing secret, only
 * counts, times and error codes). The worker may stop at any moment; `pending` survives it.
 */
export interface BackupMemo {
  enabled: boolean;
  /** Local changes the remote may not hold yet. */
  pending: boolean;
  pendingSince: number | null;
  state: BackupState | 'off';
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  accounts: number;
  bytesInUse: number;
  quotaBytes: number;
  percentUsed: number;
  error: WireError | null;
  /** Another profile deleted more accounts than the merge applies without asking. */
  removals: string[] | null;
  retryAt: number | null;
  /** When a merge last changed this vault (so open pages know to reload the list). */
  mergedAt: number | null;
  /** Browsers in the backup's roster at the last run (0 before any). */
  browsers: number;
  /** The latest merge by another browser of the roster, or null. */
  othersMergedAt: number | null;
  /** When this profile first tried to back up (health counts its periods from here). */
  since: number | null;
  /** When this profile's vault was restored from the backup (a merge, for away mode). */
  restoredAt: number | null;
}

/** The status the popup shows. */
export interface BackupView extends BackupMemo {
  /** A problem the user should see: the last run failed, or changes wait for over a day. */
  warning: 'failed' | 'stale' | null;
  /** The vault is locked with changes waiting: they go after the next unlock. */
  waitingForUnlock: boolean;
  /** What to do next (health.ts). */
  health: BackupHealth;
}

/** One browser of the roster as Settings → Backup lists it. */
export interface RosterDeviceView {
  id: string;
  name: string;
  self: boolean;
  mergedAt: number | null;
  accounts: number;
}

export interface BackupRosterView {
  devices: RosterDeviceView[];
  /** This browser's name (also when it is not listed yet). */
  selfName: string;
}

/** This browser profile's identity in the roster, kept where pages cannot write. */
export interface BackupProfileStore {
  read(): Promise<{ id: string; name: string }>;
  rename(name: string): Promise<void>;
}

export interface BackupVerifyView {
  ok: boolean;
  remote: string;
  /** Local accounts (or deletions) the remote lacks, and ones it holds in an older version. */
  missing: number;
  behind: number;
  /** Whether local changes are still waiting to be backed up (they explain `missing`). */
  pending: boolean;
  problems: WireError[];
  checkedAt: number;
}

/** What a new profile can learn about sync storage without any key. */
export interface RemoteBackupInfo {
  /** A Tessera backup is there (possibly damaged). */
  present: boolean;
  /** It can be tried with a passphrase or recovery key. */
  restorable: boolean;
  /** Why it cannot be restored (newer format, damaged header, unsafe KDF settings). */
  problem: WireError | null;
}

export interface BackupTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface BackupSchedulerOptions {
  vault: BackupVault;
  area: SyncArea;
  memo: {
    read(): Promise<Partial<BackupMemo> | undefined>;
    write(memo: BackupMemo): Promise<void>;
  };
  /**
   * Wakes the background at this time even if its worker stopped meanwhile (chrome.alarms);
   * null cancels. The browser may round it up (Chrome: at least 30 s ahead).
   */
  wakeAt(at: number | null): Promise<void>;
  now?: () => number;
  timers?: BackupTimers;
  /** Local changes are backed up this long after the last one (several edits, one write). */
  debounceMs?: number;
  /** Sync storage changed by another profile: merge after this pause (its items trickle in). */
  remoteDelayMs?: number;
  engine?: Partial<
    Omit<BackupEngineOptions, 'area' | 'masterKey' | 'keySlots' | 'keySlotsAt' | 'profile'>
  >;
  /** This profile in the roster; without it the backup neither lists itself nor prunes. */
  profile?: BackupProfileStore;
}

const DAY_MS = 24 * 60 * 60_000;
/** If the worker stops before the debounce timer fires, the alarm finishes the job. */
const BACKSTOP_MS = 30_000;
/** A worker start merges again after this long even when nothing is known to wait. */
const RESYNC_MS = 10 * 60_000;

export function defaultMemo(): BackupMemo {
  return {
    enabled: true,
    pending: false,
    pendingSince: null,
    state: 'unknown',
    lastSuccessAt: null,
    lastAttemptAt: null,
    accounts: 0,
    bytesInUse: 0,
    quotaBytes: 0,
    percentUsed: 0,
    error: null,
    removals: null,
    retryAt: null,
    mergedAt: null,
    browsers: 0,
    othersMergedAt: null,
    since: null,
    restoredAt: null,
  };
}

const defaultTimers: BackupTimers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Keeps the remote backup up to date with the vault: backs up every change a few seconds
 * after it (debounced), merges when sync storage changes (another profile wrote) and at unlock
 * and start-up, retries on the browser's schedule after rate limits and failures, and asks
 * before applying large removals. Pure: storage, timers and the wake-up alarm are injected.
 * The vault keeps working whatever happens here; every outcome lands in the memo the popup reads.
 */
export class BackupScheduler {
  private readonly vault: BackupVault;
  private readonly area: SyncArea;
  private readonly store: BackupSchedulerOptions['memo'];
  private readonly wake: (at: number | null) => Promise<void>;
  private readonly now: () => number;
  private readonly timers: BackupTimers;
  private readonly debounceMs: number;
  private readonly remoteDelayMs: number;
  private readonly engineOptions: BackupSchedulerOptions['engine'];
  private readonly profile: BackupProfileStore | null;
  private memo: BackupMemo | null = null;
  private memoLoad: Promise<void> | null = null;
  private engine: BackupEngine | null = null;
  private engineKey: Uint8Array | null = null;
  private timer: unknown = null;
  private timerAt = Infinity;
  private running: Promise<void> | null = null;
  private again = false;
  /** Bumped by every local change, so a change during a run keeps `pending` set. */
  private changes = 0;
  private unsubscribe: (() => void) | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private starting = false;

  constructor(options: BackupSchedulerOptions) {
    this.vault = options.vault;
    this.area = options.area;
    this.store = options.memo;
    this.wake = options.wakeAt;
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? defaultTimers;
    this.debounceMs = options.debounceMs ?? 2_000;
    this.remoteDelayMs = options.remoteDelayMs ?? 500;
    this.engineOptions = options.engine;
    this.profile = options.profile ?? null;
  }

  /**
   * Follows the vault. The service worker starts often (every alarm, every message), so a start
   * syncs only when something waits or the last run is old; other profiles' writes wake the
   * worker through storage.onChanged anyway.
   */
  async start(): Promise<void> {
    this.unsubscribe ??= this.vault.onChange((change) => this.track(this.onVaultChange(change)));
    const memo = await this.readMemo();
    if (!memo.enabled) return;
    // state() reopens a vault whose key survived in the session: that 'unlocked' is no unlock.
    this.starting = true;
    let state: Awaited<ReturnType<BackupVault['state']>>;
    try {
      state = await this.vault.state();
    } finally {
      this.starting = false;
    }
    const now = this.now();
    const due =
      memo.pending ||
      (memo.retryAt !== null && memo.retryAt <= now) ||
      memo.lastAttemptAt === null ||
      now - memo.lastAttemptAt > RESYNC_MS;
    if (state === 'unlocked' && due) this.schedule(0);
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.cancelTimer();
  }

  /** Work started from an event handler, so idle() can wait for it. */
  private track(work: Promise<void>): void {
    const tracked = work.catch(() => undefined);
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  private async onVaultChange(change: VaultChange): Promise<void> {
    switch (change) {
      case 'records': {
        this.changes++;
        // Timer first (synchronously), so nothing can observe a change without a run coming.
        if (this.memo?.enabled !== false) this.schedule(this.debounceMs);
        const memo = await this.readMemo();
        if (!memo.pending) {
          await this.writeMemo({ ...memo, pending: true, pendingSince: this.now() });
        }
        if (!memo.enabled) return;
        await this.wake(this.now() + Math.max(BACKSTOP_MS, this.debounceMs));
        return;
      }
      case 'unlocked':
      case 'slots':
        if (change === 'unlocked' && this.starting) return;
        // New slots must reach the remote; an unlock merges what others wrote meanwhile.
        if ((await this.readMemo()).enabled) this.schedule(0);
        return;
      case 'locked':
        this.engine = null;
        this.engineKey = null;
        this.cancelTimer();
        return;
      case 'merged':
        return;
    }
  }

  /** Sync storage changed (any profile, this one included): merge soon. */
  remoteChanged(): void {
    if (this.memo?.enabled === false) return;
    this.schedule(this.remoteDelayMs);
  }

  /** The wake-up alarm fired: run if anything is waiting. */
  async alarm(): Promise<void> {
    const memo = await this.readMemo();
    if (!memo.enabled) return;
    if (memo.pending || (memo.retryAt !== null && memo.retryAt <= this.now() + 1_000)) {
      await this.runNow();
    }
  }

  async status(): Promise<BackupView> {
    const memo = await this.readMemo();
    const now = this.now();
    const failed = memo.enabled && memo.error !== null && memo.removals === null;
    const stale =
      memo.enabled &&
      memo.pending &&
      (memo.lastSuccessAt === null
        ? memo.pendingSince !== null && now - memo.pendingSince > DAY_MS
        : now - memo.lastSuccessAt > DAY_MS);
    const locked = memo.pending && (await this.vault.state()) !== 'unlocked';
    return {
      ...memo,
      warning: failed ? 'failed' : stale ? 'stale' : null,
      waitingForUnlock: locked,
      health: backupHealth({
        enabled: memo.enabled,
        now,
        lastSuccessAt: memo.lastSuccessAt,
        since: memo.since,
        othersMergedAt: memo.othersMergedAt,
      }),
    };
  }

  /** The browsers that hold the backup, read from sync storage now (needs the vault open). */
  async roster(): Promise<BackupRosterView> {
    await this.requireUnlocked();
    const engine = await this.engineFor();
    const self = this.profile ? await this.profile.read() : null;
    const roster = await engine.readRoster();
    const devices = roster.entries.map((e: RosterEntry): RosterDeviceView => ({
      id: e.id,
      name: e.id === self?.id ? self.name : e.name,
      self: e.id === self?.id,
      mergedAt: e.mergedAt,
      accounts: e.accounts,
    }));
    // This browser first, then the most recently seen.
    devices.sort((a, b) =>
      a.self !== b.self ? (a.self ? -1 : 1) : (b.mergedAt ?? 0) - (a.mergedAt ?? 0),
    );
    const memo = await this.readMemo();
    if (memo.browsers !== devices.length)
      await this.writeMemo({ ...memo, browsers: devices.length });
    return { devices, selfName: self?.name ?? '' };
  }

  /** Renames this browser in the roster; the entry is rewritten at once when the vault is open. */
  async renameDevice(name: string): Promise<void> {
    const clean = cleanDeviceName(name);
    if (!this.profile || clean === '') {
      throw new TesseraError('E_BAD_REQUEST', 'Give this browser a name.');
    }
    await this.profile.rename(clean);
    this.engine?.setDeviceName(clean);
    if ((await this.readMemo()).enabled && (await this.vault.state()) === 'unlocked') {
      await this.runNow(undefined, true);
    }
  }

  /** Forgets another browser: its roster entry goes (it writes it again if it is still used). */
  async forgetDevice(id: string): Promise<void> {
    await this.requireUnlocked();
    const self = this.profile ? await this.profile.read() : null;
    if (id === self?.id) {
      throw new TesseraError('E_BAD_REQUEST', 'This browser cannot forget itself.');
    }
    const engine = await this.engineFor();
    await engine.forget(id);
    const memo = await this.readMemo();
    await this.writeMemo({ ...memo, browsers: Math.max(1, memo.browsers - 1) });
  }

  async setEnabled(enabled: boolean): Promise<BackupView> {
    const memo = await this.readMemo();
    await this.writeMemo({
      ...memo,
      enabled,
      ...(enabled ? { state: 'unknown' as const } : { state: 'off' as const, retryAt: null }),
    });
    if (enabled) await this.runNow();
    else {
      this.cancelTimer();
      await this.wake(null);
    }
    return this.status();
  }

  /** "Back up now", or the user's answer to a removal question. Waits for the run. */
  async syncNow(removals?: RemovalChoice): Promise<BackupView> {
    const memo = await this.readMemo();
    if (!memo.enabled) {
      throw new TesseraError('E_BAD_REQUEST', 'Backup is off. Turn it on first.');
    }
    await this.requireUnlocked();
    await this.runNow(removals, true);
    return this.status();
  }

  /** Decrypts the remote and compares it with the vault. */
  async verify(): Promise<BackupVerifyView> {
    await this.requireUnlocked();
    const engine = await this.engineFor();
    const result = await engine.verify(await this.vault.storedRecords());
    const memo = await this.readMemo();
    return {
      ok: result.ok,
      remote: result.remote,
      missing: result.missing.length,
      behind: result.behind.length,
      pending: memo.pending,
      problems: result.problems.map((p) => toWireError(p.error)),
      checkedAt: this.now(),
    };
  }

  /** What a first-run page may know: is there a backup to restore? No key, no secrets. */
  async remoteInfo(): Promise<RemoteBackupInfo> {
    const items = await this.area.get(null);
    const raw = items[HEADER_KEY];
    if (raw === undefined) {
      const shards = Object.keys(items).some((k) => k.startsWith('s:'));
      return {
        present: shards,
        restorable: false,
        problem: shards
          ? toWireError(
              new TesseraError(
                'E_CORRUPT',
                'Sync storage holds part of a Tessera backup, but not the part needed to restore it.',
              ),
            )
          : null,
      };
    }
    try {
      parseHeader(raw);
      return { present: true, restorable: true, problem: null };
    } catch (e) {
      return { present: true, restorable: false, problem: toWireError(e) };
    }
  }

  /**
   * First run in a new profile: opens the backup with the passphrase or recovery key, and the
   * vault opens with every account. A wrong secret changes nothing.
   */
  async restore(secret: { passphrase: string } | { recoveryKey: string }): Promise<number> {
    const state = await this.vault.state();
    if (state === 'unlocked') {
      // A restore never wipes: into a vault with accounts, it is a join (both sets merged).
      const joined = await joinVault(this.vault, this.area, secret, { now: this.now });
      const memo = await this.readMemo();
      await this.writeMemo({ ...memo, mergedAt: this.now() });
      return joined.accounts;
    }
    if (state !== 'none') {
      throw new TesseraError(
        'E_VAULT_EXISTS',
        'This profile already has a vault; its backup merges with sync storage on its own.',
      );
    }
    const restored = await BackupEngine.restore(this.area, secret, { now: this.now });
    await this.vault.adoptRestored({
      header: restored.header,
      masterKey: restored.masterKey,
      records: restored.records,
      slotsAt: restored.keySlotsAt,
    });
    const memo = await this.readMemo();
    await this.writeMemo({ ...memo, mergedAt: this.now(), restoredAt: this.now() });
    return restored.accounts.length;
  }

  /** Resolves when any scheduled or running backup is done (tests, the bench). */
  async idle(): Promise<void> {
    while (this.running || this.timer !== null || this.inFlight.size > 0) {
      if (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
      else if (this.running) await this.running;
      else await new Promise((resolve) => this.timers.set(() => resolve(undefined), 5));
    }
  }

  private schedule(ms: number): void {
    const at = this.now() + ms;
    // A later request never delays an earlier one; debounce = the latest change resets it.
    if (this.timer !== null && ms !== this.debounceMs && this.timerAt <= at) return;
    this.cancelTimer();
    this.timerAt = at;
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.timerAt = Infinity;
      void this.runNow();
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
  }

  private async requireUnlocked(): Promise<void> {
    if ((await this.vault.state()) !== 'unlocked') {
      throw new TesseraError('E_LOCKED', 'Tessera is locked. Unlock it first.');
    }
  }

  private runNow(removals?: RemovalChoice, force = false): Promise<void> {
    if (this.running) {
      if (removals === undefined && !force) {
        this.again = true;
        return this.running;
      }
      // The user's answer must not be dropped: run it right after the current one.
      return this.running.then(() => this.runNow(removals, force));
    }
    const run = this.runOnce(removals, force).finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.schedule(0);
      }
    });
    this.running = run;
    return run;
  }

  private async engineFor(): Promise<BackupEngine> {
    const keys = await this.vault.backupKeys();
    if (!this.engine || !this.engineKey || !equalBytes(this.engineKey, keys.masterKey)) {
      const profile = this.profile ? await this.profile.read() : undefined;
      this.engine = new BackupEngine({
        ...this.engineOptions,
        ...(profile ? { profile } : {}),
        area: this.area,
        masterKey: keys.masterKey,
        keySlots: keys.slots,
        keySlotsAt: keys.slotsAt,
        now: this.now,
      });
      this.engineKey = keys.masterKey;
    } else {
      this.engine.setKeySlots(keys.slots, keys.slotsAt);
    }
    return this.engine;
  }

  private async runOnce(removals: RemovalChoice | undefined, force: boolean): Promise<void> {
    let memo = await this.readMemo();
    if (!memo.enabled) return;
    if (!force && memo.retryAt !== null && this.now() < memo.retryAt - 1_000) {
      // Still backing off (rate limit, failure): the alarm brings us back.
      await this.wake(memo.retryAt);
      return;
    }
    if ((await this.vault.state()) !== 'unlocked') return;
    const changesBefore = this.changes;
    let outcome: SyncOutcome;
    try {
      const engine = await this.engineFor();
      outcome = await engine.push(await this.vault.storedRecords(), {
        removals: removals ?? 'ask',
        // A restore is a merge too: what it brought was in the backup then.
        lastMergeAt: memo.lastSuccessAt ?? memo.restoredAt,
      });
    } catch (e) {
      // Locked in the middle, or the vault could not be read: nothing changed remotely.
      memo = await this.readMemo();
      await this.writeMemo({ ...memo, lastAttemptAt: this.now(), error: toWireError(e) });
      return;
    }
    const now = this.now();
    let mergedAt = memo.mergedAt;
    let incomplete = false;
    try {
      if (outcome.toWriteLocal.length > 0) {
        const { applied } = await this.vault.applyRemote(outcome.toWriteLocal);
        if (applied > 0) mergedAt = now;
        // Skipped records were changed here meanwhile: merge once more.
        incomplete = applied < outcome.toWriteLocal.length;
      }
      if (outcome.remoteKeySlots) {
        await this.vault.adoptKeySlots(
          outcome.remoteKeySlots.slots,
          outcome.remoteKeySlots.slotsAt,
        );
        this.engine?.setKeySlots(outcome.remoteKeySlots.slots, outcome.remoteKeySlots.slotsAt);
      }
    } catch {
      // Locked meanwhile: the remote holds it all; the next unlock merges it in.
      incomplete = true;
    }

    memo = await this.readMemo();
    const s = outcome.status;
    const changedMeanwhile = this.changes !== changesBefore;
    const retryAt = outcome.retryAfterMs !== null ? now + outcome.retryAfterMs : null;
    const next: BackupMemo = {
      ...memo,
      state: s.state,
      lastAttemptAt: now,
      accounts: s.accounts,
      bytesInUse: s.bytesInUse,
      quotaBytes: s.quotaBytes,
      percentUsed: s.percentUsed,
      error: outcome.error ? toWireError(outcome.error) : null,
      removals: outcome.decision ? outcome.decision.ids : null,
      retryAt,
      mergedAt,
      since: memo.since ?? now,
      ...(s.roster ? { browsers: s.roster.browsers, othersMergedAt: s.roster.othersMergedAt } : {}),
    };
    if (outcome.ok) {
      next.lastSuccessAt = now;
      next.pending = changedMeanwhile || incomplete;
      next.pendingSince = next.pending ? (memo.pendingSince ?? now) : null;
    }
    await this.writeMemo(next);

    if (retryAt !== null) {
      await this.wake(retryAt);
      // Short waits (a race with another profile) need no alarm if the worker stays up.
      if (outcome.retryAfterMs !== null && outcome.retryAfterMs < BACKSTOP_MS) {
        this.schedule(outcome.retryAfterMs);
      }
    } else if (!next.pending) {
      await this.wake(null);
    }
    if (outcome.ok && next.pending) this.again = true;
  }

  private async readMemo(): Promise<BackupMemo> {
    // One read per worker run, shared by concurrent callers, so none overwrites a newer write.
    this.memoLoad ??= this.store.read().then((stored) => {
      this.memo ??= { ...defaultMemo(), ...(stored ?? {}) };
    });
    await this.memoLoad;
    return this.memo!;
  }

  private async writeMemo(memo: BackupMemo): Promise<void> {
    this.memo = memo;
    await this.store.write(memo);
  }
}
