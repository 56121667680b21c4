import { TesseraError } from '../../errors';

/**
 * Where accounts live in sync storage.
 *
 * Items: `h` (the header: format version, key slots, generation) and shards `s:<hex>`. Each
 * account belongs by a hash of its id to the shards of a binary trie (extendible hashing): the
 * shard for node (depth d, prefix p) holds every account whose 32-bit id hash starts with the d
 * bits p. A shard splits in two when it no longer fits one item and its halves merge back when
 * they fit together, so items stay nearly full (compression works best on larger shards) and
 * a vault of any size uses as few items as it can.
 *
 * Every shard is written in one item and is self-contained (it names its node and is sealed on
 * its own), so whatever subset of a multi-item update another profile sees, each item it reads
 * is valid. A reader takes the union of all valid shards, per account the newest version, so
 * overlapping shards (a split or merge half done, two profiles with different layouts) are
 * harmless. Writers write new shards before removing old ones; the shards present cover the
 * whole hash space except while a write is under way or after damage, which readers report as
 * 'missing' (accounts there are unknown, never deleted).
 */

export const HEADER_KEY = 'h';
const SHARD_PREFIX = 's:';
/** 2^12 leaves is far beyond the 512-item limit; deeper would mean the hash is not spreading. */
export const MAX_DEPTH = 12;

export interface ShardNode {
  depth: number;
  /** The top `depth` bits of the id hashes this shard holds. */
  prefix: number;
}

export const ROOT: ShardNode = Object.freeze({ depth: 0, prefix: 0 });

/**
 * 32-bit hash of an account id: FNV-1a over its UTF-16 units, then MurmurHash3's finaliser so
 * that the top bits (which pick the shard) depend on every character.
 */
export function idHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The node's number: a leading 1 bit, then the prefix (1 = root, 2–3 = depth 1, …). */
export function nodeNumber(node: ShardNode): number {
  return 2 ** node.depth + node.prefix;
}

export function nodeFromNumber(n: number): ShardNode | null {
  if (!Number.isSafeInteger(n) || n < 1 || n >= 2 ** (MAX_DEPTH + 1)) return null;
  const depth = Math.floor(Math.log2(n));
  // log2 of an exact power of two is exact in IEEE doubles; guard anyway.
  const d = 2 ** depth > n ? depth - 1 : 2 ** (depth + 1) <= n ? depth + 1 : depth;
  return { depth: d, prefix: n - 2 ** d };
}

export function shardKey(node: ShardNode): string {
  return SHARD_PREFIX + nodeNumber(node).toString(16);
}

/** The node of a shard key, or null when the key is not one (other data in sync storage). */
export function parseShardKey(key: string): ShardNode | null {
  if (!key.startsWith(SHARD_PREFIX)) return null;
  const hex = key.slice(SHARD_PREFIX.length);
  // One spelling per node: lowercase, no leading zeros.
  if (!/^[1-9a-f][0-9a-f]{0,3}$/.test(hex)) return null;
  return nodeFromNumber(parseInt(hex, 16));
}

export function isBackupKey(key: string): boolean {
  return key === HEADER_KEY || parseShardKey(key) !== null;
}

export function nodeContains(node: ShardNode, hash: number): boolean {
  return node.depth === 0 || hash >>> (32 - node.depth) === node.prefix;
}

export function childrenOf(node: ShardNode): [ShardNode, ShardNode] {
  const depth = node.depth + 1;
  return [
    { depth, prefix: node.prefix * 2 },
    { depth, prefix: node.prefix * 2 + 1 },
  ];
}

/** True when `a` is `b` or one of its ancestors. */
export function covers(a: ShardNode, b: ShardNode): boolean {
  return a.depth <= b.depth && b.prefix >>> (b.depth - a.depth) === a.prefix;
}

/** The largest nodes that no present shard covers: where accounts may be missing. */
export function uncovered(present: readonly ShardNode[]): ShardNode[] {
  const out: ShardNode[] = [];
  const walk = (node: ShardNode): void => {
    if (present.some((p) => covers(p, node))) return;
    if (!present.some((p) => covers(node, p))) {
      out.push(node);
      return;
    }
    for (const c of childrenOf(node)) walk(c);
  };
  walk(ROOT);
  return out;
}

export interface PlannedShard<T> {
  node: ShardNode;
  records: T[];
}

/**
 * Splits the records into the trie's leaves: a node is a leaf when `fits` says its records fit
 * one item, else it splits. A function of the records alone, so profiles that see the same
 * accounts choose the same layout and never undo each other's.
 */
export function planLayout<T extends { id: string }>(
  records: readonly T[],
  fits: (node: ShardNode, records: readonly T[]) => boolean,
): PlannedShard<T>[] {
  const hashed = records.map((r) => ({ r, h: idHash(r.id) }));
  const out: PlannedShard<T>[] = [];
  const walk = (node: ShardNode, items: { r: T; h: number }[]): void => {
    const recs = items.map((x) => x.r);
    if (fits(node, recs)) {
      out.push({ node, records: recs });
      return;
    }
    if (node.depth >= MAX_DEPTH) {
      throw new TesseraError(
        'E_BACKUP_TOO_LARGE',
        'An account is too large for browser sync storage.',
        {
          accounts: recs.length,
        },
      );
    }
    const [left, right] = childrenOf(node);
    walk(
      left,
      items.filter((x) => nodeContains(left, x.h)),
    );
    walk(
      right,
      items.filter((x) => nodeContains(right, x.h)),
    );
  };
  walk(ROOT, hashed);
  return out;
}
