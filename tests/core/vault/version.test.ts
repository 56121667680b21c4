import { describe, expect, it } from 'vitest';
import {
  checkVersion,
  openVersion,
  sealVersion,
  type VaultVersion,
} from '../../../lib/core/vault/version';

const KEY = new Uint8Array(32).fill(0x11);
const A = '3f1c0a52-6a4e-4b0e-9d5e-2f7a1b6c8d90';
const B = 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d';
const VERSION: VaultVersion = new Map([
  [A, { updatedAt: 1767225600000, deleted: 0, counter: 7 }],
  [B, { updatedAt: 1767225601000, deleted: 1, counter: null }],
]);

/** Written by this version of Tessera: it must open forever, or be migrated on purpose. */
const GOLDEN = {
  v: 1,
  iv: 'Po/F9aDORPFnBsSW',
  ct: '4tRqASll2nTxukFY1ComMx8tPMfjqdODoIfZ+XOehb+GNxFXTh4ywfFm53jAtfaSdvo7bFBd1wxhRD0RLWfYnXygsd8TQTknqlHpxNMiywx8jcxn73p8tg3RsZK4Y3oSQ0y7S5OOM8yOhzzjB9XWSQFecRdOPvNPYVNpUKR5/RsfGaOTj1KJjYrU',
};

describe('the sealed vault version', () => {
  it('opens the golden vector', async () => {
    expect(await openVersion(KEY, GOLDEN)).toEqual(VERSION);
  });

  it('round-trips, and refuses another key, an edit or another format version', async () => {
    const sealed = await sealVersion(KEY, VERSION);
    expect(await openVersion(KEY, sealed)).toEqual(VERSION);
    expect(await openVersion(new Uint8Array(32).fill(0x22), sealed)).toBeNull();
    const ct = sealed.ct.startsWith('A') ? `B${sealed.ct.slice(1)}` : `A${sealed.ct.slice(1)}`;
    expect(await openVersion(KEY, { ...sealed, ct })).toBeNull();
    expect(await openVersion(KEY, { ...sealed, v: 2 })).toBeNull();
    expect(await openVersion(KEY, 'junk')).toBeNull();
  });

  it('accepts records newer than the version (a write that stopped halfway) and catches up', () => {
    const records = [
      { id: A, updatedAt: 1767225609000, deleted: 0 as const, iv: '', ct: '' },
      { id: B, updatedAt: 1767225601000, deleted: 1 as const, iv: '', ct: '' },
    ];
    const check = checkVersion(VERSION, records, () => undefined);
    expect(check.rolledBack).toEqual([]);
    expect(check.changed).toBe(true);
    expect(check.version.get(A)).toEqual({ updatedAt: 1767225609000, deleted: 0, counter: 7 });
  });
});
