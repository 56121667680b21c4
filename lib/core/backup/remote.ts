import { isTesseraError, type TesseraError } from '../errors';
import { openShard, type OpenedShard } from './format/codec';
import { problemError } from './problems';
import { signatureOf, toEntry } from './entries';
import { parseHeader, verifyHeader, type BackupHeader } from './format/header';
import { HEADER_KEY, parseShardKey, shardKey, uncovered, type ShardNode } from './format/layout';
import { newestById } from './merge';
import { itemBytes } from './syncArea';
import type { BackupEntry, RemoteProblem, RemoteProblemKind } from './types';

export interface RemoteShard {
  key: string;
  node: ShardNode;
  gen: number;
  entries: BackupEntry[];
  /** What the item costs in sync storage. */
  bytes: number;
  /** Content signature (entries.ts): the shard needs no rewrite when the wanted one is equal. */
  signature: string;
}

/**
 * - 'empty': no backup at all.
 * - 'ok': a complete, authentic backup of this vault.
 * - 'partial': usable, with problems (see `problems`); what is there is merged, what is missing
 *   or damaged is ignored, and nothing is ever deleted because it is absent.
 * - 'unsupported': written by a newer Tessera; left alone entirely.
 * - 'foreign': the backup of another vault; left alone unless the user chooses to replace it.
 */
export type RemoteState = 'empty' | 'ok' | 'partial' | 'unsupported' | 'foreign';

export interface RemoteSnapshot {
  state: RemoteState;
  /** The header when it is present, well formed and authentic. */
  header: BackupHeader | null;
  /** The generation in force: the header's, else the newest authentic shard's, else 0. */
  gen: number;
  /** Newest version of every account in the usable shards. */
  entries: BackupEntry[];
  /** Authentic shards of the current generation. */
  shards: RemoteShard[];
  problems: RemoteProblem[];
  /** Every backup item present (header and shards, usable or not). */
  backupKeys: string[];
  usage: {
    /** Bytes of the backup's items. */
    backupBytes: number;
    backupItems: number;
    /** Bytes and items of other data in the same sync storage (other features). */
    otherBytes: number;
    otherItems: number;
  };
}

function asProblem(e: unknown, key: string): RemoteProblem {
  if (isTesseraError(e) && typeof e.detail?.problem === 'string') {
    return { kind: e.detail.problem as RemoteProblemKind, key, error: e };
  }
  // Our own code failing on odd input is still damage from the user's point of view.
  return {
    kind: 'malformed',
    key,
    error: problemError('malformed', 'A backup item is damaged.', { key }),
  };
}

/**
 * Reads everything sync storage holds into a snapshot of the backup, with the master key.
 * Never throws for anything found in storage: each problem is listed with its own error, and
 * the usable part is returned.
 */
export async function decodeRemote(
  items: Record<string, unknown>,
  masterKey: Uint8Array,
  cache?: ShardCache,
): Promise<RemoteSnapshot> {
  const problems: RemoteProblem[] = [];
  const usage = { backupBytes: 0, backupItems: 0, otherBytes: 0, otherItems: 0 };
  const backupKeys: string[] = [];
  const shardKeys: string[] = [];
  for (const [key, value] of Object.entries(items)) {
    const size = itemBytes(key, value);
    if (key === HEADER_KEY || parseShardKey(key)) {
      usage.backupBytes += size;
      usage.backupItems++;
      backupKeys.push(key);
      if (key !== HEADER_KEY) shardKeys.push(key);
    } else {
      usage.otherBytes += size;
      usage.otherItems++;
    }
  }
  const snapshot = (state: RemoteState, rest: Partial<RemoteSnapshot> = {}): RemoteSnapshot => ({
    state,
    header: null,
    gen: 0,
    entries: [],
    shards: [],
    problems,
    backupKeys,
    usage,
    ...rest,
  });

  if (!(HEADER_KEY in items) && shardKeys.length === 0) return snapshot('empty');

  let header: BackupHeader | null = null;
  if (HEADER_KEY in items) {
    try {
      header = parseHeader(items[HEADER_KEY]);
      await verifyHeader(masterKey, header);
    } catch (e) {
      const p = asProblem(e, HEADER_KEY);
      problems.push(p);
      header = null;
      if (p.kind === 'unsupported-version') return snapshot('unsupported');
      if (p.kind === 'foreign') return snapshot('foreign');
    }
  } else {
    problems.push({
      kind: 'missing-header',
      key: HEADER_KEY,
      error: problemError('missing-header', 'The backup header is missing.', { key: HEADER_KEY }),
    });
  }

  const opened: (OpenedShard & { entries?: BackupEntry[] })[] = [];
  for (const key of shardKeys.sort()) {
    const value = items[key];
    const hit = typeof value === 'string' ? cache?.take(key, value) : undefined;
    if (hit) {
      opened.push(hit);
      continue;
    }
    try {
      const shard = await openShard(masterKey, key, value);
      const entries = await Promise.all(shard.records.map(toEntry));
      const withEntries = { ...shard, entries };
      if (typeof value === 'string') cache?.put(key, value, withEntries);
      opened.push(withEntries);
    } catch (e) {
      const p = asProblem(e, key);
      problems.push(p);
      if (p.kind === 'unsupported-version') return snapshot('unsupported');
    }
  }
  cache?.sweep();

  const gen = header ? header.gen : opened.reduce((g, s) => Math.max(g, s.gen), 0);
  const shards: RemoteShard[] = [];
  for (const s of opened) {
    if (s.gen !== gen) {
      problems.push({
        kind: 'stale',
        key: s.key,
        error: problemError(
          'stale',
          'A backup item belongs to an older generation of the backup.',
          {
            key: s.key,
            gen: s.gen,
            current: gen,
          },
        ),
      });
      continue;
    }
    const entries = s.entries ?? (await Promise.all(s.records.map(toEntry)));
    shards.push({
      key: s.key,
      node: s.node,
      gen: s.gen,
      entries,
      bytes: itemBytes(s.key, items[s.key]),
      signature: signatureOf(entries),
    });
  }

  const gaps = uncovered(shards.map((s) => s.node));
  if (gaps.length > 0) {
    problems.push({
      kind: 'missing',
      error: problemError('missing', 'Part of the backup is missing (or still arriving).', {
        gaps: gaps.length,
        first: shardKey(gaps[0] as ShardNode),
      }),
    });
  }

  const all = shards.flatMap((s) => s.entries);
  const entries = [...newestById(all).values()].sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  return snapshot(problems.length > 0 ? 'partial' : 'ok', { header, gen, entries, shards });
}

/**
 * Decoded shards by their exact stored text, so a profile re-reading sync storage decrypts and
 * decompresses only the items that changed. Entries not used by the latest read are dropped.
 */
export class ShardCache {
  private current = new Map<string, OpenedShard & { entries: BackupEntry[] }>();
  private next = new Map<string, OpenedShard & { entries: BackupEntry[] }>();

  take(key: string, value: string): (OpenedShard & { entries: BackupEntry[] }) | undefined {
    const id = `${key}\u0000${value}`;
    const hit = this.current.get(id) ?? this.next.get(id);
    if (hit) this.next.set(id, hit);
    return hit;
  }

  put(key: string, value: string, shard: OpenedShard & { entries: BackupEntry[] }): void {
    this.next.set(`${key}\u0000${value}`, shard);
  }

  sweep(): void {
    this.current = this.next;
    this.next = new Map();
  }
}

/** The first problem as an error (for callers that must fail, such as a restore). */
export function firstProblemError(problems: readonly RemoteProblem[]): TesseraError | null {
  return problems[0]?.error ?? null;
}
