import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as hashWasm from 'hash-wasm';
import type { BackupHeader } from '../../../lib/core/backup/format/header';
import { BackupEngine } from '../../../lib/core/backup/engine';
import { HEADER_KEY } from '../../../lib/core/backup/format/layout';
import { MemorySyncArea } from '../../support/memorySyncArea';
import { createMasterKey, createPassphraseSlot, encodeB64 } from '../../../lib/core/crypto';
import { TesseraError } from '../../../lib/core/errors';
import { parseTesseraBackup, writeTesseraBackup } from '../../../lib/core/transfer/tesseraFile';
import { VaultService } from '../../../lib/core/vault/service';
import { FAST_COST } from '../crypto/helpers';
import { MemoryKeyCache, MemoryStore } from './memoryStore';

// Every Argon2id run goes through hash-wasm's argon2id: counting its calls counts key
// derivations, whatever the machine's speed.
vi.mock('hash-wasm', async (importOriginal) => {
  const original = await importOriginal<typeof hashWasm>();
  return { ...original, argon2id: vi.fn(original.argon2id) };
});
const argon2Calls = () => vi.mocked(hashWasm.argon2id).mock.calls.length;

const PASS = 'correct horse battery staple';
const MISTYPED = 'correct horse battery stapel';
const PLANTED_SLOTS = 8;

async function errorOf(p: Promise<unknown>): Promise<TesseraError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TesseraError);
  return e as TesseraError;
}

/** Passphrase slots anyone can make: genuine slots, but for a key that is not this vault's. */
async function plantedSlots(count: number) {
  const attackerKey = createMasterKey();
  return Promise.all(
    Array.from({ length: count }, () => createPassphraseSlot(attackerKey, 'attacker', FAST_COST)),
  );
}

/** What a content script (or anything that can write sync storage) can plant: no valid auth. */
async function hostileHeader(vaultId: string): Promise<BackupHeader> {
  return {
    v: 1,
    vault: vaultId,
    gen: 1,
    slotsAt: Date.UTC(2100, 0, 1),
    slots: await plantedSlots(PLANTED_SLOTS),
    auth: { iv: encodeB64(new Uint8Array(12)), ct: encodeB64(new Uint8Array(16)) },
  };
}

describe('key derivation has a budget per operation, not per slot', () => {
  let store: MemoryStore;
  let vault: VaultService;

  beforeEach(async () => {
    store = new MemoryStore();
    vault = new VaultService(store, new MemoryKeyCache());
    await vault.create(PASS, PASS);
    await vault.lock();
    vi.mocked(hashWasm.argon2id).mockClear();
  }, 30_000);
  afterEach(() => vi.mocked(hashWasm.argon2id).mockClear());

  it('a planted header with this vault id does not make a mistyped unlock run every slot', async () => {
    const remote = await hostileHeader(store.header!.vaultId!);
    vi.mocked(hashWasm.argon2id).mockClear();
    const e = await errorOf(vault.unlock({ passphrase: MISTYPED }, remote));
    expect(e.code).toBe('E_BAD_PASSPHRASE');
    // The local slot, plus at most one of the planted ones.
    expect(argon2Calls()).toBeLessThanOrEqual(2);
  }, 60_000);

  it('a planted header of another vault costs no key derivation at all', async () => {
    const remote = await hostileHeader('0123456789abcdef');
    vi.mocked(hashWasm.argon2id).mockClear();
    const e = await errorOf(vault.unlock({ passphrase: MISTYPED }, remote));
    expect(e.code).toBe('E_BAD_PASSPHRASE');
    expect(argon2Calls()).toBe(1);
    // And the right passphrase still opens, ignoring the planted slots.
    await vault.unlock({ passphrase: PASS }, remote);
    expect(await vault.state()).toBe('unlocked');
  }, 60_000);

  it('restoring from a planted sync header stops at the budget with a typed error', async () => {
    const area = new MemorySyncArea();
    await area.set({ [HEADER_KEY]: await hostileHeader('0123456789abcdef') });
    vi.mocked(hashWasm.argon2id).mockClear();
    const e = await errorOf(BackupEngine.restore(area, { passphrase: MISTYPED }));
    expect(e.code).toBe('E_KDF_BUDGET');
    expect(e.detail?.reason).toBe('slots');
    expect(argon2Calls()).toBeLessThanOrEqual(2);
  }, 60_000);

  it('a crafted backup file with many passphrase slots stops at the budget', async () => {
    const text = writeTesseraBackup({
      slots: await plantedSlots(PLANTED_SLOTS),
      records: [],
      createdAt: Date.UTC(2026, 0, 1),
    });
    vi.mocked(hashWasm.argon2id).mockClear();
    const e = await errorOf(parseTesseraBackup(text, MISTYPED));
    expect(e.code).toBe('E_KDF_BUDGET');
    expect(argon2Calls()).toBeLessThanOrEqual(2);
  }, 60_000);
});
