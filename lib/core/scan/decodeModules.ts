// ZXing's QR decoder, fed the module grid we sampled ourselves. Deep imports: the package's
// index re-exports every format and would pull all of them into a bundle that ignores
// `sideEffects`, and it does not export the QR `Decoder` at all.
import BitMatrix from '@zxing/library/esm/core/common/BitMatrix';
import StringUtils from '@zxing/library/esm/core/common/StringUtils';
import Decoder from '@zxing/library/esm/core/qrcode/decoder/Decoder';
import StringEncoding from '@zxing/library/esm/core/util/StringEncoding';

export interface ModulePayload {
  text: string;
  /**
   * The payload as bytes, in jsQR's `binaryData` sense so both decode paths agree: every
   * segment in order, digits and alphanumerics as their ASCII codes. Undefined when ZXing's
   * result does not pin them down (a kanji segment, a non-UTF-8 byte segment next to others).
   */
  bytes?: Uint8Array;
}

let decoder: Decoder | null = null;

/**
 * Decodes a QR symbol from its modules (row-major, 1 = dark, `dimension`² entries, no quiet
 * zone): format and version information, unmasking, Reed–Solomon correction and every segment
 * mode are ZXing's, including its retry of a mirrored symbol. Returns null for anything ZXing
 * cannot read.
 */
export function decodeModules(modules: Uint8Array, dimension: number): ModulePayload | null {
  if (
    !Number.isInteger(dimension) ||
    dimension < 21 ||
    dimension > 177 ||
    (dimension - 17) % 4 !== 0 ||
    modules.length !== dimension * dimension
  ) {
    return null;
  }
  const bits = new BitMatrix(dimension, dimension);
  for (let y = 0, i = 0; y < dimension; y++) {
    for (let x = 0; x < dimension; x++, i++) if (modules[i] === 1) bits.set(x, y);
  }
  decoder ??= new Decoder();
  let text: string;
  let segments: Uint8Array[];
  try {
    const result = decoder.decodeBitMatrix(bits);
    text = result.getText();
    segments = result.getByteSegments() ?? [];
  } catch {
    // ZXing reports every unreadable symbol by throwing (FormatException, ChecksumException,
    // and index errors on a grid sampled from something that only looked like a code): to a
    // scan that is just "not a code here", and the crop path still gets its try.
    return null;
  }
  const bytes = payloadBytes(text, segments);
  return bytes ? { text, bytes } : { text };
}

/**
 * ZXing keeps only the byte segments' bytes; jsQR (the crop path) reports the whole payload.
 * Rebuilt here where the result allows it without parsing the bitstream again.
 */
function payloadBytes(text: string, segments: Uint8Array[]): Uint8Array | undefined {
  // A payload of byte segments only: they are the payload (binary data included).
  const joined = concat(segments);
  if (joined.length > 0) {
    const encoding = StringUtils.guessEncoding(joined, new Map());
    if (StringEncoding.decode(joined, encoding) === text) return joined;
  }
  // Otherwise the other segments are digits and alphanumerics (ASCII), and byte segments in
  // UTF-8 (what generators write) encode back to themselves: the text's UTF-8 is the payload
  // when every byte segment shows up in it, in order, with only ASCII around them.
  const utf8 = new TextEncoder().encode(text);
  let at = 0;
  for (const segment of segments) {
    const found = indexOf(utf8, segment, at);
    if (found < 0 || !isAscii(utf8, at, found)) return undefined;
    at = found + segment.length;
  }
  return isAscii(utf8, at, utf8.length) ? utf8 : undefined;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let i = from; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function isAscii(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}
