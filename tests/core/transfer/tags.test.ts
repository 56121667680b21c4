import { describe, expect, it } from 'vitest';
import { createMasterKey } from '../../../lib/core/crypto';
import { importFile, writeAegisPlain } from '../../../lib/core/transfer';
import { readTesseraRecords } from '../../../lib/core/transfer/tesseraFile';
import { buildImportChanges, planImport } from '../../../lib/core/vault/transferPlan';
import { sealAccount } from '../../../lib/core/vault/records';
import type { Account } from '../../../lib/core/vault/types';
import { makeTwoFasEncrypted, seededBytes } from './helpers';
import { totpAccount } from '../vault/accountFixture';

const S1 = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const S2 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

const tagsByIssuer = (accounts: { issuer: string; tags?: string[] }[]) =>
  Object.fromEntries(accounts.map((a) => [a.issuer, a.tags]));

describe('tags from other apps', () => {
  it('Aegis version 3: the groups list and entry group uuids', async () => {
    const info = { secret: S1, algo: 'SHA1', digits: 6, period: 30 };
    const db = {
      version: 3,
      groups: [
        { uuid: 'g-work', name: 'Work' },
        { uuid: 'g-home', name: ' Home ' },
      ],
      entries: [
        { type: 'totp', name: 'a', issuer: 'GitHub', info, groups: ['g-work', 'g-home', 'g-gone'] },
        { type: 'totp', name: 'b', issuer: 'Plain', info, groups: [] },
      ],
    };
    const r = await importFile(JSON.stringify({ version: 1, header: { slots: null }, db }));
    expect(tagsByIssuer(r.accounts)).toEqual({ GitHub: ['Work', 'Home'], Plain: undefined });
  });

  it('Aegis version 2: the single group name', async () => {
    const info = { secret: S1 };
    const db = {
      version: 2,
      entries: [{ type: 'totp', name: 'a', issuer: 'X', info, group: 'Bank' }],
    };
    const r = await importFile(JSON.stringify({ version: 1, header: { slots: null }, db }));
    expect(r.accounts[0]!.tags).toEqual(['Bank']);
  });

  it('the Aegis export writes tags back as groups, and reads them again', async () => {
    const otp = {
      type: 'totp' as const,
      secret: seededBytes(20, 3),
      algorithm: 'SHA1' as const,
      digits: 6,
      period: 30,
      counter: 0,
    };
    const accounts = [
      { issuer: 'GitHub', label: 'a', otp, tags: ['Work', 'Client A'] },
      { issuer: 'Bank', label: 'b', otp, tags: ['Work'] },
      { issuer: 'None', label: 'c', otp },
    ];
    const doc = JSON.parse(writeAegisPlain(accounts)) as {
      db: { version: number; groups: { name: string }[] };
    };
    expect(doc.db.version).toBe(3);
    expect(doc.db.groups.map((g) => g.name)).toEqual(['Work', 'Client A']);
    const back = await importFile(writeAegisPlain(accounts));
    expect(tagsByIssuer(back.accounts)).toEqual({
      GitHub: ['Work', 'Client A'],
      Bank: ['Work'],
      None: undefined,
    });
    // Without tags the export stays version 1, which every Aegis release reads.
    const plain = JSON.parse(writeAegisPlain([accounts[2]!])) as { db: { version: number } };
    expect(plain.db.version).toBe(1);
  });

  it('2FAS groups (plain and encrypted backups)', async () => {
    const groups = [{ id: 'g1', name: 'Personal' }];
    const services = [
      { name: 'GitHub', secret: S1, otp: { tokenType: 'TOTP' }, groupId: 'g1' },
      { name: 'Other', secret: S2, otp: { tokenType: 'TOTP' }, groupId: null },
    ];
    const plain = await importFile(JSON.stringify({ services, groups, schemaVersion: 4 }));
    expect(tagsByIssuer(plain.accounts)).toEqual({ GitHub: ['Personal'], Other: undefined });
    const sealed = await importFile(await makeTwoFasEncrypted(services, 'pw', 11, groups), {
      password: 'pw',
    });
    expect(tagsByIssuer(sealed.accounts)).toEqual({ GitHub: ['Personal'], Other: undefined });
  });

  it('Ente tags from the codeDisplay parameter', async () => {
    const display = encodeURIComponent(JSON.stringify({ pinned: false, tags: ['Work', 'work'] }));
    const text = [
      `otpauth://totp/GitHub:a?secret=${S1}&issuer=GitHub&codeDisplay=${display}`,
      `otpauth://totp/Other:b?secret=${S2}&issuer=Other&codeDisplay=not-json`,
    ].join('\n');
    const r = await importFile(text);
    expect(r.format).toBe('ente');
    expect(tagsByIssuer(r.accounts)).toEqual({ GitHub: ['Work'], Other: undefined });
  });

  it('Bitwarden folders', async () => {
    const doc = {
      encrypted: false,
      folders: [{ id: 'f1', name: '2FA work' }],
      items: [
        { name: 'GitHub', folderId: 'f1', login: { username: 'a', totp: S1 } },
        { name: 'Other', folderId: null, login: { username: 'b', totp: S2 } },
      ],
    };
    const r = await importFile(JSON.stringify(doc));
    expect(tagsByIssuer(r.accounts)).toEqual({ GitHub: ['2FA work'], Other: undefined });
  });
});

describe('tags and icons through Tessera backups and merges', () => {
  const account = (over: Partial<Account>): Account => totpAccount(seededBytes(20, 9), over);

  it('the Tessera file carries tags and the icon choice', async () => {
    const key = createMasterKey();
    const records = [
      await sealAccount(key, account({ tags: ['Work'], icon: '' })),
      await sealAccount(key, account({ id: 'id2', issuer: 'Bank' })),
    ];
    const parsed = await readTesseraRecords(key, records);
    expect(parsed.accounts[0]).toMatchObject({ issuer: 'GitHub', tags: ['Work'], icon: '' });
    expect(parsed.accounts[1]!.tags).toBeUndefined();
    expect(parsed.accounts[1]!.icon).toBeUndefined();
  });

  it('a restore adds tags to new accounts and joins them into renamed matches', () => {
    const existing = account({ tags: ['Home'], label: 'old name' });
    const imported = [
      { issuer: 'GitHub', label: 'new name', otp: existing.otp, tags: ['Work', 'home'] },
      {
        issuer: 'Bank',
        label: 'b',
        otp: { ...existing.otp, secret: seededBytes(20, 10) },
        tags: ['Money'],
        icon: 'github',
      },
    ];
    const plan = planImport([existing], imported);
    let t = 100;
    const changes = buildImportChanges(
      plan,
      imported,
      { updateNames: [existing.id], keepSites: true },
      { newId: () => 'new', stamp: () => ++t, firstOrder: 1, clip: (s) => s },
    );
    expect(changes.added[0]).toMatchObject({ issuer: 'Bank', tags: ['Money'], icon: 'github' });
    expect(changes.updated[0]!.tags).toEqual(['Home', 'Work']);
  });
});
