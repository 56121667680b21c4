import { TesseraError } from '../../errors';

/**
 * A binary arithmetic coder (the carry-less 32-bit design of Matt Mahoney's lpaq1), plus the
 * small adaptive models built on it. Everything is integer arithmetic on doubles below 2^53 or
 * 32-bit bit operations, so every JavaScript engine computes the same bits: a backup written by
 * Chrome decodes in Firefox.
 *
 * Encoding and decoding share one code path: models call `channel.code(p1, bit)`, which the
 * encoder answers by writing `bit` and the decoder by returning the bit it reads. Whatever a
 * model learns, it learns identically on both sides.
 */
export interface BitChannel {
  /** `p1` = probability that the bit is 1, in 1/65536, within [1, 65535]. */
  code(p1: number, bit: number): number;
}

export class ArithmeticEncoder implements BitChannel {
  private x1 = 0;
  private x2 = 0xffffffff;
  private readonly out: number[] = [];

  code(p1: number, bit: number): number {
    const xmid = this.x1 + Math.floor(((this.x2 - this.x1) * p1) / 65536);
    if (bit) this.x2 = xmid;
    else this.x1 = xmid + 1;
    while (((this.x1 ^ this.x2) & 0xff000000) === 0) {
      this.out.push(this.x2 >>> 24);
      this.x1 = (this.x1 << 8) >>> 0;
      this.x2 = ((this.x2 << 8) | 0xff) >>> 0;
    }
    return bit ? 1 : 0;
  }

  /** One byte ends the stream: the decoder reads 0xFF past the end, which lands inside [x1, x2]. */
  finish(): Uint8Array {
    this.out.push(this.x1 >>> 24);
    // Trailing 0xFF bytes are what the decoder assumes anyway.
    let n = this.out.length;
    while (n > 0 && this.out[n - 1] === 0xff) n--;
    return Uint8Array.from(this.out.slice(0, n));
  }
}

export class ArithmeticDecoder implements BitChannel {
  private x1 = 0;
  private x2 = 0xffffffff;
  private x = 0;
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {
    for (let i = 0; i < 4; i++) this.x = ((this.x << 8) | this.next()) >>> 0;
  }

  private next(): number {
    const b = this.pos < this.bytes.length ? (this.bytes[this.pos] as number) : 0xff;
    this.pos++;
    // A stream read far past its end is not one this coder wrote.
    if (this.pos > this.bytes.length + 64) {
      throw new TesseraError('E_CORRUPT', 'A backup item is damaged (stream overrun).', {
        problem: 'malformed',
      });
    }
    return b;
  }

  code(p1: number): number {
    const xmid = this.x1 + Math.floor(((this.x2 - this.x1) * p1) / 65536);
    const bit = this.x <= xmid ? 1 : 0;
    if (bit) this.x2 = xmid;
    else this.x1 = xmid + 1;
    while (((this.x1 ^ this.x2) & 0xff000000) === 0) {
      this.x1 = (this.x1 << 8) >>> 0;
      this.x2 = ((this.x2 << 8) | 0xff) >>> 0;
      this.x = ((this.x << 8) | this.next()) >>> 0;
    }
    return bit;
  }
}

/** Teaches models without coding anything (priming a model with built-in text). */
export const TRAINING_CHANNEL: BitChannel = { code: (_p1, bit) => (bit ? 1 : 0) };

/**
 * Adaptation speed by how often a context was seen: fast at first (the data is small, every
 * shard starts cold), settling at about 1/24 so later updates still track change.
 */
export const RATE = Int32Array.from({ length: 32 }, (_, n) => Math.floor(65536 / (n + 1.5)));
export const RATE_LIMIT = 22;

/** A table of adaptive bit probabilities, each with its own hit count. */
export class BitTable {
  readonly p: Uint16Array;
  readonly n: Uint8Array;
  constructor(size: number) {
    this.p = new Uint16Array(size).fill(32768);
    this.n = new Uint8Array(size);
  }

  copyFrom(other: BitTable): void {
    this.p.set(other.p);
    this.n.set(other.n);
  }

  /** Probability of a 1 at slot i, clamped away from certainty so no bit ever costs > 11 bits. */
  p1(i: number): number {
    const p = this.p[i] as number;
    return p < 32 ? 32 : p > 65504 ? 65504 : p;
  }

  update(i: number, bit: number): void {
    const n = this.n[i] as number;
    const p = this.p[i] as number;
    const target = bit ? 65535 : 0;
    this.p[i] = p + Math.trunc(((target - p) * (RATE[n] as number)) / 65536);
    if (n < RATE_LIMIT) this.n[i] = n + 1;
  }

  code(ch: BitChannel, i: number, bit: number): number {
    const b = ch.code(this.p1(i), bit);
    this.update(i, b);
    return b;
  }
}

/** A bit with no model: costs exactly one bit (random data such as secrets and ids). */
export function codeRawBit(ch: BitChannel, bit: number): number {
  return ch.code(32768, bit);
}

export function codeRawBits(ch: BitChannel, count: number, value: number): number {
  if (count <= 30) {
    let small = 0;
    for (let i = count - 1; i >= 0; i--) small = (small << 1) | ch.code(32768, (value >> i) & 1);
    return small;
  }
  let out = 0;
  for (let i = count - 1; i >= 0; i--) {
    out = out * 2 + codeRawBit(ch, Math.floor(value / 2 ** i) % 2);
  }
  return out;
}

// 54 so that Number.MAX_SAFE_INTEGER (the largest HOTP counter) + 1 = 2^53 still fits.
const MAX_NUMBER_BITS = 54;

/**
 * Non-negative safe integers (up to 2^53 − 1), Elias-gamma style: the bit length of n + 1 in unary
 * (adaptive, so a field that is always 30 costs a fraction of a bit), then the bits below the
 * leading one, the top two adaptive, the rest raw. `context` separates the statistics of
 * different fields.
 */
export class NumberModel {
  private readonly lengths: BitTable;
  private readonly mantissa: BitTable;
  constructor(private readonly contexts: number) {
    this.lengths = new BitTable(contexts * 64);
    this.mantissa = new BitTable(contexts * 64 * 8);
  }

  copyFrom(other: NumberModel): void {
    this.lengths.copyFrom(other.lengths);
    this.mantissa.copyFrom(other.mantissa);
  }

  code(ch: BitChannel, context: number, value: number): number {
    if (context < 0 || context >= this.contexts) throw new Error('NumberModel: bad context');
    const v = value + 1;
    const bits = v >= 1 ? Math.floor(Math.log2(v)) + 1 : 1;
    // Math.log2 can be off by one near powers of two; settle the length exactly.
    let len = bits;
    while (len > 1 && v < 2 ** (len - 1)) len--;
    while (v >= 2 ** len) len++;
    let n = 1;
    for (;;) {
      if (n >= MAX_NUMBER_BITS) break;
      const more = this.lengths.code(ch, context * 64 + n, n < len ? 1 : 0);
      if (!more) break;
      n++;
    }
    let out = 1;
    for (let i = n - 2; i >= 0; i--) {
      const bit = Math.floor(v / 2 ** i) % 2;
      const depth = n - 2 - i;
      const b =
        depth < 2
          ? this.mantissa.code(
              ch,
              ((context * 64 + n) * 8) | (depth === 0 ? 1 : 2 + (out % 2)),
              bit,
            )
          : codeRawBit(ch, bit);
      out = out * 2 + b;
    }
    return out - 1;
  }

  /** Signed integers (|v| < 2^52) by zig-zag: 0, −1, 1, −2, 2, … → 0, 1, 2, 3, 4, … */
  codeSigned(ch: BitChannel, context: number, value: number): number {
    const z = value >= 0 ? value * 2 : -value * 2 - 1;
    const out = this.code(ch, context, z);
    return out % 2 === 0 ? out / 2 : -(out + 1) / 2;
  }
}
