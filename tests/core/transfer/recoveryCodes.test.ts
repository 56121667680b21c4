import { describe, expect, it } from 'vitest';
import {
  createMasterKey,
  createPassphraseSlot,
  createRecoverySlot,
  generateRecoveryKey,
} from '../../../lib/core/crypto';
import { importFile, writeAegisPlain, writeTesseraBackup } from '../../../lib/core/transfer';
import { readTesseraRecords } from '../../../lib/core/transfer/tesseraFile';
import { MAX_NOTES_LENGTH } from '../../../lib/core/vault/recoveryCodes';
import { sealAccount } from '../../../lib/core/vault/records';
import { buildImportChanges, planImport } from '../../../lib/core/vault/transferPlan';
import type { Account } from '../../../lib/core/vault/types';
import { makeTwoFasEncrypted, seededBytes } from './helpers';
import { totpAccount } from '../vault/accountFixture';

const S1 = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const S2 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

const extrasByIssuer = (accounts: { issuer: string; recoveryCodes?: unknown; notes?: string }[]) =>
  Object.fromEntries(accounts.map((a) => [a.issuer, { codes: a.recoveryCodes, notes: a.notes }]));

describe('notes and recovery codes from other apps', () => {
  it('Aegis note becomes notes; an over-long note refuses only its entry', async () => {
    const info = { secret: S1 };
    const db = {
      version: 1,
      entries: [
        { type: 'totp', name: 'a', issuer: 'GitHub', info, note: ' Kept in the safe \r\n' },
        { type: 'totp', name: 'b', issuer: 'Plain', info, note: '' },
        {
          type: 'totp',
          name: 'c',
          issuer: 'Long',
          info: { secret: S2 },
          note: 'x'.repeat(MAX_NOTES_LENGTH + 1),
        },
      ],
    };
    const r = await importFile(JSON.stringify({ version: 1, header: { slots: null }, db }));
    expect(extrasByIssuer(r.accounts)).toEqual({
      GitHub: { codes: undefined, notes: ' Kept in the safe' },
      Plain: { codes: undefined, notes: undefined },
    });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: 'E_FIELD_INVALID' });
  });

  it('the Aegis export writes notes and codes into the note and reads them back', async () => {
    const otp = {
      type: 'totp' as const,
      secret: seededBytes(20, 3),
      algorithm: 'SHA1' as const,
      digits: 6,
      period: 30,
      counter: 0,
    };
    const accounts = [
      {
        issuer: 'GitHub',
        label: 'a',
        otp,
        notes: 'Desk drawer',
        recoveryCodes: [{ code: 'aaaa-1111', used: true as const }, { code: 'bbbb-2222' }],
      },
      { issuer: 'Codes', label: 'b', otp, recoveryCodes: [{ code: 'cccc' }] },
      { issuer: 'None', label: 'c', otp },
    ];
    const text = writeAegisPlain(accounts);
    const doc = JSON.parse(text) as { db: { entries: { note: string }[] } };
    expect(doc.db.entries[0]!.note).toBe(
      'Desk drawer\n\nRecovery codes:\naaaa-1111 (used)\nbbbb-2222',
    );
    expect(doc.db.entries[2]!.note).toBe('');
    const back = await importFile(text);
    expect(extrasByIssuer(back.accounts)).toEqual({
      GitHub: {
        codes: [{ code: 'aaaa-1111', used: true }, { code: 'bbbb-2222' }],
        notes: 'Desk drawer',
      },
      Codes: { codes: [{ code: 'cccc' }], notes: undefined },
      None: { codes: undefined, notes: undefined },
    });
  });

  it('Bitwarden item notes', async () => {
    const doc = {
      encrypted: false,
      items: [
        { name: 'GitHub', notes: 'backup codes in 1Password', login: { username: 'a', totp: S1 } },
        { name: 'Other', notes: null, login: { username: 'b', totp: S2 } },
      ],
    };
    const r = await importFile(JSON.stringify(doc));
    expect(extrasByIssuer(r.accounts)).toEqual({
      GitHub: { codes: undefined, notes: 'backup codes in 1Password' },
      Other: { codes: undefined, notes: undefined },
    });
  });

  it('2FAS service notes (plain and encrypted backups)', async () => {
    const services = [
      { name: 'GitHub', secret: S1, otp: { tokenType: 'TOTP' }, notes: 'work laptop' },
      { name: 'Other', secret: S2, otp: { tokenType: 'TOTP' } },
    ];
    const expected = {
      GitHub: { codes: undefined, notes: 'work laptop' },
      Other: { codes: undefined, notes: undefined },
    };
    const plain = await importFile(JSON.stringify({ services, groups: [], schemaVersion: 4 }));
    expect(extrasByIssuer(plain.accounts)).toEqual(expected);
    const sealed = await importFile(await makeTwoFasEncrypted(services, 'pw', 11, []), {
      password: 'pw',
    });
    expect(extrasByIssuer(sealed.accounts)).toEqual(expected);
  });
});

describe('recovery codes through Tessera backups and merges', () => {
  const account = (over: Partial<Account>): Account => totpAccount(seededBytes(20, 9), over);

  it('the Tessera file carries codes, used marks and notes', async () => {
    const key = createMasterKey();
    const records = [
      await sealAccount(
        key,
        account({ recoveryCodes: [{ code: 'x1', used: true }, { code: 'x2' }], notes: 'n' }),
      ),
      await sealAccount(key, account({ id: 'id2', issuer: 'Bank' })),
    ];
    const parsed = await readTesseraRecords(key, records);
    expect(parsed.accounts[0]).toMatchObject({
      recoveryCodes: [{ code: 'x1', used: true }, { code: 'x2' }],
      notes: 'n',
    });
    expect(parsed.accounts[1]!.recoveryCodes).toBeUndefined();
    expect(parsed.accounts[1]!.notes).toBeUndefined();
  });

  it('the whole Tessera backup file round-trips them, unreadable in the file', async () => {
    const key = createMasterKey();
    const recoveryKey = generateRecoveryKey();
    const pass = 'a backup passphrase of some length';
    const cheap = { alg: 'argon2id', memoryKiB: 19 * 1024, iterations: 2, parallelism: 1 } as const;
    const slots = [
      await createPassphraseSlot(key, pass, cheap),
      await createRecoverySlot(key, recoveryKey),
    ];
    const codes = [{ code: 'FILE-CODE-1', used: true as const }, { code: 'FILE-CODE-2' }];
    const text = writeTesseraBackup({
      slots,
      records: [await sealAccount(key, account({ recoveryCodes: codes, notes: 'FILE-NOTE' }))],
      createdAt: Date.UTC(2026, 0, 2),
    });
    expect(text).not.toMatch(/FILE-CODE|FILE-NOTE/);
    for (const password of [pass, recoveryKey]) {
      const r = await importFile(text, { password });
      expect(r.accounts[0]).toMatchObject({ recoveryCodes: codes, notes: 'FILE-NOTE' });
    }
  }, 60_000);

  it('a restore adds codes to new accounts; a renamed match keeps its own, gains missing ones', () => {
    const existing = account({ label: 'old name', notes: 'mine' });
    const imported = [
      {
        issuer: 'GitHub',
        label: 'new name',
        otp: existing.otp,
        notes: 'theirs',
        recoveryCodes: [{ code: 'r1' }],
      },
      {
        issuer: 'Bank',
        label: 'b',
        otp: { ...existing.otp, secret: seededBytes(20, 10) },
        recoveryCodes: [{ code: 'b1', used: true as const }],
        notes: 'bank note',
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
    expect(changes.added[0]).toMatchObject({
      issuer: 'Bank',
      recoveryCodes: [{ code: 'b1', used: true }],
      notes: 'bank note',
    });
    expect(changes.updated[0]).toMatchObject({ notes: 'mine', recoveryCodes: [{ code: 'r1' }] });
  });
});
