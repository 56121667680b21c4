// Opening many sealed records at once (a vault's load, after the service worker starts again):
// the same accounts in the same order as one by one, and a damaged record is reported as it
// would have been one by one, whatever decryption finishes first.
import { describe, expect, it } from 'vitest';
import { TesseraError } from '../../../lib/core/errors';
import { openAccount, openAccounts, sealAccount } from '../../../lib/core/vault/records';
import type { StoredRecord } from '../../../lib/core/vault/types';
import { totpAccount } from './accountFixture';

const key = new Uint8Array(32).fill(7);

async function sealed(n: number): Promise<StoredRecord[]> {
  const out: StoredRecord[] = [];
  for (let i = 0; i < n; i++) {
    const secret = new Uint8Array(20).fill(i + 1);
    out.push(await sealAccount(key, totpAccount(secret, { id: `id${i}`, label: `user${i}` })));
  }
  return out;
}

describe('openAccounts', () => {
  it('opens every record, in the order given, exactly as openAccount does', async () => {
    const records = await sealed(25);
    const one = [];
    for (const r of records) one.push(await openAccount(key, r));
    expect(await openAccounts(key, records)).toEqual(one);
    expect(await openAccounts(key, [])).toEqual([]);
  });

  it('reports the first damaged record in the given order', async () => {
    const records = await sealed(12);
    // Record 3 fails to authenticate (its time was changed); record 9 is not a record at all.
    const damaged = [...records] as unknown[];
    damaged[3] = { ...records[3], updatedAt: 6 };
    damaged[9] = { id: 'id9' };
    const error = await openAccounts(key, damaged).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TesseraError);
    expect((error as TesseraError).code).toBe('E_CORRUPT');
    expect((error as TesseraError).message).toBe('Encrypted data failed authentication.');

    // With record 3 whole, the malformed record 9 is the one reported.
    damaged[3] = records[3];
    await expect(openAccounts(key, damaged)).rejects.toThrow(
      'A stored account is damaged and cannot be read.',
    );
  });

  it('refuses a wrong key', async () => {
    const records = await sealed(3);
    await expect(openAccounts(new Uint8Array(32).fill(8), records)).rejects.toMatchObject({
      code: 'E_CORRUPT',
    });
  });
});
