import type { KeySlot } from '../crypto';
import { TesseraError } from '../errors';
import { sealShard, shardItemBytes } from './format/codec';
import { signatureOf } from './entries';
import { buildHeader } from './format/header';
import { HEADER_KEY, planLayout, shardKey, type ShardNode } from './format/layout';
import type { RemoteShard } from './remote';
import { encodeShardPayload, shardPayloadFormat } from './format/shardPayload';
import { itemBytes, SYNC_LIMITS, type SyncLimits } from './syncArea';
import type { BackupEntry } from './types';

const UUID_BYTES = 15; // 122 random bits: what a v4 UUID id costs at least

/** Compressed payloads by content signature: compression is the costly step of a push. */
export class PayloadCache {
  private readonly map = new Map<string, Uint8Array>();
  constructor(private readonly capacity = 256) {}
  get(signature: string): Uint8Array | undefined {
    const v = this.map.get(signature);
    if (v) {
      this.map.delete(signature);
      this.map.set(signature, v);
    }
    return v;
  }
  set(signature: string, payload: Uint8Array): void {
    this.map.set(signature, payload);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as string);
  }
}

export interface PlannedItem {
  key: string;
  node: ShardNode;
  entries: BackupEntry[];
  signature: string;
  /** What the item costs in sync storage. */
  bytes: number;
  /** True when the remote already holds exactly this shard: nothing to write. */
  unchanged: boolean;
}

export interface BackupPlan {
  gen: number;
  shards: PlannedItem[];
  shardBytes: number;
}

/**
 * Lays the entries out in shards (layout.ts) that each fit one item, compressing only the
 * nodes whose size is in doubt, and marks the shards the remote already holds unchanged.
 * E_BACKUP_TOO_LARGE when a single account cannot fit an item.
 */
export function planBackup(options: {
  entries: readonly BackupEntry[];
  gen: number;
  limits?: SyncLimits;
  existing?: readonly RemoteShard[];
  cache?: PayloadCache;
}): BackupPlan {
  const limits = options.limits ?? SYNC_LIMITS;
  const cache = options.cache ?? new PayloadCache();
  const existing = new Map((options.existing ?? []).map((s) => [s.key, s]));
  const sizes = new Map<string, number>();

  const payloadOf = (signature: string, entries: readonly BackupEntry[]): Uint8Array => {
    let payload = cache.get(signature);
    if (!payload) {
      payload = encodeShardPayload(entries);
      cache.set(signature, payload);
    }
    return payload;
  };

  const sizeOf = (node: ShardNode, entries: readonly BackupEntry[]): number => {
    const signature = signatureOf(entries);
    const key = shardKey(node);
    const memo = sizes.get(`${key}\u0002${signature}`);
    if (memo !== undefined) return memo;
    const have = existing.get(key);
    const size =
      have && have.signature === signature && have.gen === options.gen
        ? have.bytes
        : shardItemBytes(node, options.gen, payloadOf(signature, entries).length);
    sizes.set(`${key}\u0002${signature}`, size);
    return size;
  };

  const fits = (node: ShardNode, entries: readonly BackupEntry[]): boolean => {
    if (entries.length === 0) return true;
    // Secrets and ids are incompressible: when they alone overflow, skip compressing.
    let floor = 0;
    for (const e of entries) {
      floor += /^[0-9a-f]{8}-/.test(e.id) ? UUID_BYTES : 1;
      if (e.deleted === 0) floor += e.account.otp.secret.length;
    }
    if (shardItemBytes(node, options.gen, floor) > limits.quotaBytesPerItem) return false;
    return sizeOf(node, entries) <= limits.quotaBytesPerItem;
  };

  const planned = planLayout(options.entries, fits);
  const shards = planned.map(({ node, records }) => {
    const key = shardKey(node);
    const signature = signatureOf(records);
    const have = existing.get(key);
    return {
      key,
      node,
      entries: records,
      signature,
      bytes: sizeOf(node, records),
      unchanged: have !== undefined && have.signature === signature && have.gen === options.gen,
    };
  });
  return { gen: options.gen, shards, shardBytes: shards.reduce((n, s) => n + s.bytes, 0) };
}

/** Seals the planned shards that must be written, as sync items. */
export async function sealShards(
  masterKey: Uint8Array,
  plan: BackupPlan,
  cache: PayloadCache,
  which: readonly PlannedItem[] = plan.shards,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const s of which) {
    let payload = cache.get(s.signature);
    if (!payload) {
      payload = encodeShardPayload(s.entries);
      cache.set(s.signature, payload);
    }
    out[s.key] = await sealShard(
      masterKey,
      s.node,
      plan.gen,
      payload,
      shardPayloadFormat(s.entries),
    );
  }
  return out;
}

/**
 * A whole backup as sync items, for an empty sync area: header plus every shard. The engine
 * writes incrementally instead; this is the one-shot form (tests, bench, export).
 */
export async function encodeBackup(options: {
  masterKey: Uint8Array;
  entries: readonly BackupEntry[];
  keySlots: readonly KeySlot[];
  keySlotsAt: number;
  gen?: number;
  limits?: SyncLimits;
}): Promise<{ items: Record<string, unknown>; bytes: number }> {
  const limits = options.limits ?? SYNC_LIMITS;
  const gen = options.gen ?? 0;
  const cache = new PayloadCache();
  const plan = planBackup({ entries: options.entries, gen, limits, cache });
  const header = await buildHeader(options.masterKey, {
    gen,
    slotsAt: options.keySlotsAt,
    slots: options.keySlots,
  });
  const items: Record<string, unknown> = {
    [HEADER_KEY]: header,
    ...(await sealShards(options.masterKey, plan, cache)),
  };
  const bytes = Object.entries(items).reduce((n, [k, v]) => n + itemBytes(k, v), 0);
  if (bytes > limits.quotaBytes || Object.keys(items).length > limits.maxItems) {
    throw new TesseraError(
      'E_BACKUP_TOO_LARGE',
      'The vault is too large for browser sync storage.',
      {
        neededBytes: bytes,
        availableBytes: limits.quotaBytes,
      },
    );
  }
  return { items, bytes };
}
