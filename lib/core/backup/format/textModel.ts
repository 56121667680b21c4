import { TesseraError } from '../../errors';
import {
  BitTable,
  codeRawBits,
  NumberModel,
  RATE,
  RATE_LIMIT,
  TRAINING_CHANNEL,
  type BitChannel,
} from './rangeCoder';

/**
 * Text compression for issuers, labels and sites: a small context-mixing model (orders 0–6
 * over the bytes of the same kind of field, mixed by a gated linear mixer in the logistic
 * domain, as in lpaq1). Sync storage is ~100 KB for the whole vault, so every shard must be
 * compressed on its own (it is written on its own) and is small; deflate spends much of such a
 * small input on its Huffman tables, this model spends nothing on tables and learns from the
 * first byte. It is primed with generic text (URL and e-mail patterns, see PRIMER), which costs
 * no space in the backup.
 */

/** Kinds of text; each has its own statistics. */
export const Field = { Issuer: 0, Label: 1, Site: 2, Id: 3 } as const;
export type Field = (typeof Field)[keyof typeof Field];
const FIELDS = 4;
const WEIGHT_LIMIT = 1 << 24;

// squash(x) = 4096 / (1 + e^-x/256), tabulated at 33 points and interpolated (lpaq1), so it is
// integer-exact everywhere; stretch is its inverse, tabulated.
const SQUASH_T = [
  1, 2, 3, 6, 10, 16, 27, 45, 73, 120, 194, 310, 488, 747, 1101, 1546, 2047, 2549, 2994, 3348, 3607,
  3785, 3901, 3975, 4024, 4050, 4068, 4079, 4085, 4089, 4092, 4093, 4094,
];
function squash(d: number): number {
  if (d > 2047) return 4095;
  if (d < -2047) return 1;
  const w = d & 127;
  const i = (d >> 7) + 16;
  return ((SQUASH_T[i] as number) * (128 - w) + (SQUASH_T[i + 1] as number) * w + 64) >> 7;
}
const STRETCH = (() => {
  const t = new Int16Array(4096);
  let pi = 0;
  for (let x = -2047; x <= 2047; x++) {
    const v = squash(x);
    for (let i = pi; i <= v; i++) t[i] = x;
    pi = v + 1;
  }
  for (let i = pi; i < 4096; i++) t[i] = 2047;
  return t;
})();

const ORDERS = [0, 1, 2, 3, 4, 6] as const;
/** Context orders, the two match predictors, and a bias. */
const INPUTS = ORDERS.length + 3;
const IN_MATCH = ORDERS.length;
const IN_REF = ORDERS.length + 1;
const IN_BIAS = ORDERS.length + 2;
/**
 * Context tables hold 2^bits slots per order: 2^16 for full shards (fewer collisions, ~1 %
 * smaller output than 2^14), less for small ones, whose model is then cheap to set up. The
 * encoder picks the size from the text it is about to code and records it in the payload.
 */
export const MIN_TABLE_BITS = 12;
export const MAX_TABLE_BITS = 16;

export function tableBitsFor(textBytes: number): number {
  let bits = MIN_TABLE_BITS;
  // About four table slots per coded bit keeps collisions rare.
  while (bits < MAX_TABLE_BITS && 2 ** bits < textBytes * 8 * 4) bits++;
  return bits;
}
const LEARNING_RATE = 6;
const MAX_TEXT_BYTES = 1 << 16;
const MATCH_MIN = 4;
const MATCH_MAX = 15;

/**
 * Predicts the next byte by the byte that followed the last occurrence of the current context
 * (lpaq1's match model): long repeats, such as an e-mail domain seen earlier in the shard, cost
 * almost nothing. One history per field.
 */
class History {
  bytes: Uint8Array = new Uint8Array(1024);
  length = 0;
  private readonly last = new Map<number, number>();
  /** Position of the predicted byte, and how many bytes already matched. */
  ptr = 0;
  len = 0;

  push(b: number): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = b;
    if (this.len > 0 && this.bytes[this.ptr] === b) {
      this.ptr++;
      if (this.len < MATCH_MAX) this.len++;
    } else {
      this.len = 0;
    }
    if (this.length >= MATCH_MIN) {
      let h = 0;
      for (let i = this.length - MATCH_MIN; i < this.length; i++) {
        h = Math.imul(h ^ (this.bytes[i] as number), 0x9e3779b1) ^ (h >>> 13);
      }
      if (this.len === 0) {
        const at = this.last.get(h);
        if (at !== undefined) {
          let n = 0;
          while (
            n < MATCH_MAX &&
            at - n - 1 >= 0 &&
            this.bytes[at - n - 1] === this.bytes[this.length - n - 1]
          )
            n++;
          if (n >= MATCH_MIN) {
            this.ptr = at;
            this.len = n;
          }
        }
      }
      this.last.set(h, this.length);
    }
  }

  predicted(): number {
    return this.len > 0 && this.ptr < this.length ? (this.bytes[this.ptr] as number) : -1;
  }

  copyFrom(other: History): void {
    this.bytes = other.bytes.slice();
    this.length = other.length;
    this.last.clear();
    for (const [k, v] of other.last) this.last.set(k, v);
    this.ptr = other.ptr;
    this.len = other.len;
  }
}

/**
 * Predicts a site from its issuer: sign-in origins usually spell the service's name
 * ("GitHub" → github.com, "Battle.net" → account.battle.net). The reference is the issuer in
 * lower case without spaces; after a separator ('/', '.', '-') the model expects the name to
 * start, and once a byte matches it expects the name to go on.
 */
class Reference {
  private ref: Uint8Array = new Uint8Array(0);
  ptr = -1;
  len = 0;

  reset(ref: Uint8Array): void {
    this.ref = ref;
    this.ptr = -1;
    this.len = 0;
  }

  push(b: number): void {
    if (this.ptr >= 0 && this.ptr < this.ref.length && this.ref[this.ptr] === b) {
      this.ptr++;
      if (this.len < MATCH_MAX) this.len++;
      return;
    }
    this.len = 0;
    this.ptr = b === 0x2f || b === 0x2e || b === 0x2d ? 0 : -1;
  }

  predicted(): number {
    return this.ptr >= 0 && this.ptr < this.ref.length ? (this.ref[this.ptr] as number) : -1;
  }
}

export class TextModel {
  /** One probability table per order, flattened: slot = order * 2^tableBits + hash. */
  private readonly probs: Uint16Array;
  private readonly counts: Uint8Array;
  private readonly tableBits: number;
  private readonly weights = new Int32Array(FIELDS * 4 * 8 * INPUTS).fill(Math.round(65536 * 0.25));
  private readonly hashes = new Int32Array(ORDERS.length);
  private readonly slots = new Int32Array(ORDERS.length);
  private readonly st = new Int32Array(INPUTS);
  private readonly modes = new BitTable(FIELDS);
  private readonly lengths = new NumberModel(FIELDS);
  private readonly histories = Array.from({ length: FIELDS }, () => new History());
  private readonly reference = new Reference();
  private readonly matchTable = new BitTable(2 * 2 * (MATCH_MAX + 1));
  /** The last 8 bytes of the current string, newest in the low byte. */
  private histLo = 0;
  private histHi = 0;

  constructor(tableBits = MAX_TABLE_BITS) {
    this.tableBits = Math.min(MAX_TABLE_BITS, Math.max(MIN_TABLE_BITS, tableBits));
    this.probs = new Uint16Array(ORDERS.length << this.tableBits).fill(32768);
    this.counts = new Uint8Array(ORDERS.length << this.tableBits);
  }

  private computeHashes(field: number): void {
    for (let k = 0; k < ORDERS.length; k++) {
      const order = ORDERS[k] as number;
      let h = Math.imul(field + 1, 0x2f0b4a13) ^ Math.imul(order + 1, 0x6b43a9b5);
      const lo =
        order >= 4 ? this.histLo : order === 0 ? 0 : this.histLo & ((1 << (order * 8)) - 1);
      h = Math.imul(h ^ lo, 0x9e3779b1);
      if (order > 4) {
        const hi = this.histHi & ((1 << ((order - 4) * 8)) - 1);
        h = Math.imul(h ^ hi, 0x85ebca6b);
      }
      this.hashes[k] = h ^ (h >>> 15);
    }
  }

  private codeByte(ch: BitChannel, field: number, byte: number): number {
    this.computeHashes(field);
    const history = this.histories[field] as History;
    const matchByte = history.predicted();
    const refByte = field === Field.Site ? this.reference.predicted() : -1;
    let c0 = 1;
    for (let j = 7; j >= 0; j--) {
      // A predictor speaks only while the bits so far agree with its byte.
      const matchOn = matchByte >= 0 && (matchByte + 256) >> (j + 1) === c0;
      const refOn = refByte >= 0 && (refByte + 256) >> (j + 1) === c0;
      const wBase =
        (((field * 2 + (matchOn ? 1 : 0)) * 2 + (refOn ? 1 : 0)) * 8 + (7 - j)) * INPUTS;
      let dot = 0;
      const probs = this.probs;
      for (let k = 0; k < ORDERS.length; k++) {
        const h = Math.imul((this.hashes[k] as number) + c0, 0x9e3779b1);
        const slot = (k << this.tableBits) | (h >>> (32 - this.tableBits));
        this.slots[k] = slot;
        const s = STRETCH[(probs[slot] as number) >> 4] as number;
        this.st[k] = s;
        dot += s * (this.weights[wBase + k] as number);
      }
      const matchSlot = matchOn ? ((matchByte >> j) & 1) * (MATCH_MAX + 1) + history.len : -1;
      const refSlot = refOn
        ? 2 * (MATCH_MAX + 1) + ((refByte >> j) & 1) * (MATCH_MAX + 1) + this.reference.len
        : -1;
      this.st[IN_MATCH] =
        matchSlot >= 0 ? (STRETCH[(this.matchTable.p[matchSlot] as number) >> 4] as number) : 0;
      this.st[IN_REF] =
        refSlot >= 0 ? (STRETCH[(this.matchTable.p[refSlot] as number) >> 4] as number) : 0;
      this.st[IN_BIAS] = 256;
      for (let k = ORDERS.length; k < INPUTS; k++)
        dot += (this.st[k] as number) * (this.weights[wBase + k] as number);
      let p12 = squash(Math.floor(dot / 65536));
      if (p12 < 1) p12 = 1;
      if (p12 > 4095) p12 = 4095;
      const bit = ch.code(p12 * 16, (byte >> j) & 1);
      const err = ((bit << 12) - p12) * LEARNING_RATE;
      for (let k = 0; k < INPUTS; k++) {
        const w = (this.weights[wBase + k] as number) + (((this.st[k] as number) * err) >> 10);
        this.weights[wBase + k] =
          w > WEIGHT_LIMIT ? WEIGHT_LIMIT : w < -WEIGHT_LIMIT ? -WEIGHT_LIMIT : w;
      }
      const target = bit ? 65535 : 0;
      for (let k = 0; k < ORDERS.length; k++) {
        // BitTable.update, inlined: this loop is the codec's hot spot.
        const slot = this.slots[k] as number;
        const n = this.counts[slot] as number;
        const p = probs[slot] as number;
        probs[slot] = p + Math.trunc(((target - p) * (RATE[n] as number)) / 65536);
        if (n < RATE_LIMIT) this.counts[slot] = n + 1;
      }
      if (matchSlot >= 0) this.matchTable.update(matchSlot, bit);
      if (refSlot >= 0) this.matchTable.update(refSlot, bit);
      c0 = (c0 << 1) | bit;
    }
    const out = c0 & 0xff;
    this.histHi = ((this.histHi << 8) | (this.histLo >>> 24)) >>> 0;
    this.histLo = ((this.histLo << 8) | out) >>> 0;
    history.push(out);
    if (field === Field.Site) this.reference.push(out);
    return out;
  }

  /**
   * One string. Normal text is UTF-8 ended by a 0 byte (the model learns where strings end);
   * a string UTF-8 cannot carry exactly (a NUL, a lone surrogate) goes as raw UTF-16 units.
   * `reference` (sites only): the issuer, which sites tend to spell.
   */
  codeString(ch: BitChannel, field: Field, text: string, reference = ''): string {
    const raw = needsRaw(text) ? 1 : 0;
    if (this.modes.code(ch, field, raw)) {
      const n = this.lengths.code(ch, field, text.length);
      if (n > MAX_TEXT_BYTES) throw damaged();
      let out = '';
      for (let i = 0; i < n; i++)
        out += String.fromCharCode(codeRawBits(ch, 16, text.charCodeAt(i)));
      return out;
    }
    this.histLo = 0;
    this.histHi = 0;
    if (field === Field.Site)
      this.reference.reset(encoder.encode(reference.toLowerCase().replace(/\s+/g, '')));
    const bytes = encoder.encode(text);
    const out: number[] = [];
    for (let i = 0; ; i++) {
      const b = this.codeByte(ch, field, i < bytes.length ? (bytes[i] as number) : 0);
      if (b === 0) break;
      out.push(b);
      if (out.length > MAX_TEXT_BYTES) throw damaged();
    }
    try {
      return decoder.decode(Uint8Array.from(out));
    } catch {
      throw damaged();
    }
  }

  /** Teaches the model generic text so the first strings of a shard are already cheap. */
  prime(samples: readonly (readonly [Field, string, string?])[]): void {
    for (const [field, text, reference] of samples)
      this.codeString(TRAINING_CHANNEL, field, text, reference);
  }

  private copyFrom(other: TextModel): void {
    this.probs.set(other.probs);
    this.counts.set(other.counts);
    this.weights.set(other.weights);
    this.modes.copyFrom(other.modes);
    this.lengths.copyFrom(other.lengths);
    this.histories.forEach((h, i) => h.copyFrom(other.histories[i] as History));
    this.matchTable.copyFrom(other.matchTable);
  }

  /** A model primed with PRIMER: copied from a primed template, much faster than priming. */
  static primed(tableBits = MAX_TABLE_BITS): TextModel {
    let template = templates.get(tableBits);
    if (!template) {
      template = new TextModel(tableBits);
      template.prime(PRIMER);
      templates.set(tableBits, template);
    }
    const m = new TextModel(tableBits);
    m.copyFrom(template);
    return m;
  }
}

const templates = new Map<number, TextModel>();

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function needsRaw(text: string): boolean {
  if (text.includes('\u0000')) return true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

function damaged(): TesseraError {
  return new TesseraError('E_CORRUPT', 'A backup item is damaged (bad text).', {
    problem: 'malformed',
  });
}

/**
 * Generic text the model starts from: how sign-in origins and e-mail addresses usually look.
 * Deliberately not a list of services, and frozen with the format: changing it changes every
 * shard's bits, so it needs a new item format version.
 */
export const PRIMER: readonly (readonly [Field, string, string?])[] = Object.freeze([
  ...[
    ['https://www.example.com', 'Example'],
    ['https://login.example.com', 'Example'],
    ['https://accounts.example.com', 'Example'],
    ['https://account.example.org', 'Example Org'],
    ['https://id.example.net', 'Example'],
    ['https://auth.example.io', 'Example.io'],
    ['https://signin.example.com', 'Example'],
    ['https://secure.examplebank.de', 'Example Bank'],
    ['https://app.example.com', 'Example'],
    ['https://my.example.co.uk', 'Example UK'],
    ['https://portal.example.nl', 'Example'],
    ['https://example.com', 'Example'],
  ].map(([site, issuer]) => [Field.Site, site as string, issuer] as const),
  ...[
    'alice@gmail.com',
    'bob@outlook.com',
    'carol@hotmail.com',
    'dave@yahoo.com',
    'erin@icloud.com',
    'frank@proton.me',
    'grace@protonmail.com',
    'heidi@gmx.de',
    'ivan@web.de',
    'judy@live.com',
    'mallory@aol.com',
    'niaj@mail.ru',
    'olivia@yandex.ru',
    'peggy@qq.com',
    'rupert@example.com',
    'sybil_1234',
    'trent.smith@company.com',
  ].map((s) => [Field.Label, s] as const),
  ...['Example', 'Example Inc.', 'Example Bank'].map((s) => [Field.Issuer, s] as const),
]);
