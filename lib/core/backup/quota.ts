import type { SyncLimits } from './syncArea';

/**
 * Why a sync write failed, read from the error message, which is all the browsers give:
 * - Chrome (older): "QUOTA_BYTES quota exceeded", "QUOTA_BYTES_PER_ITEM quota exceeded",
 *   "MAX_ITEMS quota exceeded";
 * - Chrome (newer): "Resource::kQuotaBytes quota exceeded", "Resource::kQuotaBytesPerItem …",
 *   "Resource::kMaxItems …";
 * - Chrome rate limits: "This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota." (and
 *   _PER_HOUR; very old Chrome: MAX_SUSTAINED_WRITE_OPERATIONS_PER_MINUTE);
 * - Firefox: "QuotaExceededError: storage.sync API call exceeded its quota limitations."
 *   (no detail: treated as the byte quota).
 */
export type SyncFailure =
  | 'item-bytes'
  | 'bytes'
  | 'items'
  | 'rate-minute'
  | 'rate-hour'
  /** Anything else: offline, sync disabled, a write torn by shutdown. */
  | 'other';

export function classifySyncError(e: unknown): SyncFailure {
  const message = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
  // Order matters: QUOTA_BYTES is a prefix of QUOTA_BYTES_PER_ITEM.
  if (/QUOTA_BYTES_PER_ITEM|kQuotaBytesPerItem/.test(message)) return 'item-bytes';
  if (/MAX_WRITE_OPERATIONS_PER_HOUR/.test(message)) return 'rate-hour';
  if (/MAX_(SUSTAINED_)?WRITE_OPERATIONS_PER_MINUTE/.test(message)) return 'rate-minute';
  if (/MAX_ITEMS|kMaxItems/.test(message)) return 'items';
  if (/QUOTA_BYTES|kQuotaBytes|QuotaExceeded|exceeded its quota/i.test(message)) return 'bytes';
  return 'other';
}

/**
 * What to do about a failed write. Rate limits: wait for the browser's bucket to refill (we
 * also keep our own count, so usually we wait before the browser has to refuse). Size limits:
 * no wait helps; the caller re-plans once with fresh figures (other data may have shrunk) and
 * then reports E_BACKUP_TOO_LARGE. Other failures: retry with exponential back-off.
 */
export function retryDelay(failure: SyncFailure, attempt: number): number | null {
  switch (failure) {
    case 'rate-minute':
      return 60_000;
    case 'rate-hour':
      return 15 * 60_000;
    case 'other':
      return Math.min(15 * 60_000, 5_000 * 2 ** Math.max(0, Math.min(attempt, 10)));
    default:
      return null;
  }
}

/**
 * Our own count of write operations, with Chrome's bucket rule (a bucket refills to its limit
 * when its period has passed since it was last refilled). Knowing the count lets the engine wait
 * instead of spending a write on a refusal.
 */
export class WriteBudget {
  private minuteTokens = 0;
  private minuteEnds = -Infinity;
  private hourTokens = 0;
  private hourEnds = -Infinity;

  constructor(
    private readonly limits: Pick<
      SyncLimits,
      'maxWriteOperationsPerMinute' | 'maxWriteOperationsPerHour'
    >,
  ) {}

  private refill(now: number): void {
    if (now >= this.minuteEnds) {
      this.minuteTokens = this.limits.maxWriteOperationsPerMinute;
      this.minuteEnds = now + 60_000;
    }
    if (now >= this.hourEnds) {
      this.hourTokens = this.limits.maxWriteOperationsPerHour;
      this.hourEnds = now + 3_600_000;
    }
  }

  /** 0 when `ops` writes can go now, else how long to wait. */
  waitFor(ops: number, now: number): number {
    this.refill(now);
    if (ops <= this.hourTokens && ops <= this.minuteTokens) return 0;
    let wait = 0;
    if (ops > this.minuteTokens) wait = Math.max(wait, this.minuteEnds - now);
    if (ops > this.hourTokens) wait = Math.max(wait, this.hourEnds - now);
    return Math.max(1, wait);
  }

  spend(ops: number, now: number): void {
    this.refill(now);
    this.minuteTokens -= ops;
    this.hourTokens -= ops;
  }

  /** The browser refused: believe it, and assume the bucket is empty until its period ends. */
  exhaust(kind: 'rate-minute' | 'rate-hour', now: number): number {
    this.refill(now);
    if (kind === 'rate-minute') {
      this.minuteTokens = 0;
      return Math.max(1, this.minuteEnds - now);
    }
    this.hourTokens = 0;
    return Math.max(1, this.hourEnds - now);
  }
}
