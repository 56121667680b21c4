import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createMasterKey,
  createPassphraseSlot,
  createRecoverySlot,
  generateRecoveryKey,
  type Argon2idCost,
  type KeySlot,
} from '../../../lib/core/crypto';
import { isTesseraError } from '../../../lib/core/errors';
import { parseOtpauthUri, validateOtpParams } from '../../../lib/core/otp';
import {
  checkTesseraBackup,
  detectFormat,
  importFile,
  writeTesseraBackup,
} from '../../../lib/core/transfer';
import { readTesseraRecords } from '../../../lib/core/transfer/tesseraFile';
import { sealAccount } from '../../../lib/core/vault/records';
import type { Account, StoredRecord } from '../../../lib/core/vault/types';
import { expectTessera, SEVEN_URIS, summary } from './helpers';

/** The cheapest Argon2id the slot check accepts, so these tests stay fast. */
const CHEAP: Argon2idCost = {
  alg: 'argon2id',
  memoryKiB: 19 * 1024,
  iterations: 2,
  parallelism: 1,
};
const PASS = 'a backup passphrase of some length';
const seven = SEVEN_URIS.map((u) => parseOtpauthUri(u).account);

interface Backup {
  masterKey: Uint8Array;
  recoveryKey: string;
  slots: KeySlot[];
  records: StoredRecord[];
  text: string;
}

async function makeBackup(): Promise<Backup> {
  const masterKey = createMasterKey();
  const recoveryKey = generateRecoveryKey();
  const slots: KeySlot[] = [
    await createPassphraseSlot(masterKey, PASS, CHEAP),
    await createRecoverySlot(masterKey, recoveryKey),
  ];
  const accounts: Account[] = seven.map((a, i) => ({
    ...a,
    id: `00000000-0000-4000-8000-00000000000${i}`,
    updatedAt: 1_700_000_000_000 + i,
    sites: i === 0 ? ['https://deno.land'] : [],
    pinned: false,
    order: i,
  }));
  const records = await Promise.all(accounts.map((a) => sealAccount(masterKey, a)));
  // A tombstone in the store must not travel: a backup carries accounts, not deletions.
  const tombstone = await sealAccount(
    masterKey,
    { ...accounts[0]!, id: '00000000-0000-4000-8000-0000000000ff' },
    1,
  );
  const text = writeTesseraBackup({
    slots,
    records: [...records, tombstone],
    createdAt: Date.UTC(2026, 0, 2),
  });
  return { masterKey, recoveryKey, slots, records, text };
}

function edit(text: string, change: (doc: Record<string, unknown>) => void): string {
  const doc = JSON.parse(text) as Record<string, unknown>;
  change(doc);
  return JSON.stringify(doc);
}

function flipBase64(b64: string, at: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const c = b64[at]!;
  const swapped = alphabet[(alphabet.indexOf(c) + 1) % 64]!;
  return b64.slice(0, at) + swapped + b64.slice(at + 1);
}

describe('Tessera encrypted backup file', () => {
  let backup: Backup;
  beforeAll(async () => {
    backup = await makeBackup();
  }, 60_000);

  it('has the documented shape and nothing readable but ids and times', () => {
    const doc = JSON.parse(backup.text) as Record<string, unknown>;
    expect(Object.keys(doc).sort()).toEqual(['createdAt', 'format', 'records', 'slots', 'version']);
    expect(doc.format).toBe('tessera-backup');
    expect(doc.version).toBe(1);
    expect(doc.createdAt).toBe('2026-01-02T00:00:00.000Z');
    expect(doc.slots).toEqual(backup.slots);
    expect((doc.records as StoredRecord[]).map((r) => r.id)).toEqual(
      backup.records.map((r) => r.id),
    );
    for (const a of seven) {
      expect(backup.text).not.toContain(a.issuer);
      expect(backup.text).not.toContain(a.label);
    }
    expect(detectFormat(backup.text)).toBe('tessera-backup');
    expect(detectFormat(new TextEncoder().encode(backup.text))).toBe('tessera-backup');
  });

  it('round trip with the passphrase: the same seven accounts, with the bound site', async () => {
    const r = await importFile(backup.text, { password: PASS });
    expect(r.format).toBe('tessera-backup');
    expect(r.problems).toEqual([]);
    expect(r.accounts.map(summary)).toEqual(seven.map(summary));
    expect(r.accounts[0]!.sites).toEqual(['https://deno.land']);
    expect(r.accounts[1]!.sites).toBeUndefined();
  });

  it('round trip with the recovery key, typed loosely', async () => {
    const typed = backup.recoveryKey.toLowerCase().replace(/-/g, ' ');
    const r = await importFile(backup.text, { password: typed });
    expect(r.accounts.map(summary)).toEqual(seven.map(summary));
  });

  it('asks for a password before any key derivation', async () => {
    const e = await expectTessera(importFile(backup.text), 'E_IMPORT_FORMAT');
    expect(e.detail).toMatchObject({ needsPassword: true, format: 'tessera-backup' });
    expect(e.message).toMatch(/passphrase or recovery key/);
  });

  it('wrong passphrase → E_BAD_PASSPHRASE; a wrong recovery key too', async () => {
    await expectTessera(
      importFile(backup.text, { password: 'not the passphrase' }),
      'E_BAD_PASSPHRASE',
    );
    await expectTessera(
      importFile(backup.text, { password: generateRecoveryKey() }),
      'E_BAD_PASSPHRASE',
    );
  });

  it('a tampered record → E_CORRUPT naming the account, and nothing is returned', async () => {
    const tampered = edit(backup.text, (doc) => {
      const r = (doc.records as StoredRecord[])[3]!;
      r.ct = flipBase64(r.ct, 10);
    });
    const e = await expectTessera(importFile(tampered, { password: PASS }), 'E_CORRUPT');
    expect(e.message).toMatch(/account 4/);

    // The readable fields are bound too: moving a record in time or to another id fails.
    for (const change of [
      (r: StoredRecord) => (r.updatedAt += 1),
      (r: StoredRecord) => (r.id = '00000000-0000-4000-8000-0000000000aa'),
    ]) {
      const moved = edit(backup.text, (doc) => change((doc.records as StoredRecord[])[0]!));
      await expectTessera(importFile(moved, { password: PASS }), 'E_CORRUPT');
    }
    // Marked deleted, a record is skipped like any tombstone; removing it from the list has the
    // same effect, so no file format without a whole-file signature could prevent this.
    const dropped = edit(backup.text, (doc) => ((doc.records as StoredRecord[])[0]!.deleted = 1));
    expect((await importFile(dropped, { password: PASS })).accounts).toHaveLength(6);
  });

  it('a newer version → E_UNSUPPORTED_VERSION, without asking for a password', async () => {
    const newer = edit(backup.text, (doc) => {
      doc.version = 2;
      doc.extra = 'a field v2 may add';
    });
    expect(detectFormat(newer)).toBe('tessera-backup');
    const e = await expectTessera(importFile(newer), 'E_UNSUPPORTED_VERSION');
    expect(e.message).toMatch(/newer version of Tessera/);
    await expectTessera(importFile(newer, { password: PASS }), 'E_UNSUPPORTED_VERSION');
  });

  it('damaged structure → E_CORRUPT before any key derivation', async () => {
    const cases = [
      (d: Record<string, unknown>) => (d.version = 0),
      (d: Record<string, unknown>) => (d.version = '1'),
      (d: Record<string, unknown>) => (d.slots = []),
      (d: Record<string, unknown>) => (d.slots = 'x'),
      (d: Record<string, unknown>) => (d.records = {}),
      (d: Record<string, unknown>) => (d.records = [{ id: 1 }]),
      (d: Record<string, unknown>) => (d.createdAt = 5),
      (d: Record<string, unknown>) => (d.unknown = true),
    ];
    for (const change of cases) {
      await expectTessera(() => checkTesseraBackup(edit(backup.text, change)), 'E_CORRUPT');
    }
  });

  it('unsafe key derivation settings in a slot are refused before Argon2id runs', async () => {
    const bomb = edit(backup.text, (doc) => {
      const slot = (doc.slots as Record<string, Record<string, unknown>>[])[0]!;
      slot.kdf!.memoryKiB = 4 * 1024 * 1024;
    });
    const started = Date.now();
    await expectTessera(importFile(bomb, { password: PASS }), 'E_KDF_PARAMS');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('fuzz: mutated records open to valid accounts or fail with E_CORRUPT, never crash', async () => {
    const records = backup.records;
    const field = fc.constantFrom<keyof StoredRecord>('id', 'updatedAt', 'deleted', 'iv', 'ct');
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.integer(),
      fc.constantFrom<unknown>(0, 1, null, '', 'AAAA', 'AAAAAAAAAAAAAAAA'),
      fc.base64String({ maxLength: 200 }),
    );
    const mutation = fc.tuple(fc.nat(records.length - 1), field, value, fc.nat(300));
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (edits) => {
        const copy = records.map((r) => ({ ...r }));
        for (const [i, key, v, at] of edits) {
          const r = copy[i]! as unknown as Record<string, unknown>;
          if (key === 'ct' && typeof v === 'number') r.ct = flipBase64(r.ct as string, at % 100);
          else r[key] = v;
        }
        try {
          const out = await readTesseraRecords(backup.masterKey, copy as StoredRecord[]);
          for (const a of out.accounts) validateOtpParams(a.otp);
        } catch (e) {
          if (!isTesseraError(e) || e.code !== 'E_CORRUPT') throw e;
        }
      }),
      { seed: 42, numRuns: 10_000 },
    );
  }, 120_000);

  it('fuzz: any edit of the file structure is a typed error or the accounts, never a crash', async () => {
    const doc = JSON.parse(backup.text) as Record<string, unknown>;
    const keys = ['format', 'version', 'createdAt', 'slots', 'records', 'extra'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...keys), fc.option(fc.jsonValue({ maxDepth: 3 }))), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.nat(backup.text.length),
        async (edits, cut) => {
          const copy = structuredClone(doc);
          for (const [k, v] of edits) {
            if (v === null) delete copy[k];
            else copy[k] = v;
          }
          // Structure only: no password, so no key derivation per input (the slot path is
          // fuzzed by the crypto core's own tests).
          for (const input of [JSON.stringify(copy), backup.text.slice(0, cut)]) {
            try {
              await importFile(input);
            } catch (e) {
              if (!isTesseraError(e)) throw e;
            }
          }
        },
      ),
      { seed: 42, numRuns: 10_000 },
    );
  }, 120_000);
});
