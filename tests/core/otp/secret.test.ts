import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TesseraError } from '../../../lib/core/errors';
import {
  decodeBase32,
  decodeBase64,
  decodeHex,
  encodeBase32,
  encodeBase64,
  encodeHex,
} from '../../../lib/core/otp';

const bytes = (...b: number[]) => new Uint8Array(b);
const ascii = (s: string) => new TextEncoder().encode(s);

function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof TesseraError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('Base32 (RFC 4648 §10 test vectors)', () => {
  const rfc: [string, string][] = [
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ];
  it.each(rfc)('%j ↔ %s', (plain, encoded) => {
    expect(encodeBase32(ascii(plain))).toBe(encoded);
    expect(decodeBase32(encoded)).toEqual(ascii(plain));
    // The padded form decodes to the same bytes.
    const padded = encoded + '='.repeat((8 - (encoded.length % 8)) % 8);
    expect(decodeBase32(padded)).toEqual(ascii(plain));
  });

  it('forgives case, spaces, hyphens and missing padding', () => {
    const want = ascii('12345678901234567890');
    for (const s of [
      'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
      'gezdgnbvgy3tqojqgezdgnbvgy3tqojq',
      'gezd gnbv gy3t qojq gezd gnbv gy3t qojq',
      'GEZD-GNBV-GY3T-QOJQ-GEZD-GNBV-GY3T-QOJQ',
      '  GEZDGNBVGY3TQOJQ\tGEZDGNBVGY3TQOJQ\n',
    ]) {
      expect(decodeBase32(s)).toEqual(want);
    }
    expect(decodeBase32('jrzcl47cmxvoqmnpzr2f7j4rgi')).toEqual(
      decodeBase32('JRZCL47CMXVOQMNPZR2F7J4RGI======'),
    );
  });

  it('rejects characters outside the alphabet', () => {
    for (const s of [
      'GEZDGNB0',
      'GEZDGNB1',
      'GEZD8',
      'GEZD9',
      'ABC!',
      'AB=CD',
      'ÄBCD',
      'AB_C',
      'AB.C',
      'ſTRONG',
      'AıB',
      'ßA',
      'ﬀAB',
      '\u0000',
    ]) {
      expect(errorCode(() => decodeBase32(s))).toBe('E_SECRET_INVALID');
    }
  });

  it('does not print control characters in its message', () => {
    try {
      decodeBase32('AB\u0007C');
      expect.unreachable();
    } catch (e) {
      expect((e as TesseraError).message).toContain('U+0007');
    }
  });

  it('drops leftover bits like Google Authenticator does', () => {
    // 'MZXW6YTBOI' + 'A' carries 5 extra bits, not a byte.
    expect(decodeBase32('MZXW6YTBOIA')).toEqual(ascii('foobar'));
  });

  it('round-trips arbitrary bytes, encoded without padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        const s = encodeBase32(b);
        expect(s).toMatch(/^[A-Z2-7]*$/);
        expect(decodeBase32(s)).toEqual(b);
        expect(decodeBase32(s.toLowerCase().replace(/(.{4})/g, '$1 '))).toEqual(b);
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('encodes a subarray by its own bytes', () => {
    const view = ascii('xxfooyy').subarray(2, 5);
    expect(encodeBase32(view)).toBe('MZXW6');
  });
});

describe('Base64', () => {
  const rfc: [string, string][] = [
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ];
  it.each(rfc)('%j ↔ %s', (plain, encoded) => {
    expect(encodeBase64(ascii(plain))).toBe(encoded);
    expect(decodeBase64(encoded)).toEqual(ascii(plain));
    expect(decodeBase64(encoded.replace(/=/g, ''))).toEqual(ascii(plain));
  });

  it('accepts the URL-safe alphabet', () => {
    const b = bytes(0xfb, 0xff, 0xbf, 0xfe);
    expect(encodeBase64(b)).toBe('+/+//g==');
    expect(decodeBase64('-_-__g')).toEqual(b);
    expect(decodeBase64('-_-__g==')).toEqual(b);
    expect(decodeBase64(' +/+/ /g== ')).toEqual(b);
  });

  it('rejects bad characters, impossible lengths and bad padding', () => {
    for (const s of ['Zm9v!', 'Zm9vY', 'Z', 'Zm9=v', 'Zg===', 'Zg=', 'Zm8==', 'Zm9vYg=']) {
      expect(
        errorCode(() => decodeBase64(s)),
        s,
      ).toBe('E_SECRET_INVALID');
    }
  });

  it('round-trips arbitrary bytes in both alphabets', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        const s = encodeBase64(b);
        expect(s).toBe(Buffer.from(b).toString('base64'));
        expect(decodeBase64(s)).toEqual(b);
        expect(decodeBase64(Buffer.from(b).toString('base64url'))).toEqual(b);
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});

describe('hex', () => {
  it('decodes either case and ignores whitespace', () => {
    expect(decodeHex('00ff10Ab')).toEqual(bytes(0, 255, 16, 171));
    expect(decodeHex('00 FF\n10 ab')).toEqual(bytes(0, 255, 16, 171));
    expect(decodeHex('')).toEqual(bytes());
    expect(encodeHex(bytes(0, 255, 16, 171))).toBe('00ff10ab');
  });

  it('rejects odd lengths and non-hex characters', () => {
    for (const s of ['abc', '0g', '0x00', 'zz', '-1']) {
      expect(
        errorCode(() => decodeHex(s)),
        s,
      ).toBe('E_SECRET_INVALID');
    }
  });

  it('round-trips arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        expect(decodeHex(encodeHex(b))).toEqual(b);
        expect(decodeHex(encodeHex(b).toUpperCase())).toEqual(b);
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});

describe('non-string input is a TesseraError', () => {
  it.each([decodeBase32, decodeBase64, decodeHex])('%o', (fn) => {
    expect(errorCode(() => fn(42 as unknown as string))).toBe('E_SECRET_INVALID');
  });
});
