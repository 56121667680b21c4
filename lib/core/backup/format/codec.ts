import { decodeB64, encodeB64, open, seal } from '../../crypto';
import { isTesseraError } from '../../errors';
import { decodeDense, denseLength, encodeDense } from './denseText';
import { nodeFromNumber, nodeNumber, parseShardKey, shardKey, type ShardNode } from './layout';
import { problemError } from '../problems';
import {
  LATEST_PAYLOAD_FORMAT,
  decodeShardPayload,
  isPayloadFormat,
  type PayloadFormat,
} from './shardPayload';
import type { BackupRecord } from '../types';

/**
 * One shard item: the dense text (denseText.ts) of
 *
 *   [format version] [node number] [generation] [ciphertext length]   (varints)
 *   [IV, 12 bytes] [AES-256-GCM ciphertext + 16-byte tag]
 *
 * The ciphertext is the compressed shard payload (shardPayload.ts) sealed with the vault's
 * master key; the whole prefix (version, node, generation, length) is its additional data, so
 * an item cannot be moved to another key, another generation or cut short without failing.
 * The version comes first and is read before anything else: a newer format is recognised as
 * such and left alone, never reported as damage. The prefix also lets a reader tell apart the
 * damage kinds the issue lists: truncated (shorter than the stated length), misplaced (an
 * authentic item under another shard's key), stale (an older generation), tampered (a flipped
 * bit: authentication fails), malformed (anything else).
 *
 * The version is the payload's format (shardPayload.ts): 1 for shards without tags or icon
 * choices, 2 for the others, 3 where some account keeps recovery codes or notes, so an older Tessera leaves a tagged shard alone as "newer".
 */
export const ITEM_FORMAT_VERSION = LATEST_PAYLOAD_FORMAT;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const AAD_LABEL = new TextEncoder().encode('tessera/backup/shard/v1\u0000');

function writeVarint(out: number[], n: number): void {
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

function readVarint(bytes: Uint8Array, at: { pos: number }, key: string): number {
  let n = 0;
  let scale = 1;
  for (let i = 0; i < 8; i++) {
    if (at.pos >= bytes.length) {
      throw problemError('truncated', 'A backup item is cut short.', { key });
    }
    const b = bytes[at.pos++] as number;
    n += (b & 0x7f) * scale;
    if (b < 0x80) return n;
    scale *= 0x80;
  }
  throw problemError('malformed', 'A backup item is damaged.', { key, reason: 'varint' });
}

function prefixBytes(
  node: ShardNode,
  gen: number,
  ctLength: number,
  version: PayloadFormat = 1,
): Uint8Array {
  const out: number[] = [version];
  writeVarint(out, nodeNumber(node));
  writeVarint(out, gen);
  writeVarint(out, ctLength);
  return Uint8Array.from(out);
}

function aadFor(prefix: Uint8Array): Uint8Array {
  const aad = new Uint8Array(AAD_LABEL.length + prefix.length);
  aad.set(AAD_LABEL);
  aad.set(prefix, AAD_LABEL.length);
  return aad;
}

/** Size of the item's value text for a payload of n bytes (what quota planning needs). */
export function shardValueLength(node: ShardNode, gen: number, payloadLength: number): number {
  const ct = payloadLength + TAG_BYTES;
  return denseLength(prefixBytes(node, gen, ct).length + IV_BYTES + ct);
}

/** Bytes the browser charges for a shard item whose payload is n bytes. */
export function shardItemBytes(node: ShardNode, gen: number, payloadLength: number): number {
  // Key + the value's two JSON quotes; the dense alphabet never needs escaping.
  return shardKey(node).length + 2 + shardValueLength(node, gen, payloadLength);
}

export async function sealShard(
  masterKey: Uint8Array,
  node: ShardNode,
  gen: number,
  payload: Uint8Array,
  version: PayloadFormat = 1,
): Promise<string> {
  const prefix = prefixBytes(node, gen, payload.length + TAG_BYTES, version);
  const sealed = await seal(masterKey, payload, aadFor(prefix));
  const iv = decodeB64(sealed.iv);
  const ct = decodeB64(sealed.ct);
  const bytes = new Uint8Array(prefix.length + iv.length + ct.length);
  bytes.set(prefix);
  bytes.set(iv, prefix.length);
  bytes.set(ct, prefix.length + iv.length);
  return encodeDense(bytes);
}

/** What can be learnt from a shard item without the key. */
export interface ShardEnvelope {
  key: string;
  node: ShardNode;
  version: PayloadFormat;
  gen: number;
  prefix: Uint8Array;
  iv: Uint8Array;
  ct: Uint8Array;
}

/** Parses a shard item's envelope; throws the problem kind as a TesseraError. */
export function readShardEnvelope(key: string, value: unknown): ShardEnvelope {
  const keyNode = parseShardKey(key);
  if (!keyNode) throw problemError('malformed', 'Not a backup shard key.', { key });
  if (typeof value !== 'string') {
    throw problemError('malformed', 'A backup item is damaged.', { key, reason: 'not text' });
  }
  let bytes: Uint8Array;
  try {
    bytes = decodeDense(value);
  } catch (e) {
    const kind = isTesseraError(e) && e.detail?.problem === 'truncated' ? 'truncated' : 'malformed';
    throw problemError(kind, 'A backup item is damaged.', { key, reason: 'encoding' });
  }
  if (bytes.length === 0) throw problemError('truncated', 'A backup item is empty.', { key });
  const version = bytes[0] as number;
  if (version > ITEM_FORMAT_VERSION) {
    throw problemError(
      'unsupported-version',
      'Part of the backup was written by a newer version of Tessera. Update Tessera to use it.',
      { key, version },
    );
  }
  if (!isPayloadFormat(version)) {
    throw problemError('malformed', 'A backup item is damaged.', { key, reason: 'version' });
  }
  const at = { pos: 1 };
  const number = readVarint(bytes, at, key);
  const gen = readVarint(bytes, at, key);
  const ctLength = readVarint(bytes, at, key);
  const prefix = bytes.slice(0, at.pos);
  if (ctLength < TAG_BYTES) {
    throw problemError('malformed', 'A backup item is damaged.', { key, reason: 'length' });
  }
  const expected = at.pos + IV_BYTES + ctLength;
  if (bytes.length < expected)
    throw problemError('truncated', 'A backup item is cut short.', { key });
  if (bytes.length > expected) {
    throw problemError('malformed', 'A backup item is damaged.', { key, reason: 'trailing bytes' });
  }
  const node = nodeFromNumber(number);
  if (!node) throw problemError('malformed', 'A backup item is damaged.', { key, reason: 'node' });
  return {
    key,
    node,
    version,
    gen,
    prefix,
    iv: bytes.slice(at.pos, at.pos + IV_BYTES),
    ct: bytes.slice(at.pos + IV_BYTES),
  };
}

export interface OpenedShard {
  key: string;
  node: ShardNode;
  gen: number;
  records: BackupRecord[];
}

/**
 * Opens a shard item: envelope, then authentication, then the payload. An authentic item
 * stored under another shard's key is 'misplaced'; the generation is the caller's to judge.
 */
export async function openShard(
  masterKey: Uint8Array,
  key: string,
  value: unknown,
): Promise<OpenedShard> {
  const env = readShardEnvelope(key, value);
  let payload: Uint8Array;
  try {
    payload = await open(
      masterKey,
      { iv: encodeB64(env.iv), ct: encodeB64(env.ct) },
      aadFor(env.prefix),
    );
  } catch {
    throw problemError('tampered', 'A backup item failed authentication (damaged or not ours).', {
      key,
    });
  }
  if (shardKey(env.node) !== key) {
    throw problemError('misplaced', 'A backup item is stored under the wrong key.', {
      key,
      belongsTo: shardKey(env.node),
    });
  }
  let records: BackupRecord[];
  try {
    records = decodeShardPayload(payload, env.version);
  } catch (e) {
    throw problemError('malformed', 'A backup item is damaged.', {
      key,
      reason: isTesseraError(e) ? String(e.detail?.reason ?? e.code) : 'payload',
    });
  }
  return { key, node: env.node, gen: env.gen, records };
}
