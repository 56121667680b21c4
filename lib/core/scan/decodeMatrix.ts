import {
  blockCount,
  eccPerBlock,
  functionMask,
  maskBit,
  rawDataModules,
  type EcLevel,
} from './qrSpec';
import { correctErrors } from './reedSolomon';

export interface MatrixPayload {
  text: string;
  /** Byte-segment bytes as encoded; numeric and alphanumeric characters as ASCII. */
  bytes: Uint8Array;
}

/**
 * Decodes a QR symbol from its module matrix (row-major, 1 = dark, `size`×`size`, no quiet
 * zone), following ISO/IEC 18004: format information, unmasking, codeword order, block
 * de-interleaving, Reed–Solomon correction, then the segment bitstream. Returns null for
 * anything that is not a readable symbol; never throws on malformed input.
 *
 * The grid reader already knows every module, so this replaces jsQR's locate-and-sample step
 * and, unlike jsQR 1.4, reads version 23 (jsQR has a wrong alignment table entry there).
 */
export function decodeMatrix(modules: Uint8Array, size: number): MatrixPayload | null {
  if ((size - 17) % 4 !== 0 || size < 21 || size > 177 || modules.length !== size * size) {
    return null;
  }
  const version = (size - 17) / 4;
  const format = readFormat(modules, size);
  if (!format) return null;
  const codewords = readCodewords(modules, size, version, format.mask);
  const data = correctBlocks(codewords, version, format.level);
  if (!data) return null;
  try {
    return parseSegments(data, version);
  } catch {
    // A corrupt segment header (bad length, bad digits) after correction: not readable.
    return null;
  }
}

/** Whether the 15 format bits read as a valid code: the matrix is a QR symbol, if a damaged one. */
export function hasFormatInfo(modules: Uint8Array, size: number): boolean {
  return size >= 21 && modules.length === size * size && readFormat(modules, size) !== null;
}

const FORMAT_LEVEL_BITS: readonly EcLevel[] = [1, 0, 3, 2]; // format bits 00,01,10,11 → M,L,H,Q

function formatCode(levelBits: number, mask: number): number {
  const data = (levelBits << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return ((data << 10) | rem) ^ 0x5412;
}

/** Both copies of the 15 format bits, matched to the nearest valid code (≤ 3 bit errors). */
function readFormat(m: Uint8Array, size: number): { level: EcLevel; mask: number } | null {
  const at = (x: number, y: number): number => m[y * size + x]!;
  let a = 0;
  for (let i = 0; i <= 5; i++) a |= at(8, i) << i;
  a |= at(8, 7) << 6;
  a |= at(8, 8) << 7;
  a |= at(7, 8) << 8;
  for (let i = 9; i < 15; i++) a |= at(14 - i, 8) << i;
  let b = 0;
  for (let i = 0; i < 8; i++) b |= at(size - 1 - i, 8) << i;
  for (let i = 8; i < 15; i++) b |= at(8, size - 15 + i) << i;
  let best: { level: EcLevel; mask: number } | null = null;
  let bestDistance = 4;
  for (let levelBits = 0; levelBits < 4; levelBits++) {
    for (let mask = 0; mask < 8; mask++) {
      const code = formatCode(levelBits, mask);
      const d = Math.min(popcount(code ^ a), popcount(code ^ b));
      if (d < bestDistance) {
        bestDistance = d;
        best = { level: FORMAT_LEVEL_BITS[levelBits]!, mask };
      }
    }
  }
  return best;
}

function popcount(v: number): number {
  let n = 0;
  for (let x = v; x !== 0; x &= x - 1) n++;
  return n;
}

/** Reads data modules in the standard zigzag (two-column strips, right to left), unmasked. */
function readCodewords(m: Uint8Array, size: number, version: number, mask: number): Uint8Array {
  const reserved = functionMask(version);
  const out = new Uint8Array(Math.floor(rawDataModules(version) / 8));
  const totalBits = out.length * 8;
  let bit = 0;
  for (let right = size - 1; right >= 1; right -= 2) {
    // Column 6 is the vertical timing pattern: strips skip over it.
    if (right === 6) right = 5;
    const upward = ((right + 1) & 2) === 0;
    for (let v = 0; v < size; v++) {
      const y = upward ? size - 1 - v : v;
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        if (reserved[y * size + x] === 1 || bit >= totalBits) continue;
        const value = m[y * size + x]! ^ (maskBit(mask, x, y) ? 1 : 0);
        if (value) out[bit >>> 3] = out[bit >>> 3]! | (0x80 >>> (bit & 7));
        bit++;
      }
    }
  }
  return out;
}

/** Splits the interleaved codewords into blocks, corrects each, and joins their data parts. */
function correctBlocks(codewords: Uint8Array, version: number, level: EcLevel): Uint8Array | null {
  const blocks = blockCount(level, version);
  const ecc = eccPerBlock(level, version);
  const total = codewords.length;
  const shortLen = Math.floor(total / blocks);
  const shortBlocks = blocks - (total % blocks);
  const shortData = shortLen - ecc;
  const buffers = Array.from(
    { length: blocks },
    (_, j) => new Uint8Array(j < shortBlocks ? shortLen : shortLen + 1),
  );
  let k = 0;
  for (let i = 0; i <= shortLen; i++) {
    for (let j = 0; j < blocks; j++) {
      // Short blocks have no codeword at the last data position; long blocks do.
      if (j < shortBlocks && i === shortData) continue;
      const index = j < shortBlocks && i > shortData ? i - 1 : i;
      buffers[j]![index] = codewords[k++]!;
    }
  }
  const data: number[] = [];
  for (const block of buffers) {
    if (!correctErrors(block, ecc)) return null;
    for (let i = 0; i < block.length - ecc; i++) data.push(block[i]!);
  }
  return Uint8Array.from(data);
}

class BitReader {
  private pos = 0;
  constructor(private readonly bytes: Uint8Array) {}
  get remaining(): number {
    return this.bytes.length * 8 - this.pos;
  }
  read(n: number): number {
    if (n > this.remaining) throw new RangeError('past end');
    let v = 0;
    for (let i = 0; i < n; i++, this.pos++) {
      v = (v << 1) | ((this.bytes[this.pos >>> 3]! >>> (7 - (this.pos & 7))) & 1);
    }
    return v;
  }
}

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

function countBits(mode: number, version: number): number {
  const band = version <= 9 ? 0 : version <= 26 ? 1 : 2;
  switch (mode) {
    case 1:
      return [10, 12, 14][band]!;
    case 2:
      return [9, 11, 13][band]!;
    case 4:
      return [8, 16, 16][band]!;
    default:
      return [8, 10, 12][band]!;
  }
}

/** Segment bitstream (§7.4): numeric, alphanumeric, byte, kanji, ECI; FNC1/append skipped. */
function parseSegments(data: Uint8Array, version: number): MatrixPayload {
  const r = new BitReader(data);
  const bytes: number[] = [];
  let text = '';
  let charset = 'utf-8';
  while (r.remaining >= 4) {
    const mode = r.read(4);
    if (mode === 0) break;
    if (mode === 7) {
      charset = eciCharset(readEci(r));
    } else if (mode === 3) {
      r.read(16); // structured append: sequence and parity, not part of the text
    } else if (mode === 5) {
      // FNC1 first position: a flag, no payload.
    } else if (mode === 9) {
      r.read(8);
    } else if (mode === 1) {
      let n = r.read(countBits(1, version));
      let digits = '';
      while (n >= 3) {
        const v = r.read(10);
        if (v >= 1000) throw new RangeError('digits');
        digits += String(v).padStart(3, '0');
        n -= 3;
      }
      if (n === 2) {
        const v = r.read(7);
        if (v >= 100) throw new RangeError('digits');
        digits += String(v).padStart(2, '0');
      } else if (n === 1) {
        const v = r.read(4);
        if (v >= 10) throw new RangeError('digits');
        digits += String(v);
      }
      text += digits;
      for (const c of digits) bytes.push(c.charCodeAt(0));
    } else if (mode === 2) {
      let n = r.read(countBits(2, version));
      let chars = '';
      while (n >= 2) {
        const v = r.read(11);
        if (v >= 45 * 45) throw new RangeError('alphanumeric');
        chars += ALPHANUMERIC[Math.floor(v / 45)]! + ALPHANUMERIC[v % 45]!;
        n -= 2;
      }
      if (n === 1) {
        const v = r.read(6);
        if (v >= 45) throw new RangeError('alphanumeric');
        chars += ALPHANUMERIC[v]!;
      }
      text += chars;
      for (const c of chars) bytes.push(c.charCodeAt(0));
    } else if (mode === 4) {
      const n = r.read(countBits(4, version));
      const segment = new Uint8Array(n);
      for (let i = 0; i < n; i++) segment[i] = r.read(8);
      text += decodeBytes(segment, charset);
      bytes.push(...segment);
    } else if (mode === 8) {
      const n = r.read(countBits(8, version));
      const sjis = new Uint8Array(n * 2);
      for (let i = 0; i < n; i++) {
        const v = r.read(13);
        const c = Math.floor(v / 0xc0) * 0x100 + (v % 0xc0);
        const code = c + (c < 0x1f00 ? 0x8140 : 0xc140);
        sjis[2 * i] = code >>> 8;
        sjis[2 * i + 1] = code & 0xff;
      }
      text += decodeBytes(sjis, 'shift_jis');
      bytes.push(...sjis);
    } else {
      throw new RangeError('mode');
    }
  }
  return { text, bytes: Uint8Array.from(bytes) };
}

function readEci(r: BitReader): number {
  const first = r.read(8);
  if ((first & 0x80) === 0) return first & 0x7f;
  if ((first & 0xc0) === 0x80) return ((first & 0x3f) << 8) | r.read(8);
  return ((first & 0x1f) << 16) | r.read(16);
}

function eciCharset(eci: number): string {
  if (eci === 26) return 'utf-8';
  if (eci === 20) return 'shift_jis';
  if (eci === 1 || eci === 3) return 'iso-8859-1';
  if (eci >= 4 && eci <= 18 && eci !== 14) return `iso-8859-${eci - 2}`;
  return 'utf-8';
}

/**
 * Byte segments without an ECI are ISO-8859-1 by the standard, but nearly every generator
 * (otpauth enrollment pages included) writes UTF-8 without saying so: try UTF-8 strictly first.
 */
function decodeBytes(segment: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset, { fatal: true }).decode(segment);
  } catch {
    return new TextDecoder('iso-8859-1').decode(segment);
  }
}
