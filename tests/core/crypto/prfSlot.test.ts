import { beforeAll, describe, expect, it } from 'vitest';
import { decodeB64, encodeB64, randomBytes } from '../../../lib/core/crypto/bytes';
import {
  createPasskeySlot,
  newPrfSalt,
  openPasskeySlot,
  unlockWithPasskey,
} from '../../../lib/core/crypto/prfSlot';
import {
  createMasterKey,
  createPassphraseSlot,
  parseKeySlot,
  slotCheck,
  unlockWithPassphrase,
  type PasskeySlot,
} from '../../../lib/core/crypto/slots';
import { FAST_COST, clone, expectCode, flipB64 } from './helpers';

const b64 = (n: number) => encodeB64(randomBytes(n));

let masterKey: Uint8Array;
let output: string;
let credential: string;
let slot: PasskeySlot;

beforeAll(async () => {
  masterKey = createMasterKey();
  output = b64(32);
  credential = b64(48);
  slot = await createPasskeySlot(masterKey, { credential, prfSalt: newPrfSalt(), output });
});

async function forge(s: PasskeySlot): Promise<PasskeySlot> {
  return { ...s, check: await slotCheck(s) };
}

describe('passkey key slot', () => {
  it('round trip: the same PRF output gives back the master key', async () => {
    expect(slot.kind).toBe('passkey');
    expect(slot.kdf.alg).toBe('webauthn-prf-hkdf-sha256');
    expect(slot.kdf.credential).toBe(credential);
    expect(decodeB64(slot.kdf.salt)).toHaveLength(32);
    expect(await openPasskeySlot(slot, output)).toEqual(masterKey);
    // A stored slot goes through JSON (IndexedDB) and still opens.
    expect(await openPasskeySlot(JSON.parse(JSON.stringify(slot)), output)).toEqual(masterKey);
  });

  it('a wrong PRF output is E_BAD_PASSKEY, never a key', async () => {
    await expectCode(() => openPasskeySlot(slot, b64(32)), 'E_BAD_PASSKEY');
    await expectCode(() => openPasskeySlot(slot, flipB64(output, 31, 7)), 'E_BAD_PASSKEY');
  });

  it('a PRF output of the wrong size is refused before any derivation', async () => {
    await expectCode(() => openPasskeySlot(slot, b64(31)), 'E_BAD_REQUEST');
    await expectCode(() => openPasskeySlot(slot, b64(64)), 'E_BAD_REQUEST');
    await expectCode(() => openPasskeySlot(slot, 'not base64!'), 'E_BAD_REQUEST');
  });

  it('tampering with the ciphertext, IV or checksum is E_CORRUPT', async () => {
    await expectCode(() => openPasskeySlot({ ...slot, ct: flipB64(slot.ct) }, output), 'E_CORRUPT');
    await expectCode(() => openPasskeySlot({ ...slot, iv: flipB64(slot.iv) }, output), 'E_CORRUPT');
    await expectCode(
      () => openPasskeySlot({ ...slot, check: flipB64(slot.check) }, output),
      'E_CORRUPT',
    );
  });

  it('bound header: swapping the credential or a salt with a fixed checksum still never opens', async () => {
    const swaps: PasskeySlot[] = [
      { ...slot, kdf: { ...slot.kdf, credential: b64(48) } },
      { ...slot, kdf: { ...slot.kdf, prfSalt: b64(32) } },
      { ...slot, kdf: { ...slot.kdf, salt: flipB64(slot.kdf.salt) } },
      { ...slot, id: '0'.repeat(32) },
    ];
    for (const s of swaps)
      await expectCode(async () => openPasskeySlot(await forge(s), output), 'E_BAD_PASSKEY');
    // The ciphertext under another kind's header is refused too.
    const asRecovery = clone(slot) as unknown as Record<string, unknown>;
    asRecovery.kind = 'recovery';
    await expectCode(() => openPasskeySlot(asRecovery, output), 'E_CORRUPT');
  });

  it('parameter checks run before use: every malformed kdf is E_CORRUPT', async () => {
    const bad: unknown[] = [
      { ...slot.kdf, alg: 'hkdf-sha256' },
      { ...slot.kdf, credential: b64(8) },
      { ...slot.kdf, credential: b64(1024) },
      { ...slot.kdf, prfSalt: b64(16) },
      { ...slot.kdf, salt: b64(64) },
      { ...slot.kdf, extra: 1 },
      { alg: slot.kdf.alg, credential, prfSalt: slot.kdf.prfSalt },
      'webauthn',
      null,
    ];
    for (const kdf of bad) {
      expect(() => parseKeySlot({ ...slot, kdf })).toThrowError(/damaged/);
      await expectCode(() => openPasskeySlot({ ...slot, kdf }, output), 'E_CORRUPT');
    }
    await expectCode(() => openPasskeySlot({ ...slot, v: 2 }, output), 'E_UNSUPPORTED_VERSION');
    await expectCode(() => openPasskeySlot({ ...slot, more: true }, output), 'E_CORRUPT');
  });

  it('creating refuses odd inputs', async () => {
    const prfSalt = newPrfSalt();
    await expectCode(
      () => createPasskeySlot(masterKey, { credential: b64(4), prfSalt, output }),
      'E_BAD_REQUEST',
    );
    await expectCode(
      () => createPasskeySlot(masterKey, { credential, prfSalt: b64(8), output }),
      'E_BAD_REQUEST',
    );
    await expectCode(
      () => createPasskeySlot(masterKey, { credential, prfSalt, output: b64(16) }),
      'E_BAD_REQUEST',
    );
    await expectCode(
      () => createPasskeySlot(new Uint8Array(16), { credential, prfSalt, output }),
      'E_INTERNAL',
    );
  });

  it('unlockWithPasskey picks the slot of the credential used, and passphrase unlock skips it', async () => {
    const pass = await createPassphraseSlot(masterKey, 'a long enough passphrase', FAST_COST);
    const other = await createPasskeySlot(masterKey, {
      credential: b64(32),
      prfSalt: slot.kdf.prfSalt,
      output: b64(32),
    });
    const slots: unknown[] = [pass, { kind: 'future' }, other, slot];
    expect(await unlockWithPasskey(slots, { credential, output })).toEqual(masterKey);
    await expectCode(
      () => unlockWithPasskey(slots, { credential: b64(48), output }),
      'E_NOT_FOUND',
    );
    await expectCode(
      () => unlockWithPasskey(slots, { credential, output: b64(32) }),
      'E_BAD_PASSKEY',
    );
    expect(await unlockWithPassphrase(slots, 'a long enough passphrase')).toEqual(masterKey);
  });
});
