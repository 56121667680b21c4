// The e2e build's fast key derivation (lib/core/crypto/e2eKdf.ts) must stay a test-only door:
// a vault made with it opens only where a composition root chose it, and production (the
// setting every module starts with) refuses its slots before any Argon2id runs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { E2E_KDF } from '../../../lib/core/crypto/e2eKdf';
import {
  DEFAULT_ARGON2ID,
  PRODUCTION_KDF,
  checkKdfParams,
  kdfSetting,
  newArgon2idParams,
  useKdfSetting,
} from '../../../lib/core/crypto/kdf';
import { createMasterKey, createPassphraseSlot } from '../../../lib/core/crypto/slots';
import { openTesseraBackupKey } from '../../../lib/core/transfer/tesseraFile';
import { VaultService } from '../../../lib/core/vault/service';
import { expectCode } from '../crypto/helpers';
import { MemoryKeyCache, MemoryStore } from './memoryStore';

const PASS = 'correct horse battery staple';

// Production's setting, not the unit tests' cheaper default (tests/support/unitKdf.ts).
beforeEach(() => useKdfSetting(PRODUCTION_KDF));
afterEach(() => useKdfSetting(PRODUCTION_KDF));

/** A vault created by the e2e build: its passphrase slot has the cheap cost. */
async function e2eVault(): Promise<MemoryStore> {
  useKdfSetting(E2E_KDF);
  const store = new MemoryStore();
  const vault = new VaultService(store, new MemoryKeyCache());
  await vault.create(PASS, PASS);
  const header = await store.getHeader();
  const slot = header?.slots.find((s) => s.kind === 'passphrase');
  expect(slot?.kdf).toMatchObject(E2E_KDF.cost);
  return store;
}

describe('the e2e build’s fast key derivation', () => {
  it('is not what production uses: production makes DEFAULT_ARGON2ID slots', () => {
    expect(kdfSetting()).toEqual(PRODUCTION_KDF);
    expect(kdfSetting().cost).toEqual(DEFAULT_ARGON2ID);
    expect(newArgon2idParams()).toMatchObject(DEFAULT_ARGON2ID);
  });

  it('production refuses the cheap cost, both for a new slot and for a stored one', async () => {
    await expectCode(() => newArgon2idParams(E2E_KDF.cost), 'E_KDF_PARAMS');
    await expectCode(
      () => createPassphraseSlot(createMasterKey(), PASS, E2E_KDF.cost),
      'E_KDF_PARAMS',
    );
    const stored = { ...E2E_KDF.cost, salt: 'AAAAAAAAAAAAAAAAAAAAAA==' };
    await expectCode(() => checkKdfParams(stored), 'E_KDF_PARAMS');
  });

  it('opens a vault made in the e2e build only under the e2e setting', async () => {
    const store = await e2eVault();
    // Same process, same setting: the e2e build can lock and unlock its own vault.
    const again = new VaultService(store, new MemoryKeyCache());
    await again.unlock({ passphrase: PASS });
    expect(await again.state()).toBe('unlocked');

    // Production: refused as a downgraded slot (E_KDF_PARAMS), with the right passphrase.
    useKdfSetting(PRODUCTION_KDF);
    const production = new VaultService(store, new MemoryKeyCache());
    await expectCode(() => production.unlock({ passphrase: PASS }), 'E_KDF_PARAMS');
    expect(await production.state()).toBe('locked');
  });

  it('production refuses a backup file whose slot has the cheap cost', async () => {
    const store = await e2eVault();
    const vault = new VaultService(store, new MemoryKeyCache());
    await vault.unlock({ passphrase: PASS });
    const { slots } = await vault.sealedExport();
    const passphraseSlots = slots.filter((s) => s.kind === 'passphrase');
    expect(passphraseSlots).toHaveLength(1);
    useKdfSetting(PRODUCTION_KDF);
    await expectCode(() => openTesseraBackupKey(passphraseSlots, PASS), 'E_KDF_PARAMS');
  });

  it('refuses a setting whose new-slot cost is below its own floor', async () => {
    await expectCode(
      () => useKdfSetting({ cost: E2E_KDF.cost, floor: PRODUCTION_KDF.floor }),
      'E_KDF_PARAMS',
    );
    expect(kdfSetting()).toEqual(PRODUCTION_KDF);
  });
});
