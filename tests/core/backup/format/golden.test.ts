/**
 * Golden byte vectors of everything Tessera stores or hands out: the sync backup's header and its
 * shards in formats 1, 2 and 3, a vault record (IndexedDB), the backup file and the emergency
 * kit. A stored backup must decode the same forever, or be migrated on purpose: these files were
 * written once by `node scripts/golden.mjs` and are never regenerated.
 *
 * - decode: each committed vector still opens to exactly the accounts it was made from;
 * - encode: the same fixed inputs (key, IVs, salts, times: goldenVectors.ts) encode to the
 *   committed bytes, byte for byte.
 *
 * If encode fails after a change, the change altered a stored format. If that was not the
 * intent, undo it. If it was, add a new format version next to the old one (readers keep the
 * old one), add its own vector with the generator, and leave these vectors as they are.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openShard, readShardEnvelope } from '../../../../lib/core/backup/format/codec';
import { parseHeader, verifyHeader } from '../../../../lib/core/backup/format/header';
import { shardKey } from '../../../../lib/core/backup/format/layout';
import type { BackupRecord } from '../../../../lib/core/backup/types';
import { readKitHtml } from '../../../../lib/core/kit/kitFile';
import {
  checkTesseraBackup,
  parseTesseraBackup,
  readTesseraRecords,
} from '../../../../lib/core/transfer/tesseraFile';
import { openAccount } from '../../../../lib/core/vault/records';
import {
  encodeVectors,
  FILE_ACCOUNTS,
  FILE_CREATED_AT,
  GEN,
  KIT_STRINGS,
  MASTER_KEY,
  RECORD_ACCOUNT,
  RECOVERY_KEY,
  ROOT,
  SHARD_1,
  SHARD_2,
  SHARD_3,
} from './goldenVectors';

const dir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'fixtures',
  'golden',
);
const vector = (name: string): string => readFileSync(path.join(dir, name), 'utf8');
/** The stored value itself: the files end with a newline for editors' sake. */
const value = (name: string): string => vector(name).replace(/\n$/, '');

const byId = (rs: readonly BackupRecord[]): BackupRecord[] =>
  [...rs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** What an import of the file yields for an account (the vault's own fields are not carried). */
function imported(a: (typeof FILE_ACCOUNTS)[number]) {
  return {
    issuer: a.issuer,
    label: a.label,
    otp: a.otp,
    ...(a.sites.length > 0 ? { sites: a.sites } : {}),
    ...(a.tags ? { tags: a.tags } : {}),
    ...(a.icon ? { icon: a.icon } : {}),
    ...(a.recoveryCodes ? { recoveryCodes: a.recoveryCodes } : {}),
    ...(a.notes ? { notes: a.notes } : {}),
  };
}

describe('golden vectors of the stored formats', { timeout: 120_000 }, () => {
  it('the sync backup header still parses and authenticates with its fields', async () => {
    const header = parseHeader(JSON.parse(value('backup-header.json')));
    await verifyHeader(MASTER_KEY, header);
    expect(header).toMatchObject({ v: 1, gen: GEN });
    expect(header.slots.map((s) => s.kind)).toEqual(['passphrase', 'recovery']);
  });

  it.each([
    ['shard-format-1.txt', 1, SHARD_1],
    ['shard-format-2.txt', 2, SHARD_2],
    ['shard-format-3.txt', 3, SHARD_3],
  ] as const)('%s still decodes to its accounts', async (name, format, records) => {
    const text = value(name);
    expect(readShardEnvelope(shardKey(ROOT), text).version).toBe(format);
    const opened = await openShard(MASTER_KEY, shardKey(ROOT), text);
    expect(opened.gen).toBe(GEN);
    expect(opened.node).toEqual(ROOT);
    expect(byId(opened.records)).toEqual(byId(records));
  });

  it('the vault record still opens to its account', async () => {
    const record = JSON.parse(value('vault-record.json')) as unknown;
    expect(await openAccount(MASTER_KEY, record)).toEqual(RECORD_ACCOUNT);
  });

  it('the backup file still opens with the recovery key to its accounts', async () => {
    const text = vector('backup-file.json');
    const file = checkTesseraBackup(text);
    expect(file.createdAt).toBe(new Date(FILE_CREATED_AT).toISOString());
    const parsed = await parseTesseraBackup(text, RECOVERY_KEY);
    expect(parsed.accounts).toEqual(FILE_ACCOUNTS.map(imported));
    // The same records through the master key directly (no key derivation).
    const direct = await readTesseraRecords(MASTER_KEY, file.records);
    expect(direct.accounts).toEqual(parsed.accounts);
  });

  it('the emergency kit still carries the backup file and its words', () => {
    const data = readKitHtml(vector('emergency-kit.html'));
    expect(data.backup).toBe(vector('backup-file.json'));
    expect(data.strings).toEqual(KIT_STRINGS);
    expect(data.plainExport).toBe(true);
  });

  it('the fixed inputs still encode to the committed bytes, byte for byte', async () => {
    const encoded = await encodeVectors();
    expect(Object.keys(encoded).sort()).toEqual([
      'backup-file.json',
      'backup-header.json',
      'emergency-kit.html',
      'shard-format-1.txt',
      'shard-format-2.txt',
      'shard-format-3.txt',
      'vault-record.json',
    ]);
    for (const [name, text] of Object.entries(encoded)) {
      expect(text, name).toBe(vector(name));
    }
  });
});
