import { describe, expect, it } from 'vitest';
import { ITEM_FORMAT_VERSION } from '../../../lib/core/backup/format/codec';
import { decodeDense, encodeDense } from '../../../lib/core/backup/format/denseText';
import { BackupEngine } from '../../../lib/core/backup/engine';
import { MemorySyncArea } from '../../support/memorySyncArea';
import { decodeRemote } from '../../../lib/core/backup/remote';
import type { RemoteProblemKind } from '../../../lib/core/backup/types';
import type { ErrorCode } from '../../../lib/core/errors';
import { PASS, Profile, byId, expectCode, makeAccounts, makeVault } from './helpers';

const SMALL = { quotaBytesPerItem: 800 };

/** A backup of 40 accounts over several shards, and a profile holding the same vault. */
async function backedUp() {
  const vault = await makeVault();
  const area = new MemorySyncArea({ limits: SMALL });
  const p = new Profile(vault, area, { limits: SMALL });
  const accounts = makeAccounts(40);
  await p.put(accounts);
  expect((await p.push()).ok).toBe(true);
  const shardKeys = Object.keys(area.peek())
    .filter((k) => k.startsWith('s:'))
    .sort();
  expect(shardKeys.length).toBeGreaterThanOrEqual(3);
  return { vault, area, p, accounts, shardKeys };
}

function flipBit(value: string, byte: number): string {
  const bytes = decodeDense(value);
  bytes[byte] = (bytes[byte] as number) ^ 0x10;
  return encodeDense(bytes);
}

type Setup = Awaited<ReturnType<typeof backedUp>>;

interface Case {
  name: string;
  kind: RemoteProblemKind;
  code: ErrorCode;
  corrupt: (s: Setup) => Promise<void> | void;
  /** Left alone: pushing must not touch the remote either. */
  leftAlone?: boolean;
  /** What restoring in a new profile throws (header damage), if it cannot proceed. */
  restoreCode?: ErrorCode;
}

const CASES: Case[] = [
  {
    name: 'a truncated item (the last chunk cut off)',
    kind: 'truncated',
    code: 'E_CORRUPT',
    corrupt: ({ area, shardKeys }) => {
      const k = shardKeys[0] as string;
      const v = area.peek()[k] as string;
      area.poke(k, v.slice(0, v.length - (v.length % 16 || 16)));
    },
  },
  {
    name: 'a truncated item (cut mid-chunk)',
    kind: 'truncated',
    code: 'E_CORRUPT',
    corrupt: ({ area, shardKeys }) => {
      const k = shardKeys[1] as string;
      const v = area.peek()[k] as string;
      // Leave a final chunk of 6 characters, a length no byte count encodes to.
      const cut = v.length - (v.length % 16) - 16 + 6;
      area.poke(k, v.slice(0, cut));
    },
  },
  {
    name: 'a missing item',
    kind: 'missing',
    code: 'E_CORRUPT',
    corrupt: ({ area, shardKeys }) => area.poke(shardKeys[1] as string, undefined),
  },
  {
    name: 'reordered items (two shards swapped)',
    kind: 'misplaced',
    code: 'E_CORRUPT',
    corrupt: ({ area, shardKeys }) => {
      const [k1, k2] = shardKeys as [string, string];
      const items = area.peek();
      area.poke(k1, items[k2]);
      area.poke(k2, items[k1]);
    },
  },
  {
    name: 'a flipped bit in a shard',
    kind: 'tampered',
    code: 'E_CORRUPT',
    corrupt: ({ area, shardKeys }) => {
      const k = shardKeys[2] as string;
      area.poke(k, flipBit(area.peek()[k] as string, 40));
    },
  },
  {
    name: 'a flipped bit in the header',
    kind: 'tampered',
    code: 'E_CORRUPT',
    restoreCode: 'E_CORRUPT',
    corrupt: ({ area }) => {
      const h = area.peek().h as Record<string, unknown>;
      area.poke('h', { ...h, gen: (h.gen as number) ^ 1 });
    },
  },
  {
    name: 'a stale generation (a shard from before a reset)',
    kind: 'stale',
    code: 'E_CORRUPT',
    corrupt: async ({ area, p, shardKeys }) => {
      const k = shardKeys[0] as string;
      const old = area.peek()[k];
      expect((await p.engine.replaceRemote(p.list())).ok).toBe(true);
      area.poke(k, old);
    },
  },
  {
    name: 'a header of a newer format version',
    kind: 'unsupported-version',
    code: 'E_UNSUPPORTED_VERSION',
    leftAlone: true,
    restoreCode: 'E_UNSUPPORTED_VERSION',
    corrupt: ({ area }) => {
      const h = area.peek().h as Record<string, unknown>;
      area.poke('h', { ...h, v: 2 });
    },
  },
  {
    name: 'a shard of a newer format version',
    kind: 'unsupported-version',
    code: 'E_UNSUPPORTED_VERSION',
    leftAlone: true,
    corrupt: ({ area, shardKeys }) => {
      const k = shardKeys[0] as string;
      const bytes = decodeDense(area.peek()[k] as string);
      bytes[0] = ITEM_FORMAT_VERSION + 1;
      area.poke(k, encodeDense(bytes));
    },
  },
  {
    name: 'KDF parameters out of range in a key slot',
    kind: 'kdf-params',
    code: 'E_KDF_PARAMS',
    restoreCode: 'E_KDF_PARAMS',
    corrupt: ({ area }) => {
      const h = structuredClone(area.peek().h) as {
        slots: { kind: string; kdf: { memoryKiB: number } }[];
      };
      const slot = h.slots.find((s) => s.kind === 'passphrase');
      if (slot) slot.kdf.memoryKiB = 4 * 1024 * 1024;
      area.poke('h', h);
    },
  },
  {
    name: 'a shard that is not text',
    kind: 'malformed',
    code: 'E_CORRUPT',
    corrupt: ({ area, shardKeys }) => area.poke(shardKeys[0] as string, { not: 'a shard' }),
  },
  {
    name: 'a header that is not a header',
    kind: 'malformed',
    code: 'E_CORRUPT',
    restoreCode: 'E_CORRUPT',
    corrupt: ({ area }) => area.poke('h', 'garbage'),
  },
  {
    name: 'a missing header',
    kind: 'missing-header',
    code: 'E_CORRUPT',
    restoreCode: 'E_CORRUPT',
    corrupt: ({ area }) => area.poke('h', undefined),
  },
];

describe(
  'every corruption: its own error, the local vault unchanged, the next push repairs',
  { timeout: 60_000 },
  () => {
    for (const c of CASES) {
      it(
        c.name,
        async () => {
          const s = await backedUp();
          await c.corrupt(s);
          const remote = JSON.stringify(s.area.peek());

          const snap = await decodeRemote(s.area.peek(), s.vault.masterKey);
          const problem = snap.problems.find((p) => p.kind === c.kind);
          expect(problem, `problems: ${snap.problems.map((p) => p.kind).join(', ')}`).toBeDefined();
          expect(problem?.error.code).toBe(c.code);
          expect(problem?.error.detail?.problem).toBe(c.kind);

          // Pulling changes nothing locally.
          const before = s.p.snapshot();
          const pulled = await s.p.pull();
          expect(pulled.toWriteLocal).toEqual([]);
          expect(pulled.removals).toEqual([]);
          expect(s.p.snapshot()).toBe(before);
          expect(pulled.problems.map((p) => p.kind)).toContain(c.kind);

          if (c.restoreCode) {
            await expectCode(
              () => BackupEngine.restore(s.area, { passphrase: PASS }),
              c.restoreCode,
            );
          }

          const pushed = await s.p.push();
          expect(s.p.snapshot()).toBe(before);
          if (c.leftAlone) {
            expect(pushed.ok).toBe(false);
            expect(pushed.error?.code).toBe('E_UNSUPPORTED_VERSION');
            expect(JSON.stringify(s.area.peek())).toBe(remote);
            return;
          }
          expect(pushed.ok).toBe(true);
          const repaired = await decodeRemote(s.area.peek(), s.vault.masterKey);
          expect(repaired.state).toBe('ok');
          const restored = await BackupEngine.restore(s.area, { recoveryKey: s.vault.recoveryKey });
          expect(byId(restored.accounts)).toEqual(byId(s.accounts));
        },
        30_000,
      );
    }

    it('another profile never deletes anything because of a damaged remote', async () => {
      const s = await backedUp();
      const other = new Profile(s.vault, s.area.otherProfile(), { limits: SMALL });
      await other.put(s.accounts);
      const before = other.snapshot();
      for (const k of s.shardKeys.slice(0, 2))
        s.area.poke(k, flipBit(s.area.peek()[k] as string, 30));
      s.area.poke(s.shardKeys[2] as string, undefined);
      const out = await other.pull({ removals: 'apply' });
      expect(out.removals).toEqual([]);
      expect(other.snapshot()).toBe(before);
    });

    it('garbage under every backup key is reported, never thrown', async () => {
      const s = await backedUp();
      const junk: unknown[] = [null, 0, '', '!!!!', [], { v: 1 }, 'x'.repeat(100), true];
      for (const [i, k] of ['h', ...s.shardKeys].entries()) s.area.poke(k, junk[i % junk.length]);
      const snap = await decodeRemote(s.area.peek(), s.vault.masterKey);
      expect(snap.entries).toEqual([]);
      expect(snap.problems.length).toBeGreaterThan(0);
      // Junk whose first byte reads as a version above 1 is taken for a newer format (and left
      // alone): the conservative reading.
      for (const p of snap.problems)
        expect(['E_CORRUPT', 'E_UNSUPPORTED_VERSION']).toContain(p.error.code);
      const before = s.p.snapshot();
      await s.p.pull();
      expect(s.p.snapshot()).toBe(before);
    });
  },
);
