import { beforeAll, describe, expect, it } from 'vitest';
import { generateRecoveryKey } from '../../../lib/core/crypto';
import { isTesseraError } from '../../../lib/core/errors';
import { VaultService } from '../../../lib/core/vault/service';
import { MemoryKeyCache, MemoryStore } from './memoryStore';

const PASS = 'correct horse battery staple';

async function codeOf(p: Promise<unknown>): Promise<string | null> {
  return p.then(
    () => null,
    (e: unknown) => (isTesseraError(e) ? e.code : String(e)),
  );
}

describe('VaultService.checkRecoveryKey (recovery rehearsal)', () => {
  let store: MemoryStore;
  let vault: VaultService;
  let recoveryKey: string;

  beforeAll(async () => {
    store = new MemoryStore();
    vault = new VaultService(store, new MemoryKeyCache(), () => Date.UTC(2026, 0, 1));
    ({ recoveryKey } = await vault.create(PASS, PASS));
  }, 30_000);

  it('passes with the vault recovery key, typed in lower case too, and changes nothing', async () => {
    const before = structuredClone(await store.getHeader());
    await vault.checkRecoveryKey(recoveryKey);
    await vault.checkRecoveryKey(recoveryKey.toLowerCase());
    expect(await store.getHeader()).toEqual(before);
  });

  it('refuses another recovery key with E_BAD_RECOVERY_KEY', async () => {
    expect(await codeOf(vault.checkRecoveryKey(generateRecoveryKey()))).toBe('E_BAD_RECOVERY_KEY');
  });

  it('fails after a new recovery key replaced the old one, and passes with the new one', async () => {
    const { recoveryKey: next } = await vault.regenerateRecoveryKey(PASS);
    expect(await codeOf(vault.checkRecoveryKey(recoveryKey))).toBe('E_BAD_RECOVERY_KEY');
    await vault.checkRecoveryKey(next);
  }, 30_000);

  it('needs the vault unlocked', async () => {
    await vault.lock();
    expect(await codeOf(vault.checkRecoveryKey(recoveryKey))).toBe('E_LOCKED');
  });
});
