import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openShard, readShardEnvelope, sealShard } from '../../../lib/core/backup/format/codec';
import { BackupEngine } from '../../../lib/core/backup/engine';
import { nodeFromNumber, shardKey } from '../../../lib/core/backup/format/layout';
import { MemorySyncArea } from '../../support/memorySyncArea';
import {
  decodeShardPayload,
  encodeShardPayload,
  shardPayloadFormat,
} from '../../../lib/core/backup/format/shardPayload';
import type { BackupRecord } from '../../../lib/core/backup/types';
import { createMasterKey } from '../../../lib/core/crypto';
import { TesseraError } from '../../../lib/core/errors';
import { recoveryExtras } from '../../../lib/core/vault/recoveryCodes';
import type { Account } from '../../../lib/core/vault/types';
import { PASS, Profile, byId, makeAccounts, makeVault } from './helpers';

const live = (a: Account): BackupRecord => ({
  id: a.id,
  updatedAt: a.updatedAt,
  deleted: 0,
  account: a,
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const byIdOrder = (x: BackupRecord, y: BackupRecord) => (x.id < y.id ? -1 : 1);

describe('shard payload: recovery codes and notes', () => {
  it('codes shards without them byte for byte as before (golden, format 1 and 2)', () => {
    const plain = makeAccounts(40).map(live);
    expect(shardPayloadFormat(plain)).toBe(1);
    // The same golden digest the tags tests recorded before tags existed.
    expect(sha256(encodeShardPayload(plain))).toBe(
      'b40e3c6387c930dc7536cac1454c30f580d7cf361cfa5f080ddd9e6cbe34558c',
    );
    const tagged = makeAccounts(12).map((a, i) => live(i % 2 === 0 ? { ...a, tags: ['Work'] } : a));
    expect(shardPayloadFormat(tagged)).toBe(2);
    // Recorded before recovery codes existed.
    expect(sha256(encodeShardPayload(tagged))).toBe(GOLDEN_TAGGED_12);
  });

  it('round-trips codes, used marks, notes, tags and icons (format 3)', () => {
    const records = makeAccounts(12)
      .map((a, i): Account => {
        if (i % 4 === 0)
          return {
            ...a,
            recoveryCodes: [{ code: 'abcd-efgh' }, { code: 'ijkl-mnop', used: true }],
            notes: 'Desk drawer\nsecond line',
          };
        if (i % 4 === 1) return { ...a, tags: ['Work'], icon: 'github', notes: 'only notes' };
        if (i % 4 === 2) return { ...a, recoveryCodes: [{ code: '12345678' }] };
        return a;
      })
      .map(live);
    expect(shardPayloadFormat(records)).toBe(3);
    const decoded = decodeShardPayload(encodeShardPayload(records), 3);
    expect(decoded.sort(byIdOrder)).toEqual([...records].sort(byIdOrder));
  });

  it('round-trips any normalised codes and notes', () => {
    const base = makeAccounts(3);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            codes: fc.array(fc.tuple(fc.string({ maxLength: 30 }), fc.boolean()), {
              maxLength: 8,
            }),
            notes: fc.string({ maxLength: 200 }),
          }),
          { minLength: 3, maxLength: 3 },
        ),
        (extras) => {
          const records = base.map((a, i) => {
            const e = extras[i]!;
            return live({
              ...a,
              ...recoveryExtras({
                recoveryCodes: e.codes.map(([code, used]) => ({ code, used })),
                notes: e.notes,
              }),
            });
          });
          const format = shardPayloadFormat(records);
          const decoded = decodeShardPayload(encodeShardPayload(records), format);
          expect(decoded.sort(byIdOrder)).toEqual([...records].sort(byIdOrder));
        },
      ),
      { seed: 11, numRuns: 200 },
    );
  }, 60_000);

  it('refuses codes or notes that are not normalised rather than coding them wrongly', () => {
    const [a] = makeAccounts(1) as [Account];
    for (const bad of [
      { recoveryCodes: [] },
      { recoveryCodes: [{ code: ' x' }] },
      { recoveryCodes: [{ code: 'x' }, { code: 'x' }] },
      { notes: '' },
      { notes: 'trailing ' },
    ]) {
      expect(() => encodeShardPayload([live({ ...a, ...bad })])).toThrow(TesseraError);
    }
  });

  it('seals a shard with codes as item version 3 and opens it', async () => {
    const key = createMasterKey();
    const node = nodeFromNumber(1)!;
    const records = makeAccounts(5).map((a) => live({ ...a, notes: 'n' }));
    const value = await sealShard(
      key,
      node,
      3,
      encodeShardPayload(records),
      shardPayloadFormat(records),
    );
    expect(readShardEnvelope(shardKey(node), value).version).toBe(3);
    const opened = await openShard(key, shardKey(node), value);
    for (const r of records) expect(opened.records).toContainEqual(r);
  });
});

// sha256 of the 12-account shard above, half tagged, coded before recovery codes existed.
const GOLDEN_TAGGED_12 = '992678f608516786a06211964f570576bd1e9a408bb3a8b63f0198b93d415966';

describe('backup engine: recovery codes and notes travel and merge per account', () => {
  it('back up, restore exactly, and a code marked used on one profile reaches the other', async () => {
    const vault = await makeVault();
    const area = new MemorySyncArea();
    const a = new Profile(vault, area);
    const accounts = makeAccounts(20).map((acc, i): Account =>
      i % 3 === 0
        ? { ...acc, recoveryCodes: [{ code: `code-${i}-a` }, { code: `code-${i}-b` }], notes: 'N' }
        : acc,
    );
    await a.put(accounts);
    expect((await a.push()).ok).toBe(true);
    const restored = await BackupEngine.restore(area, { passphrase: PASS });
    expect(byId(restored.accounts)).toEqual(byId(accounts));

    const b = new Profile(vault, area.otherProfile());
    expect((await b.pull()).ok).toBe(true);
    const target = accounts[0] as Account;
    const edited: Account = {
      ...target,
      recoveryCodes: [{ code: 'code-0-a', used: true }, { code: 'code-0-b' }],
      updatedAt: target.updatedAt + 1000,
    };
    await b.put([edited]);
    expect((await b.push()).ok).toBe(true);
    const again = await BackupEngine.restore(area, { passphrase: PASS });
    expect(again.accounts.find((x) => x.id === target.id)?.recoveryCodes).toEqual(
      edited.recoveryCodes,
    );
  }, 60_000);
});
