// The backup-compression trial: a shard payload written by fflate (deflate-raw, level 9) with a
// preset dictionary made from the range coder's own priming text (textModel.ts PRIMER), in place
// of the hand-written context-mixing coder. It exports what lib/core/backup/format/shardPayload.ts
// exports, so bench/backup/run.mjs can bundle the real engine, layout and codec around it and
// measure capacity exactly as it does for the shipped coder.
//
// Layout, chosen to give deflate its best chance:
//   [deflated length] deflate( [lengths] struct ‖ issuers ‖ labels ‖ sites ‖ other text ) ‖ raw
// struct: counts, flags and numbers as varints (order and time as deltas, as the range coder
//   codes them); text, one column per kind (like next to like): every string JSON-escaped (so
//   NUL and lone surrogates survive) and NUL-terminated; raw: the random bytes (v4 ids as 122 packed bits, secrets, non-integer
//   orders) outside deflate, because random bytes would flatten its literal code for the text.
import { inflateSync, deflateSync } from 'fflate';
import { TesseraError, isTesseraError } from '../../lib/core/errors';
import { validateOtpParams } from '../../lib/core/otp';
import type { OtpAlgorithm, OtpType } from '../../lib/core/otp/types';
import { normalizeRecoveryCodes, type RecoveryCode } from '../../lib/core/vault/recoveryCodes';
import type { Account } from '../../lib/core/vault/types';
import { Field, PRIMER } from '../../lib/core/backup/format/textModel';
import type { BackupRecord } from '../../lib/core/backup/types';

export type PayloadFormat = 1 | 2 | 3;
export const LATEST_PAYLOAD_FORMAT: PayloadFormat = 3;
export const MAX_UPDATED_AT = 2 ** 48 - 1;
export function isPayloadFormat(n: number): n is PayloadFormat {
  return n === 1 || n === 2 || n === 3;
}
/** Every field is always written, so one format serves all shards in this trial. */
export function shardPayloadFormat(): PayloadFormat {
  return 3;
}

const TYPES: readonly OtpType[] = ['totp', 'hotp', 'steam'];
const ALGORITHMS: readonly OtpAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The priming text, in the stream's own string form; most useful (sites) last, nearest. */
export const DICTIONARY = utf8.encode(
  [
    ...PRIMER.filter(([f]) => f === Field.Issuer),
    ...PRIMER.filter(([f]) => f === Field.Label),
    ...PRIMER.filter(([f]) => f === Field.Site),
  ]
    .map(([, text]) => `${escape(text)}\0`)
    .join(''),
);

function escape(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

function damaged(reason: string): TesseraError {
  return new TesseraError('E_CORRUPT', 'A backup item is damaged (bad content).', {
    problem: 'malformed',
    reason,
  });
}

/** Text columns: like next to like helps LZ77. */
const Col = { Issuer: 0, Label: 1, Site: 2, Other: 3 } as const;
type Col = (typeof Col)[keyof typeof Col];

class Writer {
  readonly struct: number[] = [];
  /** Text by column: issuers, labels, sites, the rest. */
  readonly text = ['', '', '', ''];
  readonly raw: number[] = [];
  private bitBuf = 0;
  private bitCount = 0;
  uint(n: number): void {
    let v = n;
    while (v >= 128) {
      this.struct.push((v % 128) | 128);
      v = Math.floor(v / 128);
    }
    this.struct.push(v);
  }
  int(n: number): void {
    this.uint(n < 0 ? -2 * n - 1 : 2 * n);
  }
  str(s: string, column: Col = Col.Other): void {
    this.text[column] += `${escape(s)}\0`;
  }
  bits(count: number, value: number): void {
    for (let i = count - 1; i >= 0; i--) {
      this.bitBuf = (this.bitBuf << 1) | ((value >> i) & 1);
      if (++this.bitCount === 8) {
        this.raw.push(this.bitBuf);
        this.bitBuf = 0;
        this.bitCount = 0;
      }
    }
  }
  flushBits(): void {
    if (this.bitCount > 0) this.bits(8 - this.bitCount, 0);
  }
}

class Reader {
  private s = 0;
  private readonly t = [0, 0, 0, 0];
  private r = 0;
  private bitBuf = 0;
  private bitCount = 0;
  constructor(
    private readonly struct: Uint8Array,
    private readonly text: readonly string[],
    private readonly raw: Uint8Array,
  ) {}
  uint(): number {
    let v = 0;
    let scale = 1;
    for (;;) {
      if (this.s >= this.struct.length || scale > 2 ** 49) throw damaged('number');
      const b = this.struct[this.s++] as number;
      v += (b & 127) * scale;
      if (b < 128) return v;
      scale *= 128;
    }
  }
  int(): number {
    const u = this.uint();
    return u % 2 ? -(u + 1) / 2 : u / 2;
  }
  str(column: Col = Col.Other): string {
    const text = this.text[column] as string;
    const from = this.t[column] as number;
    const end = text.indexOf('\0', from);
    if (end < 0) throw damaged('text');
    const body = text.slice(from, end);
    this.t[column] = end + 1;
    try {
      return JSON.parse(`"${body}"`) as string;
    } catch {
      throw damaged('text');
    }
  }
  bits(count: number): number {
    let v = 0;
    for (let i = 0; i < count; i++) {
      if (this.bitCount === 0) {
        if (this.r >= this.raw.length) throw damaged('raw');
        this.bitBuf = this.raw[this.r++] as number;
        this.bitCount = 8;
      }
      v = (v << 1) | ((this.bitBuf >> --this.bitCount) & 1);
    }
    return v >>> 0;
  }
  alignBits(): void {
    this.bitCount = 0;
  }
}

const F = {
  uuid: 1,
  intOrder: 2,
  pinned: 4,
  subdomains: 8,
  autoFill: 16,
  icon: 32,
  notes: 64,
  sameSites: 128,
} as const;

function codeIdOut(w: Writer, id: string): void {
  const hex = id.replace(/-/g, '');
  for (let i = 0; i < 16; i++) {
    const byte = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    if (i === 6) w.bits(4, byte & 15);
    else if (i === 8) w.bits(6, byte & 63);
    else w.bits(8, byte);
  }
}

function codeIdIn(r: Reader): string {
  let out = '';
  for (let i = 0; i < 16; i++) {
    const b = i === 6 ? 0x40 | r.bits(4) : i === 8 ? 0x80 | r.bits(6) : r.bits(8);
    out += b.toString(16).padStart(2, '0');
    if (i === 3 || i === 5 || i === 7 || i === 9) out += '-';
  }
  return out;
}

const isV4 = (id: string): boolean =>
  UUID.test(id) && id[14] === '4' && '89ab'.includes(id[19] as string);
const isSmallInt = (n: number): boolean => Number.isSafeInteger(n) && Math.abs(n) <= MAX_UPDATED_AT;

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

type Tombstone = Extract<BackupRecord, { deleted: 1 }>;

export function encodeShardPayload(records: readonly BackupRecord[]): Uint8Array {
  const live = records.flatMap((r) => (r.deleted === 0 ? [r.account] : []));
  const tombs = records.filter((r): r is Tombstone => r.deleted === 1);
  live.sort((a, b) =>
    a.order !== b.order ? (a.order < b.order ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  tombs.sort((a, b) => a.updatedAt - b.updatedAt || (a.id < b.id ? -1 : 1));
  const w = new Writer();
  w.uint(live.length);
  w.uint(tombs.length);
  const sitesByIssuer = new Map<string, string[]>();
  let prev: Account | null = null;
  for (const a of live) {
    const uuid = isV4(a.id);
    const intOrder = isSmallInt(a.order);
    const before = sitesByIssuer.get(a.issuer);
    const same = before !== undefined && sameList(before, a.sites);
    w.uint(
      (uuid ? F.uuid : 0) |
        (intOrder ? F.intOrder : 0) |
        (a.pinned ? F.pinned : 0) |
        (a.subdomains === true ? F.subdomains : 0) |
        (a.autoFill === true ? F.autoFill : 0) |
        (a.icon !== undefined ? F.icon : 0) |
        (a.notes !== undefined ? F.notes : 0) |
        (same ? F.sameSites : 0),
    );
    if (uuid) codeIdOut(w, a.id);
    else w.str(a.id);
    if (!intOrder) {
      const v = new DataView(new ArrayBuffer(8));
      v.setFloat64(0, a.order);
      for (let i = 0; i < 8; i++) w.bits(8, v.getUint8(i));
    } else if (prev && isSmallInt(prev.order)) w.int(a.order - prev.order);
    else w.int(a.order);
    const step = prev && intOrder && isSmallInt(prev.order) ? a.order - prev.order : 0;
    w.int(prev ? a.updatedAt - (prev.updatedAt + step) : a.updatedAt);
    const p = a.otp;
    w.uint(
      TYPES.indexOf(p.type) * 4 + ALGORITHMS.indexOf(p.algorithm) + (p.period === 30 ? 0 : 16),
    );
    w.uint(p.digits);
    if (p.period !== 30) w.uint(p.period);
    w.uint(p.counter);
    w.uint(p.secret.length);
    for (const b of p.secret) w.bits(8, b);
    w.str(a.issuer, Col.Issuer);
    w.str(a.label, Col.Label);
    if (!same) {
      w.uint(a.sites.length);
      for (const s of a.sites) w.str(s, Col.Site);
    }
    sitesByIssuer.set(a.issuer, a.sites);
    w.uint(a.tags?.length ?? 0);
    for (const t of a.tags ?? []) w.str(t);
    if (a.icon !== undefined) w.str(a.icon);
    w.uint(a.recoveryCodes?.length ?? 0);
    for (const c of a.recoveryCodes ?? []) {
      w.uint(c.used === true ? 1 : 0);
      w.str(c.code);
    }
    if (a.notes !== undefined) w.str(a.notes);
    prev = a;
  }
  let prevTime = 0;
  for (const t of tombs) {
    const uuid = isV4(t.id);
    w.uint(uuid ? 1 : 0);
    if (uuid) codeIdOut(w, t.id);
    else w.str(t.id);
    w.uint(t.updatedAt - prevTime);
    prevTime = t.updatedAt;
  }
  w.flushBits();
  const columns = w.text.map((t) => utf8.encode(t));
  const lenW = new Writer();
  lenW.uint(w.struct.length);
  for (const c of columns.slice(0, -1)) lenW.uint(c.length);
  const inner = new Uint8Array([...lenW.struct, ...w.struct, ...columns.flatMap((c) => [...c])]);
  const deflated = deflateSync(inner, { level: 9, mem: 12, dictionary: DICTIONARY });
  const outLen = new Writer();
  outLen.uint(deflated.length);
  return new Uint8Array([...outLen.struct, ...deflated, ...w.raw]);
}

function readUint(bytes: Uint8Array, at: { pos: number }): number {
  let v = 0;
  let scale = 1;
  for (;;) {
    if (at.pos >= bytes.length || scale > 2 ** 35) throw damaged('length');
    const b = bytes[at.pos++] as number;
    v += (b & 127) * scale;
    if (b < 128) return v;
    scale *= 128;
  }
}

export function decodeShardPayload(bytes: Uint8Array): BackupRecord[] {
  try {
    return decode(bytes);
  } catch (e) {
    if (isTesseraError(e)) throw e;
    throw damaged('decoder');
  }
}

function decode(bytes: Uint8Array): BackupRecord[] {
  const at = { pos: 0 };
  const n = readUint(bytes, at);
  if (at.pos + n > bytes.length) throw damaged('length');
  const inner = inflateSync(bytes.subarray(at.pos, at.pos + n), { dictionary: DICTIONARY });
  const raw = bytes.subarray(at.pos + n);
  const innerAt = { pos: 0 };
  const structLength = readUint(inner, innerAt);
  const lengths = [0, 1, 2].map(() => readUint(inner, innerAt));
  let pos = innerAt.pos;
  const struct = inner.subarray(pos, (pos += structLength));
  const text = [...lengths, Infinity].map((n) => {
    const end = Math.min(inner.length, pos + n);
    const part = fromUtf8.decode(inner.subarray(pos, end));
    pos = end;
    return part;
  });
  const r = new Reader(struct, text, raw);
  const nLive = r.uint();
  const nTombs = r.uint();
  if (nLive + nTombs > 100_000) throw damaged('record count');
  const out: BackupRecord[] = [];
  const sitesByIssuer = new Map<string, string[]>();
  let prev: Account | null = null;
  for (let i = 0; i < nLive; i++) {
    const f = r.uint();
    const id = f & F.uuid ? codeIdIn(r) : r.str();
    let order: number;
    if (!(f & F.intOrder)) {
      const v = new DataView(new ArrayBuffer(8));
      for (let k = 0; k < 8; k++) v.setUint8(k, r.bits(8));
      order = v.getFloat64(0);
    } else if (prev && isSmallInt(prev.order)) order = prev.order + r.int();
    else order = r.int();
    const step = prev && f & F.intOrder && isSmallInt(prev.order) ? order - prev.order : 0;
    const updatedAt = prev ? prev.updatedAt + step + r.int() : r.int();
    if (!Number.isSafeInteger(updatedAt) || updatedAt < 0 || updatedAt > MAX_UPDATED_AT)
      throw damaged('updatedAt');
    const kind = r.uint();
    const type = TYPES[(kind >> 2) & 3];
    const algorithm = ALGORITHMS[kind & 3];
    if (!type || !algorithm) throw damaged('otp');
    const digits = r.uint();
    const period = kind & 16 ? r.uint() : 30;
    const counter = r.uint();
    const secretLength = r.uint();
    if (secretLength > 1 << 16) throw damaged('secret length');
    const secret = new Uint8Array(secretLength);
    for (let k = 0; k < secretLength; k++) secret[k] = r.bits(8);
    const issuer = r.str(Col.Issuer);
    const label = r.str(Col.Label);
    let sites: string[];
    if (f & F.sameSites) sites = [...(sitesByIssuer.get(issuer) ?? [])];
    else {
      const count = r.uint();
      if (count > 1000) throw damaged('site count');
      sites = Array.from({ length: count }, () => r.str(Col.Site));
    }
    sitesByIssuer.set(issuer, sites);
    const tagCount = r.uint();
    const tags = Array.from({ length: tagCount }, () => r.str());
    const icon = f & F.icon ? r.str() : undefined;
    const codeCount = r.uint();
    const codes: RecoveryCode[] = [];
    for (let k = 0; k < codeCount; k++) {
      const used = r.uint() === 1;
      const code = r.str();
      codes.push(used ? { code, used: true } : { code });
    }
    const notes = f & F.notes ? r.str() : undefined;
    if (codes.length > 0) normalizeRecoveryCodes(codes);
    const account: Account = {
      id,
      updatedAt,
      issuer,
      label,
      otp: { type, secret, algorithm, digits, period, counter },
      sites: [...sites],
      pinned: (f & F.pinned) !== 0,
      order,
      ...(f & F.subdomains ? { subdomains: true } : {}),
      ...(f & F.autoFill ? { autoFill: true } : {}),
      ...(tags.length > 0 ? { tags } : {}),
      ...(icon !== undefined ? { icon } : {}),
      ...(codes.length > 0 ? { recoveryCodes: codes } : {}),
      ...(notes !== undefined ? { notes } : {}),
    };
    try {
      validateOtpParams(account.otp);
    } catch {
      throw damaged('otp parameters');
    }
    out.push({ id, updatedAt, deleted: 0, account });
    prev = account;
  }
  let prevTime = 0;
  for (let i = 0; i < nTombs; i++) {
    const id = r.uint() === 1 ? codeIdIn(r) : r.str();
    const updatedAt = prevTime + r.uint();
    prevTime = updatedAt;
    out.push({ id, updatedAt, deleted: 1 });
  }
  return out;
}
