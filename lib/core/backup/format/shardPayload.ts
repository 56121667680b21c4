import { TesseraError, isTesseraError } from '../../errors';
import { validateOtpParams } from '../../otp';
import type { OtpAlgorithm, OtpType } from '../../otp/types';
import {
  MAX_RECOVERY_CODES,
  normalizeNotes,
  normalizeRecoveryCodes,
  type RecoveryCode,
} from '../../vault/recoveryCodes';
import { MAX_TAGS, normalizeIconChoice, normalizeTags } from '../../vault/tags';
import type { Account } from '../../vault/types';
import {
  ArithmeticDecoder,
  ArithmeticEncoder,
  BitTable,
  NumberModel,
  codeRawBits,
  type BitChannel,
} from './rangeCoder';
import { Field, MAX_TABLE_BITS, MIN_TABLE_BITS, TextModel, tableBitsFor } from './textModel';
import type { BackupRecord } from '../types';

/**
 * The plaintext of one shard: its records, compressed with the models in rangeCoder/textModel.
 *
 * Records are coded in a fixed order (live ones by `order`, then id; tombstones by time, then
 * id) so that neighbours predict each other: orders and change times become small deltas, and
 * an issuer seen before in the shard costs a few bits, its sites often none. Secrets and ids
 * are random and cost exactly their size. Every account field is kept exactly (`Account` in,
 * the same `Account` out), including the HOTP counter, order, pinned, sites and the autofill
 * choices (`subdomains`, `autoFill`: kept, as in the vault's records, only when true).
 *
 * Tags and the icon choice came later. A shard whose accounts have none of them is coded
 * exactly as before (payload format 1, byte for byte), so it costs nothing and older
 * versions still read it; a shard where some account has them is format 2, which codes them
 * after each account's sites (shardPayloadFormat tells which; the item's version says it).
 * Recovery codes and notes came after that, the same way: format 3 only for a shard where some
 * account keeps them, coded after the tags and icon; shards without them stay format 1 or 2.
 */

// Contexts of the number model.
const N = {
  liveCount: 0,
  tombCount: 1,
  firstOrder: 2,
  orderDelta: 3,
  firstUpdated: 4,
  updatedDelta: 5,
  tombFirst: 6,
  tombDelta: 7,
  digits: 8, // + type (3)
  period: 11, // + type
  counter: 14, // + type
  secretLength: 17,
  siteCount: 18,
  listIndex: 19, // + list (4)
  tagCount: 23,
  codeCount: 24,
  total: 25,
} as const;

// Slots of the bit table.
const B = {
  typeNotTotp: 0,
  typeSteam: 1,
  algNotSha1: 2, // + type
  algSha512: 5, // + type
  period30: 8, // + type
  pinned: 11,
  sameSites: 12,
  orderIsInt: 13,
  isUuid: 14,
  uuidVersion: 15, // 4 bits, tree-indexed: 16 slots
  uuidVariant: 31, // 2 bits, tree-indexed: 4 slots
  known: 35, // + list (3); the tag list's slot is knownTag
  subdomains: 38,
  autoFill: 39,
  hasIcon: 40,
  knownTag: 41,
  codeUsed: 42,
  hasNotes: 43,
  total: 44,
} as const;

const TYPES: readonly OtpType[] = ['totp', 'hotp', 'steam'];
const ALGORITHMS: readonly OtpAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Change times up to the year 10889: more than any clock, and deltas stay exact in doubles. */
export const MAX_UPDATED_AT = 2 ** 48 - 1;
const MAX_RECORDS = 100_000;
const MAX_SITES = 1_000;
const MAX_SECRET = 1 << 16;
const LIST_CAP = 512;

const List = { Issuer: 0, Label: 1, Site: 2, Tag: 3 } as const;
type List = (typeof List)[keyof typeof List];

class Models {
  readonly text: TextModel;
  readonly num = new NumberModel(N.total);
  readonly bits = new BitTable(B.total);
  readonly lists: string[][] = [[], [], [], []];
  readonly sitesByIssuer = new Map<string, string[]>();
  constructor(tableBits: number) {
    this.text = TextModel.primed(tableBits);
  }
}

function damaged(reason: string): TesseraError {
  return new TesseraError('E_CORRUPT', 'A backup item is damaged (bad content).', {
    problem: 'malformed',
    reason,
  });
}

/** A string through a move-to-front list: a repeat costs its position, a new one its text. */
function codeListed(
  ch: BitChannel,
  m: Models,
  list: List,
  field: Field,
  value: string,
  reference = '',
): string {
  const items = m.lists[list] as string[];
  const at = items.indexOf(value);
  const slot = list === List.Tag ? B.knownTag : B.known + list;
  if (m.bits.code(ch, slot, at >= 0 ? 1 : 0)) {
    const i = m.num.code(ch, N.listIndex + list, at);
    if (i >= items.length) throw damaged('list index');
    const v = items[i] as string;
    items.splice(i, 1);
    items.unshift(v);
    return v;
  }
  const v = m.text.codeString(ch, field, value, reference);
  items.unshift(v);
  if (items.length > LIST_CAP) items.pop();
  return v;
}

function codeId(ch: BitChannel, m: Models, id: string): string {
  const isUuid = m.bits.code(ch, B.isUuid, UUID.test(id) ? 1 : 0);
  if (!isUuid) return m.text.codeString(ch, Field.Id, id);
  const hex = id.replace(/-/g, '');
  let out = '';
  for (let i = 0; i < 16; i++) {
    const byte = hex.length === 32 ? parseInt(hex.slice(i * 2, i * 2 + 2), 16) : 0;
    let b: number;
    if (i === 6) {
      // The version nibble is the same in every v4 UUID: adaptive, it costs almost nothing.
      b = (codeTree(ch, m.bits, B.uuidVersion, 4, byte >> 4) << 4) | codeRawBits(ch, 4, byte & 15);
    } else if (i === 8) {
      b = (codeTree(ch, m.bits, B.uuidVariant, 2, byte >> 6) << 6) | codeRawBits(ch, 6, byte & 63);
    } else {
      b = codeRawBits(ch, 8, byte);
    }
    out += b.toString(16).padStart(2, '0');
    if (i === 3 || i === 5 || i === 7 || i === 9) out += '-';
  }
  return out;
}

/** `bits` bits MSB first, each predicted by the bits above it (a binary tree of slots). */
function codeTree(ch: BitChannel, t: BitTable, base: number, bits: number, value: number): number {
  let node = 1;
  for (let i = bits - 1; i >= 0; i--) {
    node = (node << 1) | t.code(ch, base + node - 1, (value >> i) & 1);
  }
  return node - (1 << bits);
}

function codeFloat(ch: BitChannel, value: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  for (let i = 0; i < 8; i++) view.setUint8(i, codeRawBits(ch, 8, view.getUint8(i)));
  return view.getFloat64(0);
}

function isSmallInt(n: number): boolean {
  return Number.isSafeInteger(n) && Math.abs(n) <= MAX_UPDATED_AT;
}

function codeAccount(
  ch: BitChannel,
  m: Models,
  a: Account,
  prev: { order: number; updatedAt: number } | null,
  format: PayloadFormat,
): Account {
  const id = codeId(ch, m, a.id);

  let order: number;
  const orderIsInt = m.bits.code(ch, B.orderIsInt, isSmallInt(a.order) ? 1 : 0);
  if (!orderIsInt) order = codeFloat(ch, a.order);
  else if (!prev || !isSmallInt(prev.order)) order = m.num.codeSigned(ch, N.firstOrder, a.order);
  else order = prev.order + m.num.codeSigned(ch, N.orderDelta, a.order - prev.order);
  if (orderIsInt && !isSmallInt(order)) throw damaged('order');

  let updatedAt: number;
  if (!prev) updatedAt = m.num.code(ch, N.firstUpdated, a.updatedAt);
  else {
    // Accounts added together (an import) get consecutive times in list order, so the time
    // step is predicted by the order step.
    const step = orderIsInt && isSmallInt(prev.order) ? order - prev.order : 0;
    const predicted = prev.updatedAt + step;
    updatedAt = predicted + m.num.codeSigned(ch, N.updatedDelta, a.updatedAt - predicted);
  }
  if (!Number.isSafeInteger(updatedAt) || updatedAt < 0 || updatedAt > MAX_UPDATED_AT) {
    throw damaged('updatedAt');
  }

  const t = TYPES.indexOf(a.otp.type);
  const notTotp = m.bits.code(ch, B.typeNotTotp, t > 0 ? 1 : 0);
  const typeIndex = notTotp ? (m.bits.code(ch, B.typeSteam, t === 2 ? 1 : 0) ? 2 : 1) : 0;
  const type = TYPES[typeIndex] as OtpType;

  const al = ALGORITHMS.indexOf(a.otp.algorithm);
  const notSha1 = m.bits.code(ch, B.algNotSha1 + typeIndex, al > 0 ? 1 : 0);
  const algorithm = ALGORITHMS[
    notSha1 ? (m.bits.code(ch, B.algSha512 + typeIndex, al === 2 ? 1 : 0) ? 2 : 1) : 0
  ] as OtpAlgorithm;

  const digits = m.num.code(ch, N.digits + typeIndex, a.otp.digits);
  const period = m.bits.code(ch, B.period30 + typeIndex, a.otp.period === 30 ? 1 : 0)
    ? 30
    : m.num.code(ch, N.period + typeIndex, a.otp.period);
  const counter = m.num.code(ch, N.counter + typeIndex, a.otp.counter);
  const pinned = m.bits.code(ch, B.pinned, a.pinned ? 1 : 0) === 1;
  // Autofill choices; like records.ts, present only when true.
  const subdomains = m.bits.code(ch, B.subdomains, a.subdomains === true ? 1 : 0) === 1;
  const autoFill = m.bits.code(ch, B.autoFill, a.autoFill === true ? 1 : 0) === 1;

  const secretLength = m.num.code(ch, N.secretLength, a.otp.secret.length);
  if (secretLength > MAX_SECRET) throw damaged('secret length');
  const secret = new Uint8Array(secretLength);
  for (let i = 0; i < secretLength; i++) secret[i] = codeRawBits(ch, 8, a.otp.secret[i] ?? 0);

  const issuer = codeListed(ch, m, List.Issuer, Field.Issuer, a.issuer);
  const label = codeListed(ch, m, List.Label, Field.Label, a.label);

  // A service's sign-in origin rarely changes between its accounts: "same sites as the last
  // account of this issuer" is one cheap bit.
  let sites: string[];
  const before = m.sitesByIssuer.get(issuer);
  if (before && m.bits.code(ch, B.sameSites, sameList(before, a.sites) ? 1 : 0)) {
    sites = [...before];
  } else {
    const n = m.num.code(ch, N.siteCount, a.sites.length);
    if (n > MAX_SITES) throw damaged('site count');
    sites = [];
    for (let i = 0; i < n; i++)
      sites.push(codeListed(ch, m, List.Site, Field.Site, a.sites[i] ?? '', issuer));
  }
  m.sitesByIssuer.set(issuer, sites);

  let extras: Pick<Account, 'tags' | 'icon' | 'recoveryCodes' | 'notes'> = {};
  if (format >= 2) {
    const n = m.num.code(ch, N.tagCount, a.tags?.length ?? 0);
    if (n > MAX_TAGS) throw damaged('tag count');
    const tags: string[] = [];
    for (let i = 0; i < n; i++)
      tags.push(codeListed(ch, m, List.Tag, Field.Label, a.tags?.[i] ?? ''));
    const hasIcon = m.bits.code(ch, B.hasIcon, a.icon !== undefined ? 1 : 0) === 1;
    const icon = hasIcon ? m.text.codeString(ch, Field.Id, a.icon ?? '') : undefined;
    if (icon !== undefined && normalizeIconChoice(icon) !== icon) throw damaged('icon');
    if (!sameList(normalizeTags(tags), tags)) throw damaged('tags');
    extras = { ...(tags.length > 0 ? { tags } : {}), ...(icon !== undefined ? { icon } : {}) };
  }
  if (format >= 3) {
    const given = a.recoveryCodes ?? [];
    const n = m.num.code(ch, N.codeCount, given.length);
    if (n > MAX_RECOVERY_CODES) throw damaged('recovery code count');
    const codes: RecoveryCode[] = [];
    for (let i = 0; i < n; i++) {
      const code = m.text.codeString(ch, Field.Id, given[i]?.code ?? '');
      const used = m.bits.code(ch, B.codeUsed, given[i]?.used === true ? 1 : 0) === 1;
      codes.push(used ? { code, used: true } : { code });
    }
    const hasNotes = m.bits.code(ch, B.hasNotes, a.notes !== undefined ? 1 : 0) === 1;
    const notes = hasNotes ? m.text.codeString(ch, Field.Label, a.notes ?? '') : undefined;
    let kept: RecoveryCode[];
    try {
      kept = normalizeRecoveryCodes(codes);
      if (notes !== undefined && (notes === '' || normalizeNotes(notes) !== notes)) throw 0;
    } catch {
      throw damaged('recovery codes');
    }
    if (JSON.stringify(kept) !== JSON.stringify(codes)) throw damaged('recovery codes');
    if (codes.length > 0) extras.recoveryCodes = codes;
    if (notes !== undefined) extras.notes = notes;
  }

  const account: Account = {
    id,
    updatedAt,
    issuer,
    label,
    otp: { type, secret, algorithm, digits, period, counter },
    sites: [...sites],
    pinned,
    order,
    ...(subdomains ? { subdomains: true } : {}),
    ...(autoFill ? { autoFill: true } : {}),
    ...extras,
  };
  return account;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function compareLive(a: Account, b: Account): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

type Tombstone = Extract<BackupRecord, { deleted: 1 }>;

function compareTombs(a: Tombstone, b: Tombstone): number {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt - b.updatedAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const PLACEHOLDER: Account = {
  id: '',
  updatedAt: 0,
  issuer: '',
  label: '',
  otp: {
    type: 'totp',
    secret: new Uint8Array(0),
    algorithm: 'SHA1',
    digits: 0,
    period: 0,
    counter: 0,
  },
  sites: [],
  pinned: false,
  order: 0,
};

/**
 * 1: the original layout; 2: tags and icon choices follow each account's sites; 3: recovery
 * codes and notes follow those.
 */
export type PayloadFormat = 1 | 2 | 3;
export const LATEST_PAYLOAD_FORMAT: PayloadFormat = 3;

export function isPayloadFormat(n: number): n is PayloadFormat {
  return n === 1 || n === 2 || n === 3;
}

/** The oldest format that holds these records, so shards without the newer fields stay as they were. */
export function shardPayloadFormat(records: readonly BackupRecord[]): PayloadFormat {
  const live = records.flatMap((r) => (r.deleted === 0 ? [r.account] : []));
  if (live.some((a) => (a.recoveryCodes?.length ?? 0) > 0 || a.notes !== undefined)) return 3;
  return live.some((a) => (a.tags?.length ?? 0) > 0 || a.icon !== undefined) ? 2 : 1;
}

function codeShard(
  ch: BitChannel,
  input: readonly BackupRecord[] | null,
  format: PayloadFormat,
): BackupRecord[] {
  // First, the text model's table size, chosen from how much text follows.
  let textBytes = 0;
  for (const r of input ?? []) {
    if (r.deleted === 0) {
      textBytes += r.account.issuer.length + r.account.label.length;
      for (const site of r.account.sites) textBytes += site.length;
    }
  }
  const tableBits = MIN_TABLE_BITS + codeRawBits(ch, 3, tableBitsFor(textBytes) - MIN_TABLE_BITS);
  if (tableBits > MAX_TABLE_BITS) throw damaged('table size');
  const m = new Models(tableBits);
  const live: Account[] = [];
  const tombs: Tombstone[] = [];
  for (const r of input ?? []) {
    if (r.deleted === 0) live.push(r.account);
    else tombs.push(r);
  }
  live.sort(compareLive);
  tombs.sort(compareTombs);

  const nLive = m.num.code(ch, N.liveCount, live.length);
  const nTombs = m.num.code(ch, N.tombCount, tombs.length);
  if (nLive + nTombs > MAX_RECORDS) throw damaged('record count');

  const out: BackupRecord[] = [];
  let prev: Account | null = null;
  for (let i = 0; i < nLive; i++) {
    const a = codeAccount(ch, m, live[i] ?? PLACEHOLDER, prev, format);
    prev = a;
    out.push({ id: a.id, updatedAt: a.updatedAt, deleted: 0, account: a });
  }
  let prevTime = 0;
  for (let i = 0; i < nTombs; i++) {
    const t = tombs[i] ?? { id: '', updatedAt: 0, deleted: 1 as const };
    const id = codeId(ch, m, t.id);
    const updatedAt =
      i === 0
        ? m.num.code(ch, N.tombFirst, t.updatedAt)
        : prevTime + m.num.code(ch, N.tombDelta, t.updatedAt - prevTime);
    if (!Number.isSafeInteger(updatedAt) || updatedAt > MAX_UPDATED_AT) throw damaged('updatedAt');
    prevTime = updatedAt;
    out.push({ id, updatedAt, deleted: 1 });
  }
  return out;
}

/** Codes and notes exactly as the vault stores them (recoveryCodes.ts), or absent. */
function recoveryFieldsStored(a: Account): boolean {
  try {
    if (a.recoveryCodes !== undefined) {
      if (a.recoveryCodes.length === 0) return false;
      const kept = normalizeRecoveryCodes(a.recoveryCodes);
      if (JSON.stringify(kept) !== JSON.stringify(a.recoveryCodes)) return false;
    }
    return a.notes === undefined || (a.notes !== '' && normalizeNotes(a.notes) === a.notes);
  } catch {
    return false;
  }
}

/** Checks what the coder relies on, so a bad record fails here rather than decoding wrongly. */
function checkForEncoding(records: readonly BackupRecord[]): void {
  const ids = new Set<string>();
  for (const r of records) {
    if (ids.has(r.id)) throw new TesseraError('E_INTERNAL', 'A shard lists an account twice.');
    ids.add(r.id);
    if (!Number.isSafeInteger(r.updatedAt) || r.updatedAt < 0 || r.updatedAt > MAX_UPDATED_AT) {
      throw new TesseraError('E_FIELD_INVALID', 'An account has an impossible change time.', {
        id: r.id,
      });
    }
    if (r.deleted === 0) {
      const a = r.account;
      if (a.id !== r.id || a.updatedAt !== r.updatedAt) {
        throw new TesseraError('E_INTERNAL', 'A backup record disagrees with its account.');
      }
      validateOtpParams(a.otp);
      if (
        a.otp.secret.length > MAX_SECRET ||
        a.sites.length > MAX_SITES ||
        !sameList(normalizeTags(a.tags), a.tags ?? []) ||
        (a.tags !== undefined && a.tags.length === 0) ||
        normalizeIconChoice(a.icon) !== a.icon ||
        !recoveryFieldsStored(a) ||
        typeof a.order !== 'number'
      ) {
        throw new TesseraError('E_FIELD_INVALID', 'An account is too large to back up.', {
          id: r.id,
        });
      }
    }
  }
}

/** Codes the records in shardPayloadFormat(records); the caller stores that format beside. */
export function encodeShardPayload(records: readonly BackupRecord[]): Uint8Array {
  checkForEncoding(records);
  const enc = new ArithmeticEncoder();
  codeShard(enc, records, shardPayloadFormat(records));
  return enc.finish();
}

export function decodeShardPayload(bytes: Uint8Array, format: PayloadFormat = 1): BackupRecord[] {
  let records: BackupRecord[];
  try {
    records = codeShard(new ArithmeticDecoder(bytes), null, format);
  } catch (e) {
    if (isTesseraError(e)) throw e;
    throw damaged('decoder');
  }
  const ids = new Set<string>();
  for (const r of records) {
    if (ids.has(r.id)) throw damaged('duplicate id');
    ids.add(r.id);
    if (r.deleted === 0) {
      try {
        validateOtpParams(r.account.otp);
      } catch {
        throw damaged('otp parameters');
      }
    }
  }
  return records;
}
