import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openShard, readShardEnvelope, sealShard } from '../../../lib/core/backup/format/codec';
import { nodeFromNumber, shardKey } from '../../../lib/core/backup/format/layout';
import {
  decodeShardPayload,
  encodeShardPayload,
  shardPayloadFormat,
} from '../../../lib/core/backup/format/shardPayload';
import type { BackupRecord } from '../../../lib/core/backup/types';
import { createMasterKey } from '../../../lib/core/crypto';
import { TesseraError } from '../../../lib/core/errors';
import { normalizeTags } from '../../../lib/core/vault/tags';
import type { Account } from '../../../lib/core/vault/types';
import { BackupEngine } from '../../../lib/core/backup/engine';
import { MemorySyncArea } from '../../support/memorySyncArea';
import { PASS, Profile, byId, makeAccounts, makeVault } from './helpers';

const live = (a: Account): BackupRecord => ({
  id: a.id,
  updatedAt: a.updatedAt,
  deleted: 0,
  account: a,
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('shard payload: tags and icon choices', () => {
  it('codes shards without tags byte for byte as before tags existed (golden)', () => {
    const records = makeAccounts(40).map(live);
    expect(shardPayloadFormat(records)).toBe(1);
    // Recorded with the payload coder as it was before tags and icons were added.
    expect(sha256(encodeShardPayload(records))).toBe(GOLDEN_40);
  });

  it('round-trips tags and icon choices (format 2)', () => {
    const accounts = makeAccounts(12).map((a, i): Account => {
      if (i % 3 === 0) return { ...a, tags: ['Work', 'Client A'] };
      if (i % 3 === 1) return { ...a, tags: ['Work'], icon: i % 2 === 0 ? '' : 'github' };
      return a;
    });
    const records = accounts.map(live);
    expect(shardPayloadFormat(records)).toBe(2);
    const decoded = decodeShardPayload(encodeShardPayload(records), 2);
    const byId = new Map(decoded.map((r) => [r.id, r]));
    for (const r of records) expect(byId.get(r.id)).toEqual(r);
  });

  it('round-trips any normalised tags', () => {
    const base = makeAccounts(3);
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ maxLength: 40 }), { maxLength: 6 }), {
          minLength: 3,
          maxLength: 3,
        }),
        fc.constantFrom(undefined, '', 'github', 'google'),
        (tagLists, icon) => {
          const records = base.map((a, i) => {
            const tags = normalizeTags(tagLists[i]);
            return live({
              ...a,
              ...(tags.length > 0 ? { tags } : {}),
              ...(icon !== undefined ? { icon } : {}),
            });
          });
          const format = shardPayloadFormat(records);
          const decoded = decodeShardPayload(encodeShardPayload(records), format);
          expect(decoded.sort((x, y) => (x.id < y.id ? -1 : 1))).toEqual(
            [...records].sort((x, y) => (x.id < y.id ? -1 : 1)),
          );
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  }, 60_000);

  it('refuses tags that are not normalised rather than coding them wrongly', () => {
    const [a] = makeAccounts(1) as [Account];
    expect(() => encodeShardPayload([live({ ...a, tags: [' work', 'Work'] })])).toThrow(
      TesseraError,
    );
    expect(() => encodeShardPayload([live({ ...a, icon: 'Not An Icon!' })])).toThrow(TesseraError);
  });

  it('seals an untagged shard as item version 1 and a tagged one as version 2, both open', async () => {
    const key = createMasterKey();
    const node = nodeFromNumber(1)!;
    const plain = makeAccounts(5).map(live);
    const tagged = plain.map((r) =>
      r.deleted === 0 ? live({ ...r.account, tags: ['Personal'] }) : r,
    );
    for (const [records, version] of [
      [plain, 1],
      [tagged, 2],
    ] as const) {
      const format = shardPayloadFormat(records);
      const value = await sealShard(key, node, 3, encodeShardPayload(records), format);
      expect(readShardEnvelope(shardKey(node), value).version).toBe(version);
      const opened = await openShard(key, shardKey(node), value);
      expect(opened.records.length).toBe(records.length);
      for (const r of records) expect(opened.records).toContainEqual(r);
    }
  });
});

const GOLDEN_40 = 'b40e3c6387c930dc7536cac1454c30f580d7cf361cfa5f080ddd9e6cbe34558c';

describe('backup engine: tags and icon choices travel and merge per account', () => {
  it('a tagged vault backs up, restores exactly, and a tag edit on one profile reaches the other', async () => {
    const vault = await makeVault();
    const area = new MemorySyncArea();
    const a = new Profile(vault, area);
    const accounts = makeAccounts(30).map((acc, i): Account =>
      i % 4 === 0 ? { ...acc, tags: ['Work'], icon: 'github' } : acc,
    );
    await a.put(accounts);
    expect((await a.push()).ok).toBe(true);
    const restored = await BackupEngine.restore(area, { passphrase: PASS });
    expect(byId(restored.accounts)).toEqual(byId(accounts));

    const b = new Profile(vault, area.otherProfile());
    expect((await b.pull()).ok).toBe(true);
    const target = accounts[1] as Account;
    const edited: Account = { ...target, tags: ['Home'], updatedAt: target.updatedAt + 1000 };
    await b.put([edited]);
    expect((await b.push()).ok).toBe(true);
    const again = await BackupEngine.restore(area, { passphrase: PASS });
    expect(again.accounts.find((x) => x.id === target.id)?.tags).toEqual(['Home']);
  }, 60_000);
});
