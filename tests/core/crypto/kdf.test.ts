import { argon2id } from 'hash-wasm';
import { describe, expect, it } from 'vitest';
import { decodeB64, encodeB64, toHex, utf8Encode } from '../../../lib/core/crypto/bytes';
import {
  ARGON2ID_BOUNDS,
  DEFAULT_ARGON2ID,
  PRODUCTION_KDF,
  checkKdfParams,
  deriveKey,
  newArgon2idParams,
  useKdfSetting,
  type Argon2idParams,
} from '../../../lib/core/crypto/kdf';
import { FAST_COST, expectCode } from './helpers';

describe('hash-wasm argon2id known answers', () => {
  // The reference implementation's Argon2id vectors (P-H-C/phc-winner-argon2, src/test.c,
  // version 0x13, password "password", salt "somesalt", 32-byte tag). RFC 9106 §5.3's vector
  // needs the "associated data" input, which hash-wasm does not expose, so it is not used here.
  const vectors: [number, number, number, string][] = [
    [2, 256, 1, '9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe'],
    [2, 256, 2, '6d093c501fd5999645e0ea3bf620d7b8be7fd2db59c20d9fff9539da2bf57037'],
    [2, 65536, 1, '09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7'],
  ];
  it.each(vectors)('t=%i m=%i p=%i', async (t, m, p, hex) => {
    const out = await argon2id({
      password: 'password',
      salt: 'somesalt',
      iterations: t,
      memorySize: m,
      parallelism: p,
      hashLength: 32,
      outputType: 'hex',
    });
    expect(out).toBe(hex);
  });
});

describe('deriveKey', () => {
  const params: Argon2idParams = { ...FAST_COST, salt: encodeB64(utf8Encode('0123456789abcdef')) };

  it('is exactly Argon2id over the NFC UTF-8 passphrase, 32 bytes out', async () => {
    const pass = 'Ångström café';
    const key = await deriveKey(pass, params);
    const direct = await argon2id({
      password: utf8Encode(pass.normalize('NFC')),
      salt: decodeB64(params.salt),
      iterations: params.iterations,
      memorySize: params.memoryKiB,
      parallelism: params.parallelism,
      hashLength: 32,
      outputType: 'hex',
    });
    expect(key).toHaveLength(32);
    expect(toHex(key)).toBe(direct);
  });

  it('gives the same key for NFC and NFD spellings, a different one for another passphrase', async () => {
    const nfc = 'Ångström café'.normalize('NFC');
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    const a = await deriveKey(nfc, params);
    expect(await deriveKey(nfd, params)).toEqual(a);
    expect(await deriveKey('Angstrom cafe', params)).not.toEqual(a);
    expect(
      await deriveKey(nfc, { ...params, salt: encodeB64(utf8Encode('0123456789abcdeF')) }),
    ).not.toEqual(a);
  });

  it('re-checks parameters itself', async () => {
    await expectCode(() => deriveKey('x', { ...params, memoryKiB: 8 }), 'E_KDF_PARAMS');
  });
});

describe('checkKdfParams', () => {
  const salt16 = encodeB64(new Uint8Array(16));
  const ok: Argon2idParams = { ...DEFAULT_ARGON2ID, salt: salt16 };

  it('accepts the defaults and returns a copy', () => {
    const out = checkKdfParams(ok);
    expect(out).toEqual(ok);
    expect(out).not.toBe(ok);
  });

  it('accepts values at the edges of the bounds', () => {
    const { memoryKiB, iterations, parallelism, saltBytes } = ARGON2ID_BOUNDS;
    const edges: Partial<Argon2idParams>[] = [
      { memoryKiB: memoryKiB.min, iterations: 2 },
      { memoryKiB: memoryKiB.max, iterations: 4 },
      { memoryKiB: memoryKiB.min, iterations: iterations.max },
      { memoryKiB: 46 * 1024, iterations: 1 },
      { parallelism: parallelism.min },
      { parallelism: parallelism.max },
      { salt: encodeB64(new Uint8Array(saltBytes.min)) },
      { salt: encodeB64(new Uint8Array(saltBytes.max)) },
    ];
    for (const e of edges) expect(() => checkKdfParams({ ...ok, ...e })).not.toThrow();
  });

  it.each<[string, Record<string, unknown>]>([
    ['memory 2^30 KiB (1 TiB)', { memoryKiB: 2 ** 30 }],
    ['memory just over 1 GiB', { memoryKiB: 1024 * 1024 + 1 }],
    ['memory below 19 MiB', { memoryKiB: 19 * 1024 - 1 }],
    ['memory 0', { memoryKiB: 0 }],
    ['negative memory', { memoryKiB: -65536 }],
    ['iterations 0', { iterations: 0 }],
    ['iterations 11', { iterations: 11 }],
    ['parallelism 0', { parallelism: 0 }],
    ['parallelism 100', { parallelism: 100 }],
    ['19 MiB with one pass (below the combined floor)', { memoryKiB: 19 * 1024, iterations: 1 }],
    [
      '1 GiB with five passes (above the combined ceiling)',
      { memoryKiB: 1024 * 1024, iterations: 5 },
    ],
    ['salt of 15 bytes', { salt: encodeB64(new Uint8Array(15)) }],
    ['empty salt', { salt: '' }],
    ['salt of 65 bytes', { salt: encodeB64(new Uint8Array(65)) }],
    ['memory as a string', { memoryKiB: '65536' }],
    ['iterations as a float', { iterations: 2.5 }],
    ['parallelism NaN', { parallelism: Number.NaN }],
    ['memory Infinity', { memoryKiB: Number.POSITIVE_INFINITY }],
    ['memory null', { memoryKiB: null }],
    ['iterations boolean', { iterations: true }],
    ['unknown algorithm', { alg: 'argon2i' }],
    ['scrypt', { alg: 'scrypt' }],
  ])('refuses %s with E_KDF_PARAMS', async (_name, change) => {
    await expectCode(() => checkKdfParams({ ...ok, ...change }), 'E_KDF_PARAMS');
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'argon2id'],
    ['an array', [ok]],
    ['a missing field', { alg: 'argon2id', memoryKiB: 65536, iterations: 3, salt: salt16 }],
    ['an extra field', { ...ok, hashLength: 64 }],
    ['salt not base64', { ...ok, salt: 'not base64!!' }],
    ['salt a number', { ...ok, salt: 1234 }],
  ])('refuses %s with E_CORRUPT', async (_name, value) => {
    await expectCode(() => checkKdfParams(value), 'E_CORRUPT');
  });

  it('newArgon2idParams: defaults, fresh 16-byte salt, and the bounds apply to the cost too', async () => {
    // The unit tests' cheaper default (tests/support/unitKdf.ts) is put back to production's.
    useKdfSetting(PRODUCTION_KDF);
    const a = newArgon2idParams();
    const b = newArgon2idParams();
    expect({ ...a, salt: undefined }).toEqual({ ...DEFAULT_ARGON2ID, salt: undefined });
    expect(decodeB64(a.salt)).toHaveLength(16);
    expect(a.salt).not.toBe(b.salt);
    await expectCode(() => newArgon2idParams({ ...FAST_COST, iterations: 0 }), 'E_KDF_PARAMS');
  });
});
