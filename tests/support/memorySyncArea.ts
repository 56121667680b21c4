import {
  SYNC_LIMITS,
  itemBytes,
  type SyncArea,
  type SyncLimits,
} from '../../lib/core/backup/syncArea';

/**
 * The data every profile sees: the "server side" of sync storage. Several MemorySyncAreas can
 * share one, which is how tests put two browser profiles on the same browser account.
 */
export class MemorySyncStorage {
  /** Values kept as JSON text, so nobody can mutate stored data through a returned object. */
  readonly items = new Map<string, string>();
}

export interface MemorySyncAreaOptions {
  /** Share another area's storage (a second profile); default: a fresh, empty storage. */
  storage?: MemorySyncStorage;
  /** Clock for the write-rate limits. */
  now?: () => number;
  limits?: Partial<SyncLimits>;
}

export interface ItemStep {
  op: 'set' | 'remove';
  key: string;
  /** Position of this key within its set/remove call. */
  index: number;
  total: number;
}

/**
 * Chrome's QuotaService meters writes with buckets: the first write after a bucket expired
 * refills it to the limit and starts a new period; every set/remove/clear takes one token,
 * whether or not the storage then accepts the write.
 */
class WriteBucket {
  private tokens = 0;
  private expiresAt = -Infinity;
  constructor(
    private readonly limit: number,
    private readonly periodMs: number,
  ) {}
  take(now: number): boolean {
    if (now >= this.expiresAt) {
      this.tokens = this.limit;
      this.expiresAt = now + this.periodMs;
    }
    if (this.tokens <= 0) return false;
    this.tokens--;
    return true;
  }
}

/**
 * A pure in-memory `storage.sync` with Chrome's rules: sizes measured as Chromium does (UTF-8
 * key + JSON, see itemBytes), the same checks in the same order, the same error messages,
 * write-rate buckets on an injectable clock. For tests it can also run a callback between the
 * items of one call (another profile writing in between) and tear a write (apply only the first
 * k items, then fail), since sync gives no atomicity across keys.
 */
export class MemorySyncArea implements SyncArea {
  readonly storage: MemorySyncStorage;
  readonly limits: SyncLimits;
  private readonly now: () => number;
  private readonly minute: WriteBucket;
  private readonly hour: WriteBucket;
  private tearAfter: number | null = null;
  private failure: string | null = null;

  /** Runs before each key of a set/remove is applied. */
  betweenItems: ((step: ItemStep) => Promise<void> | void) | null = null;
  /** Counters for benchmarks and tests. */
  writeOperations = 0;
  itemWrites = 0;

  constructor(options: MemorySyncAreaOptions = {}) {
    this.storage = options.storage ?? new MemorySyncStorage();
    this.limits = { ...SYNC_LIMITS, ...options.limits };
    this.now = options.now ?? Date.now;
    this.minute = new WriteBucket(this.limits.maxWriteOperationsPerMinute, 60_000);
    this.hour = new WriteBucket(this.limits.maxWriteOperationsPerHour, 3_600_000);
  }

  /** A second profile on the same browser account: same data, its own rate limits and clock. */
  otherProfile(options: Omit<MemorySyncAreaOptions, 'storage'> = {}): MemorySyncArea {
    return new MemorySyncArea({ limits: this.limits, ...options, storage: this.storage });
  }

  /** The next set applies only its first `k` items, then rejects (a torn multi-item write); null disarms. */
  tearNextSet(k: number | null): void {
    this.tearAfter = k;
  }

  /** The next write rejects with this message before touching anything. */
  failNextWrite(message: string): void {
    this.failure = message;
  }

  async get(keys?: string[] | null): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    const wanted = keys ?? [...this.storage.items.keys()];
    for (const key of wanted) {
      const json = this.storage.items.get(key);
      if (json !== undefined) out[key] = JSON.parse(json) as unknown;
    }
    return out;
  }

  async getBytesInUse(keys?: string[] | null): Promise<number> {
    const wanted = keys ?? [...this.storage.items.keys()];
    let total = 0;
    for (const key of wanted) {
      const json = this.storage.items.get(key);
      if (json !== undefined) total += itemBytes(key, JSON.parse(json));
    }
    return total;
  }

  async set(items: Record<string, unknown>): Promise<void> {
    this.meter();
    const entries: [string, string][] = [];
    for (const [key, value] of Object.entries(items)) {
      const json = JSON.stringify(value);
      if (json === undefined) throw new Error('Values must be JSON-serialisable.');
      entries.push([key, json]);
    }
    // Chromium's multi-key Set: every item's size first, then the total, then the key count.
    const sizes = new Map<string, number>();
    for (const [key, json] of this.storage.items) sizes.set(key, itemBytes(key, JSON.parse(json)));
    for (const [key, json] of entries) {
      const size = itemBytes(key, JSON.parse(json));
      if (size > this.limits.quotaBytesPerItem)
        throw new Error('QUOTA_BYTES_PER_ITEM quota exceeded');
      sizes.set(key, size);
    }
    let total = 0;
    for (const s of sizes.values()) total += s;
    if (total > this.limits.quotaBytes) throw new Error('QUOTA_BYTES quota exceeded');
    if (sizes.size > this.limits.maxItems) throw new Error('MAX_ITEMS quota exceeded');

    // Accepted locally; other profiles see the keys arrive one by one.
    const tear = this.tearAfter;
    this.tearAfter = null;
    for (let i = 0; i < entries.length; i++) {
      const [key, json] = entries[i] as [string, string];
      if (tear !== null && i >= tear) throw new Error('Sync write interrupted (simulated tear).');
      await this.betweenItems?.({ op: 'set', key, index: i, total: entries.length });
      this.storage.items.set(key, json);
      this.itemWrites++;
    }
  }

  async remove(keys: string[]): Promise<void> {
    this.meter();
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      await this.betweenItems?.({ op: 'remove', key, index: i, total: keys.length });
      this.storage.items.delete(key);
    }
  }

  /** Test access to the raw stored values, bypassing quotas and rate limits. */
  peek(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, json] of this.storage.items) out[k] = JSON.parse(json) as unknown;
    return out;
  }

  /** Test access: store a value as is (corruption, foreign data), bypassing every check. */
  poke(key: string, value: unknown): void {
    if (value === undefined) this.storage.items.delete(key);
    else this.storage.items.set(key, JSON.stringify(value));
  }

  private meter(): void {
    if (this.failure !== null) {
      const message = this.failure;
      this.failure = null;
      throw new Error(message);
    }
    const now = this.now();
    this.writeOperations++;
    // Chrome applies the per-minute heuristic, then the hourly one; a refusal by the first
    // takes no token from the second.
    if (!this.minute.take(now)) {
      throw new Error('This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.');
    }
    if (!this.hour.take(now)) {
      throw new Error('This request exceeds the MAX_WRITE_OPERATIONS_PER_HOUR quota.');
    }
  }
}
