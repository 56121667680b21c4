import { describe, expect, it } from 'vitest';
import { importFile } from '../../../lib/core/transfer';
import { nameKey, secretConflicts } from '../../../lib/core/vault/conflicts';
import { VaultService } from '../../../lib/core/vault/service';
import type { Account } from '../../../lib/core/vault/types';
import { MemoryKeyCache, MemoryStore } from './memoryStore';

const secret = (seed: number) => new Uint8Array(20).fill(seed);

function account(
  id: string,
  issuer: string,
  label: string,
  seed: number,
  type: 'totp' | 'hotp' = 'totp',
): Account {
  return {
    id,
    issuer,
    label,
    otp: { type, secret: secret(seed), algorithm: 'SHA1', digits: 6, period: 30, counter: 0 },
    updatedAt: 1,
    sites: [],
    pinned: false,
    order: 0,
  };
}

describe('secretConflicts (pure)', () => {
  it('marks every account of a name shared with different secrets, and only those', () => {
    const marks = secretConflicts([
      account('a', 'GitHub', 'alice', 1),
      account('b', 'GitHub', 'alice', 2),
      account('c', 'GitHub', 'bob', 3),
      account('d', 'GitLab', 'alice', 4),
    ]);
    expect([...marks].sort()).toEqual(['a', 'b']);
  });

  it('compares names as people read them', () => {
    expect(nameKey('  GitHub ', 'Alice  Smith')).toBe(nameKey('github', 'alice smith'));
    expect(nameKey('Ｇｉｔｈｕｂ', 'alice')).toBe(nameKey('GitHub', 'alice')); // NFKC
    expect(nameKey('GitHub', 'alice')).not.toBe(nameKey('', 'GitHub:alice'));
    expect(nameKey('a', 'b c')).not.toBe(nameKey('a b', 'c'));
  });

  it('does not mark the same login twice over (same secret and type)', () => {
    expect(secretConflicts([account('a', 'X', 'y', 1), account('b', 'x', 'Y', 1)]).size).toBe(0);
  });

  it('marks all three when two share a secret and a third differs', () => {
    const marks = secretConflicts([
      account('a', 'X', 'y', 1),
      account('b', 'X', 'y', 1),
      account('c', 'X', 'y', 9),
    ]);
    expect(marks.size).toBe(3);
  });

  it('a TOTP and an HOTP of the same secret are different logins', () => {
    expect(
      secretConflicts([account('a', 'X', 'y', 1), account('b', 'X', 'y', 1, 'hotp')]).size,
    ).toBe(2);
  });

  it('accounts with empty issuers conflict by their names alone', () => {
    expect(
      secretConflicts([
        account('a', '', 'me+2fa@example.com', 1),
        account('b', '', 'me+2fa@example.com', 2),
      ]).size,
    ).toBe(2);
  });
});

describe('the vault derives the mark, whatever brought the accounts', () => {
  const link = (issuer: string, label: string, seed: number) =>
    `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(label)}?secret=${'A'.repeat(16 + seed)}&issuer=${encodeURIComponent(issuer)}`;

  it('import: same secret adds nothing; same names with another secret adds and marks both', async () => {
    const vault = new VaultService(
      new MemoryStore(),
      new MemoryKeyCache(),
      () => 1_700_000_000_000,
    );
    await vault.create('correct horse battery staple', 'correct horse battery staple');
    await vault.add({ kind: 'uri', uri: link('GitHub', 'alice', 0) });
    expect(vault.list()[0]!.secretConflict).toBeUndefined();

    // The same account again, renamed in the file: one account, no duplicate.
    const again = await importFile(link('GitHub (old)', 'alice', 0));
    expect(await vault.applyImport(again.accounts, { updateNames: [], keepSites: false })).toEqual({
      added: 0,
      updated: 0,
    });
    expect(vault.list()).toHaveLength(1);

    // Same issuer and name, another secret: kept, both marked.
    const other = await importFile(link('GitHub', 'alice', 8));
    expect(await vault.applyImport(other.accounts, { updateNames: [], keepSites: false })).toEqual({
      added: 1,
      updated: 0,
    });
    const views = vault.list();
    expect(views).toHaveLength(2);
    expect(views.every((v) => v.secretConflict === true)).toBe(true);

    // Renaming one resolves the mark for both; the returned view says so too.
    const renamed = await vault.update(views[1]!.id, { label: 'alice (new phone)' });
    expect(renamed.secretConflict).toBeUndefined();
    expect(vault.list().some((v) => v.secretConflict)).toBe(false);

    // Deleting is the other way out.
    await vault.update(views[1]!.id, { label: 'alice' });
    expect(vault.list().every((v) => v.secretConflict === true)).toBe(true);
    await vault.delete(views[1]!.id);
    expect(vault.list()[0]!.secretConflict).toBeUndefined();
  }, 60_000);
});
