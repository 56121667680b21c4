import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DENSE_ALPHABET,
  DENSE_CHARS_FOR_BYTES,
  decodeDense,
  denseLength,
  encodeDense,
} from '../../../lib/core/backup/format/denseText';
import { itemBytes } from '../../../lib/core/backup/syncArea';
import { TesseraError } from '../../../lib/core/errors';

function problemOf(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e instanceof TesseraError ? [e.code, e.detail?.problem] : e;
  }
  return 'no error';
}

describe('dense text (13 bytes per 16 JSON-safe ASCII characters)', { timeout: 120_000 }, () => {
  it('uses 92 printable ASCII characters that no JSON writer escapes', () => {
    expect(DENSE_ALPHABET).toHaveLength(92);
    expect(new Set(DENSE_ALPHABET).size).toBe(92);
    for (const c of DENSE_ALPHABET) {
      expect(c.charCodeAt(0)).toBeGreaterThanOrEqual(0x20);
      expect(c.charCodeAt(0)).toBeLessThanOrEqual(0x7e);
      // One byte per character in Chromium's own measure (which escapes '<').
      expect(itemBytes('', c)).toBe(3);
    }
    expect(DENSE_ALPHABET).not.toMatch(/["\\<]/);
  });

  it('has the shortest final-chunk length for every byte count', () => {
    for (let n = 1; n <= 13; n++) {
      const c = DENSE_CHARS_FOR_BYTES[n] as number;
      expect(92n ** BigInt(c) >= 256n ** BigInt(n)).toBe(true);
      expect(92n ** BigInt(c - 1) < 256n ** BigInt(n)).toBe(true);
    }
  });

  it('round-trips any bytes, at the announced length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = encodeDense(bytes);
        expect(text).toHaveLength(denseLength(bytes.length));
        expect(JSON.parse(JSON.stringify(text))).toBe(text);
        expect(JSON.stringify(text)).toHaveLength(text.length + 2);
        expect(decodeDense(text)).toEqual(bytes);
      }),
      { seed: 42, numRuns: 10_000 },
    );
  });

  it('is 8 % denser than base64', () => {
    expect(denseLength(8000)).toBeLessThan(Math.ceil(8000 / 3) * 4 * 0.93);
  });

  it('refuses lengths no encoding has, as truncated', () => {
    const text = encodeDense(new Uint8Array(26).fill(200));
    // A final chunk of 1, 6 or 11 characters encodes no byte count (see the table above).
    for (const cut of [1, 17, 22, 27]) {
      expect(problemOf(() => decodeDense(text.slice(0, cut)))).toEqual(['E_CORRUPT', 'truncated']);
    }
  });

  it('refuses characters outside the alphabet and non-canonical chunks, as malformed', () => {
    const text = encodeDense(new Uint8Array(13).fill(1));
    expect(problemOf(() => decodeDense(`"${text.slice(1)}`))).toEqual(['E_CORRUPT', 'malformed']);
    expect(problemOf(() => decodeDense(`é${text.slice(1)}`))).toEqual(['E_CORRUPT', 'malformed']);
    // The largest 16-digit value exceeds 2^104: it cannot come from 13 bytes.
    const top = DENSE_ALPHABET[91] as string;
    expect(problemOf(() => decodeDense(top.repeat(16)))).toEqual(['E_CORRUPT', 'malformed']);
  });
});
