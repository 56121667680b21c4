import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../../lib/core/crypto/aead';
import { decodeB64, encodeB64 } from '../../../lib/core/crypto/bytes';
import {
  DEFAULT_ARGON2ID,
  PRODUCTION_KDF,
  deriveKey,
  useKdfSetting,
} from '../../../lib/core/crypto/kdf';
import { generateRecoveryKey } from '../../../lib/core/crypto/recovery';
import {
  createMasterKey,
  createPassphraseSlot,
  createRecoverySlot,
  openPassphraseSlot,
  openRecoverySlot,
  parseKeySlot,
  slotCheck,
  slotHeaderAad,
  unlockWithPassphrase,
  unlockWithRecoveryKey,
  type KeySlot,
  type PassphraseSlot,
  type RecoverySlot,
} from '../../../lib/core/crypto/slots';
import type { ErrorCode } from '../../../lib/core/errors';
import { FAST_COST, clone, expectCode, flipB64, throwsNonTessera } from './helpers';

const PASS = 'correct horse battery staple';
let masterKey: Uint8Array;
let recoveryKey: string;
let pSlot: PassphraseSlot;
let rSlot: RecoverySlot;

beforeAll(async () => {
  masterKey = createMasterKey();
  recoveryKey = generateRecoveryKey();
  pSlot = await createPassphraseSlot(masterKey, PASS, FAST_COST);
  rSlot = await createRecoverySlot(masterKey, recoveryKey);
});

/** Re-computes `check` so a test reaches the GCM layer with a deliberately edited slot. */
async function forge<T extends KeySlot>(slot: T): Promise<T> {
  return { ...slot, check: await slotCheck(slot) };
}

describe('creating and opening slots', () => {
  it('createMasterKey gives 32 fresh random bytes', () => {
    expect(masterKey).toHaveLength(32);
    expect(encodeB64(createMasterKey())).not.toBe(encodeB64(createMasterKey()));
  });

  it('a passphrase slot has the documented shape and opens with the passphrase', async () => {
    expect(Object.keys(pSlot).sort()).toEqual(['check', 'ct', 'id', 'iv', 'kdf', 'kind', 'v']);
    expect(pSlot).toMatchObject({ v: 1, kind: 'passphrase', kdf: { ...FAST_COST } });
    expect(pSlot.id).toMatch(/^[0-9a-f]{32}$/);
    expect(decodeB64(pSlot.kdf.salt)).toHaveLength(16);
    expect(await openPassphraseSlot(pSlot, PASS)).toEqual(masterKey);
  });

  it('a recovery slot opens with the key as shown or as sloppily typed', async () => {
    expect(rSlot).toMatchObject({ v: 1, kind: 'recovery', kdf: { alg: 'hkdf-sha256' } });
    expect(await openRecoverySlot(rSlot, recoveryKey)).toEqual(masterKey);
    const typed = recoveryKey.toLowerCase().replaceAll('-', ' ').replaceAll('o', '0');
    expect(await openRecoverySlot(rSlot, typed)).toEqual(masterKey);
  });

  it('slots survive JSON (sync storage) and contain no plaintext key', async () => {
    for (const slot of [pSlot, rSlot]) {
      const json = JSON.stringify(slot);
      expect(JSON.parse(json)).toEqual(slot);
      expect(json).not.toContain(encodeB64(masterKey));
    }
    expect(await openPassphraseSlot(clone(pSlot), PASS)).toEqual(masterKey);
    expect(await openRecoverySlot(clone(rSlot), recoveryKey)).toEqual(masterKey);
  });

  it('each slot of the same key gets its own id, salt, IV and ciphertext', async () => {
    const again = await createRecoverySlot(masterKey, recoveryKey);
    for (const f of ['id', 'iv', 'ct', 'check'] as const) expect(again[f]).not.toBe(rSlot[f]);
    expect(again.kdf.salt).not.toBe(rSlot.kdf.salt);
  });

  it('NFC and NFD spellings of a passphrase open the same slot', async () => {
    const p = 'Ångström café ñ';
    const slot = await createPassphraseSlot(masterKey, p.normalize('NFD'), FAST_COST);
    expect(await openPassphraseSlot(slot, p.normalize('NFC'))).toEqual(masterKey);
    expect(await openPassphraseSlot(slot, p.normalize('NFD'))).toEqual(masterKey);
  });

  it(
    'works end to end with the real defaults (Argon2id 64 MiB, t=3, p=1)',
    { timeout: 30000 },
    async () => {
      // The unit tests' cheaper default (tests/support/unitKdf.ts) is put back to production's.
      useKdfSetting(PRODUCTION_KDF);
      const slot = await createPassphraseSlot(masterKey, PASS);
      expect(slot.kdf).toMatchObject({ ...DEFAULT_ARGON2ID });
      expect(slot.kdf).toMatchObject({ memoryKiB: 65536, iterations: 3, parallelism: 1 });
      expect(await unlockWithPassphrase([rSlot, clone(slot)], PASS)).toEqual(masterKey);
    },
  );

  it('refuses bad inputs when creating', async () => {
    await expectCode(() => createPassphraseSlot(new Uint8Array(16), PASS, FAST_COST), 'E_INTERNAL');
    await expectCode(
      () => createPassphraseSlot(masterKey, PASS, { ...FAST_COST, memoryKiB: 1024 }),
      'E_KDF_PARAMS',
    );
    await expectCode(() => createRecoverySlot(masterKey, 'not a key'), 'E_BAD_RECOVERY_KEY');
  });

  it('refuses to open a slot of the other kind with E_BAD_REQUEST', async () => {
    await expectCode(() => openPassphraseSlot(rSlot, PASS), 'E_BAD_REQUEST');
    await expectCode(() => openRecoverySlot(pSlot, recoveryKey), 'E_BAD_REQUEST');
  });
});

describe('wrong secrets', () => {
  it('wrong passphrase → E_BAD_PASSPHRASE, slot left byte-for-byte unchanged', async () => {
    const before = JSON.stringify(pSlot);
    await expectCode(
      () => openPassphraseSlot(pSlot, 'correct horse battery stapler'),
      'E_BAD_PASSPHRASE',
    );
    await expectCode(() => openPassphraseSlot(pSlot, ''), 'E_BAD_PASSPHRASE');
    expect(JSON.stringify(pSlot)).toBe(before);
  });

  it('wrong recovery key → E_BAD_RECOVERY_KEY, slot unchanged', async () => {
    const before = JSON.stringify(rSlot);
    await expectCode(() => openRecoverySlot(rSlot, generateRecoveryKey()), 'E_BAD_RECOVERY_KEY');
    await expectCode(() => openRecoverySlot(rSlot, 'garbage'), 'E_BAD_RECOVERY_KEY');
    expect(JSON.stringify(rSlot)).toBe(before);
  });
});

describe('tampering', () => {
  type Edit = (s: Record<string, any>) => void; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests poke at arbitrary JSON
  // Another hex digit in the same place, so the id stays well-formed and only its value changes.
  const flipHexChar = (id: string): string => (id[0] === '0' ? '1' : '0') + id.slice(1);

  const passphraseEdits: [string, ErrorCode, Edit][] = [
    ['a bit in iv', 'E_CORRUPT', (s) => (s.iv = flipB64(s.iv, 5, 3))],
    ['a bit in ct', 'E_CORRUPT', (s) => (s.ct = flipB64(s.ct, 40, 0))],
    ['a bit in the GCM tag', 'E_CORRUPT', (s) => (s.ct = flipB64(s.ct, 47, 7))],
    ['a bit in check', 'E_CORRUPT', (s) => (s.check = flipB64(s.check, 0, 0))],
    ['a bit in the salt', 'E_CORRUPT', (s) => (s.kdf.salt = flipB64(s.kdf.salt, 3, 1))],
    ['memoryKiB, in range', 'E_CORRUPT', (s) => (s.kdf.memoryKiB ^= 1)],
    ['memoryKiB, out of range', 'E_KDF_PARAMS', (s) => (s.kdf.memoryKiB ^= 1 << 30)],
    ['iterations, in range', 'E_CORRUPT', (s) => (s.kdf.iterations ^= 1)],
    ['iterations, out of range', 'E_KDF_PARAMS', (s) => (s.kdf.iterations ^= 1 << 4)],
    ['parallelism, in range', 'E_CORRUPT', (s) => (s.kdf.parallelism ^= 2)],
    ['parallelism, out of range', 'E_KDF_PARAMS', (s) => (s.kdf.parallelism ^= 1 << 6)],
    ['the KDF algorithm', 'E_KDF_PARAMS', (s) => (s.kdf.alg = 'argon2i')],
    ['a hex digit of the slot id', 'E_CORRUPT', (s) => (s.id = flipHexChar(s.id))],
    ['the slot id into non-hex', 'E_CORRUPT', (s) => (s.id = `G${s.id.slice(1)}`)],
    ['kind into recovery', 'E_CORRUPT', (s) => (s.kind = 'recovery')],
    ['kind into junk', 'E_CORRUPT', (s) => (s.kind = 'passphrasf')],
    ['version 1 → 3', 'E_UNSUPPORTED_VERSION', (s) => (s.v ^= 2)],
    ['version 1 → 0', 'E_UNSUPPORTED_VERSION', (s) => (s.v ^= 1)],
    ['version into a string', 'E_CORRUPT', (s) => (s.v = '1')],
    ['an added field', 'E_CORRUPT', (s) => (s.extra = true)],
    ['a removed field', 'E_CORRUPT', (s) => delete s.check],
    ['iv truncated', 'E_CORRUPT', (s) => (s.iv = encodeB64(decodeB64(s.iv).subarray(0, 11)))],
    ['ct truncated', 'E_CORRUPT', (s) => (s.ct = encodeB64(decodeB64(s.ct).subarray(0, 47)))],
    ['iv made not base64', 'E_CORRUPT', (s) => (s.iv = s.iv.replace(/.$/, '!'))],
  ];

  // unlockWith* skips slots of another kind, so an edited kind reads as "no such slot" there.
  const unlockCode = (s: { kind: unknown }, kind: string, code: ErrorCode): ErrorCode =>
    s.kind === kind || typeof s.kind !== 'string' ? code : 'E_NOT_FOUND';

  it.each(passphraseEdits)('passphrase slot, %s → %s', async (_name, code, edit) => {
    const s = clone(pSlot);
    edit(s);
    await expectCode(() => openPassphraseSlot(s, PASS), code);
    await expectCode(() => unlockWithPassphrase([s], PASS), unlockCode(s, 'passphrase', code));
  });

  const recoveryEdits: [string, ErrorCode, Edit][] = [
    ['a bit in iv', 'E_CORRUPT', (s) => (s.iv = flipB64(s.iv, 0, 0))],
    ['a bit in ct', 'E_CORRUPT', (s) => (s.ct = flipB64(s.ct, 10, 4))],
    ['a bit in the salt', 'E_CORRUPT', (s) => (s.kdf.salt = flipB64(s.kdf.salt, 31, 7))],
    ['the KDF algorithm', 'E_CORRUPT', (s) => (s.kdf.alg = 'hkdf-sha512')],
    ['a hex digit of the slot id', 'E_CORRUPT', (s) => (s.id = flipHexChar(s.id))],
    ['kind into passphrase', 'E_CORRUPT', (s) => (s.kind = 'passphrase')],
    ['version 1 → 3', 'E_UNSUPPORTED_VERSION', (s) => (s.v ^= 2)],
    ['salt too short', 'E_CORRUPT', (s) => (s.kdf.salt = encodeB64(new Uint8Array(8)))],
  ];

  it.each(recoveryEdits)('recovery slot, %s → %s', async (_name, code, edit) => {
    const s = clone(rSlot);
    edit(s);
    await expectCode(() => openRecoverySlot(s, recoveryKey), code);
    await expectCode(
      () => unlockWithRecoveryKey([s], recoveryKey),
      unlockCode(s, 'recovery', code),
    );
  });

  // A forger can recompute `check` (it is not a secret). GCM must still refuse, and because the
  // slot then looks intact, the error is the "wrong secret" one.
  const forgedPassphraseEdits: [string, (s: PassphraseSlot) => PassphraseSlot][] = [
    ['iv', (s) => ({ ...s, iv: flipB64(s.iv) })],
    ['ct', (s) => ({ ...s, ct: flipB64(s.ct, 20, 5) })],
    ['salt', (s) => ({ ...s, kdf: { ...s.kdf, salt: flipB64(s.kdf.salt) } })],
    ['memoryKiB', (s) => ({ ...s, kdf: { ...s.kdf, memoryKiB: s.kdf.memoryKiB + 1 } })],
    ['iterations', (s) => ({ ...s, kdf: { ...s.kdf, iterations: s.kdf.iterations + 1 } })],
    ['slot id', (s) => ({ ...s, id: flipHexChar(s.id) })],
  ];

  it.each(forgedPassphraseEdits)(
    'forged passphrase slot (%s changed, check fixed) → E_BAD_PASSPHRASE',
    async (_n, edit) => {
      const forged = await forge(edit(clone(pSlot)));
      await expectCode(() => openPassphraseSlot(forged, PASS), 'E_BAD_PASSPHRASE');
    },
  );

  it('forged recovery slot (id or salt changed, check fixed) → E_BAD_RECOVERY_KEY', async () => {
    for (const edit of [
      (s: RecoverySlot) => ({ ...s, id: flipHexChar(s.id) }),
      (s: RecoverySlot) => ({ ...s, kdf: { ...s.kdf, salt: flipB64(s.kdf.salt) } }),
      (s: RecoverySlot) => ({ ...s, ct: flipB64(s.ct, 47, 0) }),
    ]) {
      const forged = await forge(edit(clone(rSlot)));
      await expectCode(() => openRecoverySlot(forged, recoveryKey), 'E_BAD_RECOVERY_KEY');
    }
  });

  it('the header really is the additional data: GCM opens with it and refuses any other', async () => {
    const wrappingKey = await deriveKey(PASS, pSlot.kdf);
    expect(await open(wrappingKey, pSlot, slotHeaderAad(pSlot))).toEqual(masterKey);
    const others = [
      { ...pSlot, id: flipHexChar(pSlot.id) },
      { ...pSlot, v: 2 as 1 },
      { ...pSlot, kdf: { ...pSlot.kdf, parallelism: 2 } },
      { ...pSlot, kdf: { ...pSlot.kdf, salt: flipB64(pSlot.kdf.salt) } },
    ];
    for (const h of others)
      await expectCode(() => open(wrappingKey, pSlot, slotHeaderAad(h)), 'E_CORRUPT');
    // The kind is bound too, through the tuple's kind field.
    expect(new TextDecoder().decode(slotHeaderAad(pSlot))).toContain('"passphrase"');
  });
});

describe('unlocking with a list of slots', () => {
  it('finds the right slot among several kinds, including kinds it does not know', async () => {
    const device = { v: 1, kind: 'device', id: 'x' };
    const slots: unknown[] = [device, clone(rSlot), clone(pSlot)];
    expect(await unlockWithPassphrase(slots, PASS)).toEqual(masterKey);
    expect(await unlockWithRecoveryKey(slots, recoveryKey)).toEqual(masterKey);
  });

  it('each of two passphrase slots opens with its own passphrase', async () => {
    const second = await createPassphraseSlot(masterKey, 'another passphrase', FAST_COST);
    expect(await unlockWithPassphrase([pSlot, second], 'another passphrase')).toEqual(masterKey);
    expect(await unlockWithPassphrase([pSlot, second], PASS)).toEqual(masterKey);
  });

  it('a damaged slot does not hide a good one', async () => {
    const damaged = { ...clone(pSlot), ct: flipB64(pSlot.ct) };
    expect(await unlockWithPassphrase([null, damaged, 'junk', pSlot], PASS)).toEqual(masterKey);
    const damagedR = { ...clone(rSlot), iv: flipB64(rSlot.iv) };
    expect(await unlockWithRecoveryKey([damagedR, rSlot], recoveryKey)).toEqual(masterKey);
  });

  it('reports the wrong secret ahead of damage elsewhere', async () => {
    const damaged = { ...clone(pSlot), ct: flipB64(pSlot.ct) };
    await expectCode(
      () => unlockWithPassphrase([damaged, pSlot], 'nope nope nope'),
      'E_BAD_PASSPHRASE',
    );
    await expectCode(
      () => unlockWithRecoveryKey([rSlot], generateRecoveryKey()),
      'E_BAD_RECOVERY_KEY',
    );
  });

  it('reports damage, versions and missing slots', async () => {
    await expectCode(() => unlockWithPassphrase([{ ...clone(pSlot), iv: 'x' }], PASS), 'E_CORRUPT');
    await expectCode(() => unlockWithPassphrase([42], PASS), 'E_CORRUPT');
    await expectCode(
      () => unlockWithPassphrase([{ ...clone(pSlot), v: 2 }], PASS),
      'E_UNSUPPORTED_VERSION',
    );
    await expectCode(() => unlockWithPassphrase([], PASS), 'E_NOT_FOUND');
    await expectCode(() => unlockWithPassphrase([rSlot], PASS), 'E_NOT_FOUND');
    await expectCode(() => unlockWithRecoveryKey([pSlot], recoveryKey), 'E_NOT_FOUND');
    await expectCode(
      () => unlockWithPassphrase('slots' as unknown as unknown[], PASS),
      'E_CORRUPT',
    );
  });

  it('checks the recovery key before looking at any slot', async () => {
    await expectCode(
      () => unlockWithRecoveryKey([{ junk: true }], 'too short'),
      'E_BAD_RECOVERY_KEY',
    );
  });
});

describe('parseKeySlot', () => {
  it('returns a clean copy, never the stored object', () => {
    const parsed = parseKeySlot(pSlot);
    expect(parsed).toEqual(pSlot);
    expect(parsed).not.toBe(pSlot);
    expect(parsed.kdf).not.toBe(pSlot.kdf);
  });

  it('throws only TesseraError on arbitrary garbage, and opens nothing', async () => {
    const b64 = (min: number, max: number) =>
      fc.uint8Array({ minLength: min, maxLength: max }).map((b) => encodeB64(b));
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, arb, arb, fc.anything());
    const slotLike = fc.record(
      {
        v: maybe(fc.constantFrom(1, 2, 0)),
        id: maybe(
          fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 }),
        ),
        kind: maybe(fc.constantFrom('passphrase', 'recovery')),
        kdf: maybe(
          fc.oneof(
            fc.record({
              alg: maybe(fc.constant('argon2id')),
              memoryKiB: maybe(fc.integer({ min: 0, max: 2 ** 31 })),
              iterations: maybe(fc.integer({ min: 0, max: 20 })),
              parallelism: maybe(fc.integer({ min: 0, max: 8 })),
              salt: maybe(b64(0, 70)),
            }),
            fc.record({ alg: maybe(fc.constant('hkdf-sha256')), salt: maybe(b64(0, 70)) }),
          ),
        ),
        iv: maybe(b64(11, 13)),
        ct: maybe(b64(47, 49)),
        check: maybe(b64(15, 17)),
      },
      { requiredKeys: [] },
    );
    const garbage = fc.oneof(
      fc.anything({
        withNullPrototype: true,
        withBigInt: true,
        withDate: true,
        withMap: true,
        withTypedArray: true,
      }),
      slotLike,
    );
    await fc.assert(
      fc.asyncProperty(garbage, async (g) => {
        expect(await throwsNonTessera(() => openPassphraseSlot(g, PASS))).toBe(false);
        expect(await throwsNonTessera(() => openRecoverySlot(g, recoveryKey))).toBe(false);
        expect(await throwsNonTessera(() => unlockWithPassphrase([g], PASS))).toBe(false);
        // Every rejection path must throw; nothing random may ever unlock.
        await expect(openRecoverySlot(g, recoveryKey)).rejects.toThrow();
      }),
      { seed: 42, numRuns: 10000 },
    );
  });

  it('a real slot with one field replaced by anything either fails with a TesseraError or is unchanged', async () => {
    const fields = ['v', 'id', 'kind', 'kdf', 'iv', 'ct', 'check', 'kdf.alg', 'kdf.salt'] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), fc.anything(), async (field, value) => {
        const s = clone(rSlot) as unknown as Record<string, Record<string, unknown>>;
        const [a, b] = field.split('.') as [string, string | undefined];
        if (b) (s[a] as Record<string, unknown>)[b] = value;
        else (s as Record<string, unknown>)[a] = value;
        try {
          expect(await openRecoverySlot(s, recoveryKey)).toEqual(masterKey);
          expect(s).toEqual(rSlot); // it opened, so the "change" must have been a no-op
        } catch (e) {
          expect(e).toMatchObject({ name: 'TesseraError' });
        }
      }),
      { seed: 42, numRuns: 10000 },
    );
  });
});
