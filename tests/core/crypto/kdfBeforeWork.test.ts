import { argon2id } from 'hash-wasm';
import type * as HashWasm from 'hash-wasm';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeB64 } from '../../../lib/core/crypto/bytes';
import { deriveKey } from '../../../lib/core/crypto/kdf';
import {
  createMasterKey,
  createPassphraseSlot,
  openPassphraseSlot,
  slotCheck,
  unlockWithPassphrase,
  type PassphraseSlot,
} from '../../../lib/core/crypto/slots';
import { FAST_COST, clone, expectCode } from './helpers';

// Wrap the real argon2id in a spy: the point of these tests is that hostile parameters are
// refused before Argon2id is ever called (no memory bomb, no wasted seconds).
vi.mock('hash-wasm', async (importOriginal) => {
  const actual = await importOriginal<typeof HashWasm>();
  return { ...actual, argon2id: vi.fn(actual.argon2id) };
});
const argon2idSpy = vi.mocked(argon2id);

const PASS = 'correct horse battery staple';
let slot: PassphraseSlot;

beforeAll(async () => {
  slot = await createPassphraseSlot(createMasterKey(), PASS, FAST_COST);
});

beforeEach(() => {
  argon2idSpy.mockClear();
});

describe('KDF parameters are checked before any KDF work', () => {
  it('the spy does see a legitimate open', async () => {
    await openPassphraseSlot(slot, PASS);
    expect(argon2idSpy).toHaveBeenCalledTimes(1);
    expect(argon2idSpy.mock.calls[0]?.[0]).toMatchObject({
      memorySize: FAST_COST.memoryKiB,
      iterations: FAST_COST.iterations,
      parallelism: FAST_COST.parallelism,
      hashLength: 32,
    });
  });

  it.each<[string, Record<string, unknown>]>([
    ['memoryKiB 2^30', { memoryKiB: 2 ** 30 }],
    ['memoryKiB 1 (downgrade)', { memoryKiB: 1 }],
    ['iterations 0', { iterations: 0 }],
    ['iterations 1000', { iterations: 1000 }],
    ['parallelism 100', { parallelism: 100 }],
    ['salt of 8 bytes', { salt: encodeB64(new Uint8Array(8)) }],
    ['memoryKiB as a string', { memoryKiB: '65536' }],
    ['iterations null', { iterations: null }],
    ['parallelism as an object', { parallelism: { valueOf: 1 } }],
  ])('%s → E_KDF_PARAMS, Argon2id never called', async (_name, change) => {
    const hostile = clone(slot) as unknown as Record<string, unknown> & PassphraseSlot;
    hostile.kdf = { ...hostile.kdf, ...change } as PassphraseSlot['kdf'];
    // Even a slot made self-consistent (check recomputed) is refused on its parameters.
    hostile.check = await slotCheck(hostile);
    await expectCode(() => openPassphraseSlot(hostile, PASS), 'E_KDF_PARAMS');
    await expectCode(() => unlockWithPassphrase([hostile], PASS), 'E_KDF_PARAMS');
    await expectCode(() => deriveKey(PASS, hostile.kdf), 'E_KDF_PARAMS');
    // Refusal is a few checks, not a KDF run (a 1 TiB Argon2id would not return at all). The
    // spy proves it; a stopwatch would only measure how busy the machine is.
    expect(argon2idSpy).not.toHaveBeenCalled();
  });

  it('a damaged slot (bad checksum) is refused before Argon2id too', async () => {
    const damaged = { ...clone(slot), kdf: { ...slot.kdf, iterations: slot.kdf.iterations + 1 } };
    await expectCode(() => openPassphraseSlot(damaged, PASS), 'E_CORRUPT');
    expect(argon2idSpy).not.toHaveBeenCalled();
  });

  it('creating a slot with an out-of-range cost never runs Argon2id', async () => {
    await expectCode(
      () => createPassphraseSlot(createMasterKey(), PASS, { ...FAST_COST, memoryKiB: 2 ** 21 }),
      'E_KDF_PARAMS',
    );
    expect(argon2idSpy).not.toHaveBeenCalled();
  });

  it('an empty passphrase is refused without running Argon2id', async () => {
    await expectCode(() => openPassphraseSlot(slot, ''), 'E_BAD_PASSPHRASE');
    await expectCode(
      () => createPassphraseSlot(createMasterKey(), '', FAST_COST),
      'E_WEAK_PASSPHRASE',
    );
    expect(argon2idSpy).not.toHaveBeenCalled();
  });
});
