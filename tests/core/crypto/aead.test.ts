import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IV_BYTES, open, seal } from '../../../lib/core/crypto/aead';
import { decodeB64, randomBytes, utf8Encode } from '../../../lib/core/crypto/bytes';
import { expectCode, flipB64, throwsNonTessera } from './helpers';

const key = randomBytes(32);
const aad = utf8Encode('header');

describe('AES-256-GCM seal/open', () => {
  it('round-trips, including empty plaintext', async () => {
    for (const pt of [new Uint8Array(0), utf8Encode('hello'), randomBytes(5000)]) {
      const sealed = await seal(key, pt, aad);
      expect(decodeB64(sealed.iv)).toHaveLength(IV_BYTES);
      expect(decodeB64(sealed.ct)).toHaveLength(pt.length + 16);
      expect(await open(key, sealed, aad)).toEqual(pt);
      // What we store must survive JSON (and so sync storage) unchanged.
      expect(await open(key, JSON.parse(JSON.stringify(sealed)), aad)).toEqual(pt);
    }
  });

  it('uses a fresh IV for every seal', async () => {
    const pt = utf8Encode('same plaintext');
    const ivs = new Set<string>();
    const cts = new Set<string>();
    const n = 5000;
    for (let i = 0; i < n; i++) {
      const { iv, ct } = await seal(key, pt, aad);
      ivs.add(iv);
      cts.add(ct);
    }
    expect(ivs.size).toBe(n);
    expect(cts.size).toBe(n);
  });

  it('refuses a flipped bit anywhere in iv or ct, other AAD, or another key (E_CORRUPT)', async () => {
    const sealed = await seal(key, utf8Encode('secret'), aad);
    const ctLen = decodeB64(sealed.ct).length;
    for (let i = 0; i < IV_BYTES; i++) {
      await expectCode(
        () => open(key, { ...sealed, iv: flipB64(sealed.iv, i, i % 8) }, aad),
        'E_CORRUPT',
      );
    }
    for (let i = 0; i < ctLen; i++) {
      await expectCode(
        () => open(key, { ...sealed, ct: flipB64(sealed.ct, i, 7 - (i % 8)) }, aad),
        'E_CORRUPT',
      );
    }
    await expectCode(() => open(key, sealed, utf8Encode('headeR')), 'E_CORRUPT');
    await expectCode(() => open(key, sealed, new Uint8Array(0)), 'E_CORRUPT');
    await expectCode(() => open(randomBytes(32), sealed, aad), 'E_CORRUPT');
  });

  it('refuses malformed sealed objects as E_CORRUPT', async () => {
    const sealed = await seal(key, utf8Encode('secret'), aad);
    const bad: unknown[] = [
      null,
      'x',
      [],
      {},
      { iv: sealed.iv },
      { ct: sealed.ct },
      { iv: 1, ct: sealed.ct },
      { iv: sealed.iv, ct: 'not base64!' },
      { iv: 'AAAA', ct: sealed.ct },
      { iv: sealed.iv, ct: 'AAAA' },
    ];
    for (const b of bad) await expectCode(() => open(key, b, aad), 'E_CORRUPT');
  });

  it('refuses a key that is not 32 bytes with a TesseraError', async () => {
    await expectCode(() => seal(randomBytes(16), utf8Encode('x'), aad), 'E_INTERNAL');
    const sealed = await seal(key, utf8Encode('x'), aad);
    await expectCode(() => open(randomBytes(31), sealed, aad), 'E_INTERNAL');
  });

  it('throws only TesseraError on arbitrary garbage', async () => {
    const b64ish = fc.oneof(
      fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('base64')),
      fc.string(),
      fc.anything(),
    );
    const garbage = fc.oneof(
      fc.anything({
        withNullPrototype: true,
        withBigInt: true,
        withDate: true,
        withMap: true,
        withTypedArray: true,
      }),
      fc.record({ iv: b64ish, ct: b64ish }),
    );
    await fc.assert(
      fc.asyncProperty(garbage, async (g) => !(await throwsNonTessera(() => open(key, g, aad)))),
      { seed: 42, numRuns: 10000 },
    );
  });
});
