/**
 * The fixed inputs of the golden vectors and the one function that encodes them. Shared by the
 * generator (scripts/golden.mjs, run once to write tests/fixtures/golden/) and by golden.test.ts,
 * which encodes the same inputs again and compares byte for byte.
 *
 * Everything that would be random is fixed: the master key, the recovery key, and every IV and
 * salt, through a deterministic stand-in for crypto.getRandomValues installed while encoding.
 */
import { buildHeader } from '../../../../lib/core/backup/format/header';
import { sealShard } from '../../../../lib/core/backup/format/codec';
import type { ShardNode } from '../../../../lib/core/backup/format/layout';
import {
  encodeShardPayload,
  shardPayloadFormat,
} from '../../../../lib/core/backup/format/shardPayload';
import type { BackupRecord } from '../../../../lib/core/backup/types';
import {
  createPassphraseSlot,
  createRecoverySlot,
  formatRecoveryKey,
  type Argon2idCost,
  type KeySlot,
} from '../../../../lib/core/crypto';
import { writeKitHtml, type KitTemplate } from '../../../../lib/core/kit/kitFile';
import { KIT_STRING_FIELDS, type KitStrings } from '../../../../lib/core/kit/strings';
import { writeTesseraBackup } from '../../../../lib/core/transfer/tesseraFile';
import { sealAccount } from '../../../../lib/core/vault/records';
import type { Account } from '../../../../lib/core/vault/types';

export const MASTER_KEY = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
export const RECOVERY_KEY = formatRecoveryKey(Uint8Array.from({ length: 20 }, (_, i) => 0xa0 + i));
export const PASSPHRASE = 'golden vectors passphrase';
/** The cheapest cost the bounds accept: the vectors pin the format, not the cost. */
const COST: Argon2idCost = { alg: 'argon2id', memoryKiB: 19 * 1024, iterations: 2, parallelism: 1 };
const T = Date.UTC(2026, 0, 2, 3, 4, 5);

function secret(from: number, length = 20): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (from + i * 7) & 0xff);
}

function account(n: number, extra: Partial<Account> = {}): Account {
  return {
    id: `0000000${n}-1111-4222-8333-44444444444${n}`,
    updatedAt: T + n * 1000,
    issuer: ['GitHub', 'Example Bank', 'Mastodon', 'Steam'][n % 4] as string,
    label: `user${n}@example.com`,
    otp: { type: 'totp', secret: secret(n), algorithm: 'SHA1', digits: 6, period: 30, counter: 0 },
    sites: n % 2 === 0 ? ['https://github.com'] : [],
    pinned: n === 1,
    order: n,
    ...extra,
  };
}

const hotp: Partial<Account> = {
  otp: {
    type: 'hotp',
    secret: secret(90),
    algorithm: 'SHA256',
    digits: 8,
    period: 30,
    counter: 42,
  },
};
const steam: Partial<Account> = {
  otp: {
    type: 'steam',
    secret: secret(60, 10),
    algorithm: 'SHA1',
    digits: 5,
    period: 30,
    counter: 0,
  },
};

const live = (a: Account): BackupRecord => ({
  id: a.id,
  updatedAt: a.updatedAt,
  deleted: 0,
  account: a,
});

/** Format 1: no tags, icons, recovery codes or notes; one HOTP, one Steam, one tombstone. */
export const SHARD_1: BackupRecord[] = [
  live(account(1)),
  live(account(2, hotp)),
  live(account(3, steam)),
  { id: '00000009-1111-4222-8333-444444444449', updatedAt: T + 9000, deleted: 1 },
];
/** Format 2: tags and icon choices. */
export const SHARD_2: BackupRecord[] = [
  live(account(4, { tags: ['Work', 'Client A'], icon: 'github' })),
  live(account(5, { tags: ['Work'] })),
];
/** Format 3: recovery codes (one used) and notes. */
export const SHARD_3: BackupRecord[] = [
  live(
    account(6, {
      tags: ['Home'],
      recoveryCodes: [{ code: 'abcd-efgh' }, { code: 'ijkl-mnop', used: true }],
      notes: 'Backup phone: the old one.',
    }),
  ),
  live(account(7)),
];
export const ROOT: ShardNode = { depth: 0, prefix: 0 };
export const GEN = 3;

/** The vault record and the backup file's accounts: every optional field once. */
export const RECORD_ACCOUNT: Account = account(8, {
  subdomains: true,
  autoFill: true,
  tags: ['Work'],
  icon: 'github',
  timeOffset: 30,
  recoveryCodes: [{ code: '1234 5678' }],
  notes: 'Notes stay sealed.',
});
export const FILE_ACCOUNTS: Account[] = [account(1), account(2, hotp), RECORD_ACCOUNT];
export const FILE_CREATED_AT = T + 60_000;

export const KIT_TEMPLATE: KitTemplate = {
  script: 'document.title;',
  style: 'body{margin:0}',
  scriptHash: 'sha256-c2NyaXB0',
  styleHash: 'sha256-c3R5bGU=',
};
export const KIT_STRINGS = Object.fromEntries(
  KIT_STRING_FIELDS.map((k) => [k, k === 'lang' ? 'en' : `<${k}> & "${k}"`]),
) as unknown as KitStrings;

/**
 * A deterministic stand-in for crypto.getRandomValues (a 32-bit xorshift stream), installed
 * while the vectors are encoded; returns the function that puts the real one back.
 */
export function installFixedRandom(seed: number): () => void {
  const c = globalThis.crypto;
  const own = Object.getOwnPropertyDescriptor(c, 'getRandomValues');
  let x = seed >>> 0 || 1;
  const fixed = <T extends ArrayBufferView | null>(array: T): T => {
    if (array) {
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (let i = 0; i < bytes.length; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        x >>>= 0;
        bytes[i] = x & 0xff;
      }
    }
    return array;
  };
  Object.defineProperty(c, 'getRandomValues', { value: fixed, configurable: true, writable: true });
  return () => {
    if (own) Object.defineProperty(c, 'getRandomValues', own);
    else delete (c as { getRandomValues?: unknown }).getRandomValues;
  };
}

async function withFixedRandom<T>(seed: number, task: () => Promise<T>): Promise<T> {
  const restore = installFixedRandom(seed);
  try {
    return await task();
  } finally {
    restore();
  }
}

/** The vectors' file names and exact contents. */
export async function encodeVectors(): Promise<Record<string, string>> {
  const slots: KeySlot[] = await withFixedRandom(1, async () => [
    await createPassphraseSlot(MASTER_KEY, PASSPHRASE, COST),
    await createRecoverySlot(MASTER_KEY, RECOVERY_KEY),
  ]);
  const header = await withFixedRandom(2, () =>
    buildHeader(MASTER_KEY, { gen: GEN, slotsAt: T, slots }),
  );
  const shard = (records: BackupRecord[], seed: number) =>
    withFixedRandom(seed, () =>
      sealShard(MASTER_KEY, ROOT, GEN, encodeShardPayload(records), shardPayloadFormat(records)),
    );
  const record = await withFixedRandom(6, () => sealAccount(MASTER_KEY, RECORD_ACCOUNT));
  const records = await withFixedRandom(7, async () => {
    const out = [];
    for (const a of FILE_ACCOUNTS) out.push(await sealAccount(MASTER_KEY, a));
    return out;
  });
  const backupFile = writeTesseraBackup({ slots, records, createdAt: FILE_CREATED_AT });
  const kit = writeKitHtml(KIT_TEMPLATE, {
    backup: backupFile,
    strings: KIT_STRINGS,
    plainExport: true,
  });
  return {
    'backup-header.json': JSON.stringify(header) + '\n',
    'shard-format-1.txt': (await shard(SHARD_1, 3)) + '\n',
    'shard-format-2.txt': (await shard(SHARD_2, 4)) + '\n',
    'shard-format-3.txt': (await shard(SHARD_3, 5)) + '\n',
    'vault-record.json': JSON.stringify(record) + '\n',
    'backup-file.json': backupFile,
    'emergency-kit.html': kit,
  };
}
