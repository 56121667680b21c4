import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeB64,
  encodeB64,
  randomBytes,
  utf8Decode,
  utf8Encode,
} from '../../../lib/core/crypto/bytes';
import { TesseraError } from '../../../lib/core/errors';
import { expectCode } from './helpers';

describe('base64', () => {
  it('matches RFC 4648 §10 test vectors', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, b64] of vectors) {
      expect(encodeB64(utf8Encode(plain))).toBe(b64);
      expect(utf8Decode(decodeB64(b64))).toBe(plain);
    }
  });

  it('agrees with Node for any bytes and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const b64 = encodeB64(bytes);
        expect(b64).toBe(Buffer.from(bytes).toString('base64'));
        expect(decodeB64(b64)).toEqual(new Uint8Array(bytes));
      }),
      { seed: 42, numRuns: 10000 },
    );
  });

  it.each([
    ['missing padding', 'QQ'],
    ['non-zero trailing bits (one pad)', 'QUJ='],
    ['non-zero trailing bits (two pads)', 'QR=='],
    ['too much padding', 'Q==='],
    ['only padding', '===='],
    ['padding in the middle', 'QQ==QQ=='],
    ['URL alphabet', '-_8='],
    ['whitespace', 'QQ==\n'],
    ['leading space', ' QQ='],
    ['non-ASCII', 'QQé='],
  ])('rejects %s as E_CORRUPT', async (_name, text) => {
    await expectCode(() => decodeB64(text), 'E_CORRUPT');
  });

  it.each([[null], [undefined], [42], [{}], [['QQ==']]])(
    'rejects non-string %j as E_CORRUPT',
    async (v) => {
      await expectCode(() => decodeB64(v), 'E_CORRUPT');
    },
  );

  it('accepts a string only in its one canonical form', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'AQgw+/=Zz09'.split('')), maxLength: 12 }),
        (s) => {
          let decoded: Uint8Array;
          try {
            decoded = decodeB64(s);
          } catch (e) {
            expect(e).toBeInstanceOf(TesseraError);
            return;
          }
          expect(encodeB64(decoded)).toBe(s);
        },
      ),
      { seed: 42, numRuns: 10000 },
    );
  });
});

describe('utf8 and randomness', () => {
  it('refuses invalid UTF-8 as E_CORRUPT', async () => {
    await expectCode(() => utf8Decode(new Uint8Array([0xc3, 0x28])), 'E_CORRUPT');
  });

  it('randomBytes gives the asked length and differs between calls', () => {
    expect(randomBytes(32)).toHaveLength(32);
    expect(randomBytes(0)).toHaveLength(0);
    expect(encodeB64(randomBytes(16))).not.toBe(encodeB64(randomBytes(16)));
  });

  it('randomBytes refuses nonsense lengths with a TesseraError', async () => {
    await expectCode(() => randomBytes(-1), 'E_INTERNAL');
    await expectCode(() => randomBytes(1.5), 'E_INTERNAL');
    await expectCode(() => randomBytes(70000), 'E_INTERNAL');
  });
});
