import { TesseraError } from '../errors';
import { DAMAGED } from './text';

/**
 * Reads the one shape of Java object serialization (Java Object Serialization Specification,
 * chapter 6) that FreeOTP 2 writes for its backup: a java.util.HashMap whose keys and values are
 * all Strings. Nothing else is accepted, so no class is ever "instantiated" from the file; it is
 * a small reader of a fixed layout, not a general deserializer (no kept npm library reads this
 * format without executing or modelling arbitrary classes).
 *
 *   AC ED 00 05                     magic, version
 *   73 72 "java.util.HashMap" uid  TC_OBJECT, TC_CLASSDESC, name, serialVersionUID
 *   03 0002 'F' "loadFactor" 'I' "threshold" 78 70
 *                                   flags (serializable + writeObject), fields, end, no super
 *   <float loadFactor> <int threshold>
 *   77 08 <int buckets> <int size>  TC_BLOCKDATA from HashMap.writeObject
 *   size × (key, value)             TC_STRING / TC_LONGSTRING / TC_REFERENCE to a string
 *   78                              TC_ENDBLOCKDATA
 */

const MAGIC = [0xac, 0xed, 0x00, 0x05];
const TC_NULL = 0x70;
const TC_REFERENCE = 0x71;
const TC_CLASSDESC = 0x72;
const TC_OBJECT = 0x73;
const TC_STRING = 0x74;
const TC_BLOCKDATA = 0x77;
const TC_ENDBLOCKDATA = 0x78;
const TC_LONGSTRING = 0x7c;
const BASE_HANDLE = 0x7e0000;
const HASHMAP = 'java.util.HashMap';

export function isJavaSerialization(bytes: Uint8Array): boolean {
  return MAGIC.every((b, i) => bytes[i] === b);
}

function bad(message: string): TesseraError {
  return new TesseraError('E_CORRUPT', message, DAMAGED);
}

/** Java's "modified UTF-8": UTF-16 code units each as 1–3 bytes, NUL as C0 80. */
function decodeModifiedUtf8(b: Uint8Array): string {
  const units: number[] = [];
  for (let i = 0; i < b.length;) {
    const x = b[i]!;
    if (x < 0x80 && x !== 0) {
      units.push(x);
      i += 1;
    } else if ((x & 0xe0) === 0xc0 && i + 1 < b.length && (b[i + 1]! & 0xc0) === 0x80) {
      units.push(((x & 0x1f) << 6) | (b[i + 1]! & 0x3f));
      i += 2;
    } else if (
      (x & 0xf0) === 0xe0 &&
      i + 2 < b.length &&
      (b[i + 1]! & 0xc0) === 0x80 &&
      (b[i + 2]! & 0xc0) === 0x80
    ) {
      units.push(((x & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f));
      i += 3;
    } else {
      throw bad('A text in the file is not valid modified UTF-8.');
    }
  }
  let out = '';
  for (let i = 0; i < units.length; i += 4096) {
    out += String.fromCharCode(...units.slice(i, i + 4096));
  }
  return out;
}

class Reader {
  at = 0;
  readonly handles: unknown[] = [];
  constructor(private readonly b: Uint8Array) {}

  need(n: number): void {
    if (n < 0 || this.at + n > this.b.length) throw bad('The FreeOTP backup is truncated.');
  }
  u8(): number {
    this.need(1);
    return this.b[this.at++]!;
  }
  u16(): number {
    return (this.u8() << 8) | this.u8();
  }
  i32(): number {
    this.need(4);
    const v = new DataView(this.b.buffer, this.b.byteOffset + this.at, 4).getInt32(0, false);
    this.at += 4;
    return v;
  }
  bytes(n: number): Uint8Array {
    this.need(n);
    return this.b.subarray(this.at, (this.at += n));
  }
  expect(byte: number, what: string): void {
    if (this.u8() !== byte) throw bad(`The FreeOTP backup is damaged (${what}).`);
  }
  utf(): string {
    return decodeModifiedUtf8(this.bytes(this.u16()));
  }
  string(): string {
    const tc = this.u8();
    if (tc === TC_STRING || tc === TC_LONGSTRING) {
      let len: number;
      if (tc === TC_STRING) len = this.u16();
      else {
        const hi = this.i32();
        const lo = this.i32() >>> 0;
        if (hi !== 0) throw bad('A text in the FreeOTP backup is too long.');
        len = lo;
      }
      const s = decodeModifiedUtf8(this.bytes(len));
      this.handles.push(s);
      return s;
    }
    if (tc === TC_REFERENCE) {
      const h = this.i32() - BASE_HANDLE;
      const s = this.handles[h];
      if (typeof s !== 'string')
        throw bad('The FreeOTP backup refers to something that is not text.');
      return s;
    }
    throw bad('The FreeOTP backup holds something other than text.');
  }
}

/**
 * The String→String map, in file order. Throws E_IMPORT_FORMAT when the file is Java
 * serialization of something else, E_CORRUPT when it is damaged.
 */
export function readJavaStringMap(bytes: Uint8Array, maxEntries: number): Map<string, string> {
  if (!isJavaSerialization(bytes)) throw bad('The file is not Java serialization.');
  const r = new Reader(bytes);
  r.at = MAGIC.length;
  r.expect(TC_OBJECT, 'object');
  r.expect(TC_CLASSDESC, 'class');
  const name = r.utf();
  if (name !== HASHMAP) {
    throw new TesseraError('E_IMPORT_FORMAT', 'This Java data file is not a FreeOTP backup.', {
      reason: 'javaNotFreeOtp',
    });
  }
  r.bytes(8); // serialVersionUID: HashMap's has not changed since Java 1.2
  r.handles.push('class'); // the class descriptor takes the first handle
  r.u8(); // flags
  const fields = r.u16();
  let fieldBytes = 0;
  for (let i = 0; i < fields; i++) {
    const type = String.fromCharCode(r.u8());
    r.utf();
    if (type === 'F' || type === 'I') fieldBytes += 4;
    else throw bad('The FreeOTP backup has an unexpected map layout.');
  }
  r.expect(TC_ENDBLOCKDATA, 'class end');
  r.expect(TC_NULL, 'superclass');
  r.handles.push('map'); // the map object itself
  r.bytes(fieldBytes);
  r.expect(TC_BLOCKDATA, 'map data');
  if (r.u8() !== 8) throw bad('The FreeOTP backup has an unexpected map layout.');
  r.i32(); // buckets
  const size = r.i32();
  if (size < 0) throw bad('The FreeOTP backup has a negative entry count.');
  // Two entries (secret and token) per account, plus the master key.
  if (size > maxEntries * 2 + 1) {
    throw new TesseraError(
      'E_IMPORT_TOO_LARGE',
      `The file lists ${size} entries; at most ${maxEntries} accounts can be imported at once.`,
      { reason: 'tooManyEntries', entries: Math.floor(size / 2), max: maxEntries },
    );
  }
  const map = new Map<string, string>();
  for (let i = 0; i < size; i++) {
    const key = r.string();
    map.set(key, r.string());
  }
  r.expect(TC_ENDBLOCKDATA, 'map end');
  return map;
}
