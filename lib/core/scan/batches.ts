import type { ScanBatchProgress } from './protocol';
import type { BatchPart } from './accounts';

/**
 * Google Authenticator shows a big transfer as several QR codes, one after the other; each scan
 * sees one. The background remembers, per transfer (batch id), which codes it has seen, so the
 * next scan can say "2 of 3 scanned" and which are missing. Only numbers are kept: no names, no
 * secrets, so the record may live in storage.session and survive a service-worker restart.
 */
export interface BatchRecord {
  id: number;
  size: number;
  /** 0-based indices seen, ascending. */
  seen: number[];
  /** ms since epoch of the last scan of this transfer. */
  at: number;
}

/** A transfer is scanned within minutes; an old record would only mislead. */
export const BATCH_TTL_MS = 60 * 60_000;
const MAX_RECORDS = 8;
/** Google never splits into more codes than this; larger claims are not tracked. */
const MAX_BATCH_SIZE = 100;

/**
 * Adds this scan's parts to the records (pure: returns new records) and the progress of the
 * transfer they belong to. Parts of one scan are normally of one transfer; if a page shows codes
 * of two, the first transfer's progress is reported.
 */
export function recordBatchParts(
  records: readonly BatchRecord[],
  parts: readonly BatchPart[],
  now: number,
): { records: BatchRecord[]; progress?: ScanBatchProgress } {
  let next = records.filter((r) => now - r.at < BATCH_TTL_MS && r.at <= now && isValidRecord(r));
  let progress: ScanBatchProgress | undefined;
  for (const part of parts) {
    if (!isValidPart(part)) continue;
    // A transfer is its id and its size: two exports with a reused id still differ in size.
    const old = next.find((r) => r.id === part.id && r.size === part.size);
    const seen = [...new Set([...(old?.seen ?? []), part.index])].sort((a, b) => a - b);
    const record: BatchRecord = { id: part.id, size: part.size, seen, at: now };
    next = [record, ...next.filter((r) => r !== old)].slice(0, MAX_RECORDS);
    const first = parts.find(isValidPart);
    if (first && first.id === part.id && first.size === part.size) {
      progress = {
        scanned: seen.length,
        size: part.size,
        missing: range(part.size)
          .filter((i) => !seen.includes(i))
          .map((i) => i + 1),
      };
    }
  }
  return progress ? { records: next, progress } : { records: next };
}

function isValidPart(p: BatchPart): boolean {
  return (
    Number.isInteger(p.id) &&
    Number.isInteger(p.size) &&
    Number.isInteger(p.index) &&
    p.size > 1 &&
    p.size <= MAX_BATCH_SIZE &&
    p.index >= 0 &&
    p.index < p.size
  );
}

/** Records come back from storage: anything malformed is dropped, not trusted. */
export function isValidRecord(r: unknown): r is BatchRecord {
  if (typeof r !== 'object' || r === null) return false;
  const x = r as Partial<BatchRecord>;
  return (
    Number.isInteger(x.id) &&
    Number.isInteger(x.size) &&
    typeof x.at === 'number' &&
    Array.isArray(x.seen) &&
    (x.size ?? 0) > 1 &&
    (x.size ?? 0) <= MAX_BATCH_SIZE &&
    x.seen.every((i) => Number.isInteger(i) && i >= 0 && i < (x.size ?? 0))
  );
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
