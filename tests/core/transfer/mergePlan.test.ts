import { beforeAll, describe, expect, it } from 'vitest';
import { encodeBase32, encodeHex, parseOtpauthUri } from '../../../lib/core/otp';
import type { OtpAccount } from '../../../lib/core/otp/types';
import { decodeMigrationUri, importFile, type ImportedAccount } from '../../../lib/core/transfer';
import { buildExport } from '../../../lib/core/transfer/exportFiles';
import { EXPORT_FORMATS } from '../../../lib/core/transfer/protocol';
import { VaultService } from '../../../lib/core/vault/service';
import { describePlan, planImport } from '../../../lib/core/vault/transferPlan';
import type { Account } from '../../../lib/core/vault/types';
import { MemoryKeyCache, MemoryStore } from '../vault/memoryStore';
import { expectTessera, FIXED_TIME, SEVEN_URIS, summary } from './helpers';

const PASS = 'correct horse battery staple';
const seven = SEVEN_URIS.map((u) => parseOtpauthUri(u).account);

function vaultAccount(a: OtpAccount, id: string, extra: Partial<Account> = {}): Account {
  return { ...a, id, updatedAt: 1, sites: [], pinned: false, order: 0, ...extra };
}

async function newVault(): Promise<{ vault: VaultService; store: MemoryStore }> {
  const store = new MemoryStore();
  const vault = new VaultService(store, new MemoryKeyCache(), () => FIXED_TIME);
  await vault.create(PASS, PASS);
  return { vault, store };
}

/** What the vault holds, comparable with helpers' summary(). */
function vaultSummaries(vault: VaultService) {
  return vault.accountsSnapshot().map(summary);
}

describe('planImport (pure)', () => {
  it('matches by secret and type, never by name', () => {
    const [deno, spdx, , issuu] = seven as [OtpAccount, OtpAccount, OtpAccount, OtpAccount];
    const existing = [
      vaultAccount(deno, 'v-deno'),
      // Same secret as SPDX but another name: still the same login.
      vaultAccount({ ...spdx, issuer: 'Renamed', label: 'me' }, 'v-spdx'),
    ];
    const sameSecretOtherType: ImportedAccount = {
      ...issuu,
      otp: { ...deno.otp, type: 'hotp', counter: 0 },
    };
    const plan = planImport(existing, [deno, spdx, issuu, sameSecretOtherType]);
    expect(plan.add).toEqual([2, 3]);
    expect(plan.matches.map((m) => [m.index, m.existing.id, m.renamed])).toEqual([
      [0, 'v-deno', false],
      [1, 'v-spdx', true],
    ]);
    expect(plan.repeats).toEqual([]);
  });

  it('an account repeated in the file is planned once and reported', () => {
    const [deno, spdx] = seven as [OtpAccount, OtpAccount];
    const again = { ...deno, issuer: 'Deno again' };
    const plan = planImport([], [deno, spdx, again]);
    expect(plan.add).toEqual([0, 1]);
    expect(plan.repeats).toEqual([{ index: 2, first: 0 }]);
    const preview = describePlan({
      planId: 'p',
      fileName: 'f.txt',
      expiresAt: 0,
      result: { format: 'otpauth-list', accounts: [deno, spdx, again], problems: [] },
      plan,
    });
    expect(preview.toAdd).toHaveLength(2);
    expect(preview.problems).toEqual([
      expect.objectContaining({ entry: 'account 3 (Deno again / Mason)', code: 'E_DUPLICATE' }),
    ]);
  });

  it('the preview carries names and types only, never a secret or a site', () => {
    const withSite: ImportedAccount = { ...seven[0]!, sites: ['https://deno.land'] };
    const existing = [vaultAccount({ ...seven[1]!, label: 'old name' }, 'v1')];
    const accounts = [withSite, ...seven.slice(1)];
    const preview = describePlan({
      planId: 'p1',
      fileName: 'aegis.json',
      expiresAt: 5,
      result: {
        format: 'aegis-plain',
        accounts,
        problems: [{ entry: 'entry 9', code: 'E_DIGITS', message: 'bad digits' }],
      },
      plan: planImport(existing, accounts),
    });
    expect(preview.formatName).toBe('Aegis (plain)');
    expect(preview.toAdd).toHaveLength(6);
    expect(preview.inVault).toEqual([
      {
        id: 'v1',
        issuer: 'SPDX',
        label: 'James',
        type: 'totp',
        vaultIssuer: 'SPDX',
        vaultLabel: 'old name',
        renamed: true,
      },
    ]);
    const wire = JSON.stringify(preview);
    for (const a of seven) {
      expect(wire).not.toContain(encodeBase32(a.otp.secret));
      expect(wire).not.toContain(encodeHex(a.otp.secret));
    }
    expect(wire).not.toContain('deno.land');
    expect(wire).not.toContain('algorithm');
  });
});

describe('VaultService import and export', () => {
  let fixture: { vault: VaultService; store: MemoryStore };
  beforeAll(async () => {
    fixture = await newVault();
  }, 60_000);

  it('applies the seven accounts in one write; the same file again adds nothing', async () => {
    const { vault, store } = fixture;
    let writes = 0;
    const put = store.putRecords.bind(store);
    store.putRecords = async (rs) => {
      writes++;
      return put(rs);
    };
    expect(await vault.applyImport(seven, { updateNames: [], keepSites: false })).toEqual({
      added: 7,
      updated: 0,
    });
    expect(writes).toBe(1);
    expect(vaultSummaries(vault)).toEqual(seven.map(summary));

    const plan = vault.planImport(seven);
    expect(plan.add).toEqual([]);
    expect(plan.matches.every((m) => !m.renamed)).toBe(true);
    expect(await vault.applyImport(seven, { updateNames: [], keepSites: false })).toEqual({
      added: 0,
      updated: 0,
    });
    expect(vault.list()).toHaveLength(7);
  });

  it('"update name" changes only the chosen accounts, and only their names', async () => {
    const { vault } = fixture;
    const renamed = seven.map((a) => ({ ...a, issuer: `${a.issuer} (new)` }));
    const plan = vault.planImport(renamed);
    expect(plan.matches).toHaveLength(7);
    expect(plan.matches.every((m) => m.renamed)).toBe(true);
    const deno = plan.matches[0]!.existing;
    const airbnb = plan.matches[2]!.existing;
    const before = vault.accountsSnapshot().find((a) => a.id === deno.id)!;

    const result = await vault.applyImport(renamed, {
      updateNames: [deno.id, airbnb.id, 'not-an-id'],
      keepSites: false,
    });
    expect(result).toEqual({ added: 0, updated: 2 });
    const after = vault.accountsSnapshot();
    expect(after.map((a) => a.issuer)).toEqual([
      'Deno (new)',
      'SPDX',
      'Airbnb (new)',
      'Issuu',
      'Air Canada',
      'WWE',
      'Boeing',
    ]);
    const denoAfter = after.find((a) => a.id === deno.id)!;
    expect(denoAfter.otp).toEqual(before.otp);
    expect(denoAfter.order).toBe(before.order);
    expect(denoAfter.updatedAt).toBeGreaterThan(before.updatedAt);
  });

  it('all or nothing: a failed write leaves the vault and its storage unchanged', async () => {
    const { vault, store } = fixture;
    const extra = [
      parseOtpauthUri('otpauth://totp/New:one?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXA').account,
      parseOtpauthUri('otpauth://totp/New:two?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXB').account,
    ];
    const snapshot = store.snapshot();
    const listed = JSON.stringify(vault.list());
    store.failNextPut = true;
    await expect(vault.applyImport(extra, { updateNames: [], keepSites: false })).rejects.toThrow();
    expect(store.snapshot()).toBe(snapshot);
    expect(JSON.stringify(vault.list())).toBe(listed);

    // One impossible account refuses the whole import before anything is written.
    const broken = { ...extra[1]!, otp: { ...extra[1]!.otp, digits: 42 } };
    await expectTessera(
      vault.applyImport([extra[0]!, broken], { updateNames: [], keepSites: false }),
      'E_DIGITS',
    );
    expect(store.snapshot()).toBe(snapshot);

    // A vault that changed since the preview refuses what the user confirmed.
    await expectTessera(
      vault.applyImport(extra, {
        updateNames: [],
        keepSites: false,
        expected: { add: 1, matchIds: [] },
      }),
      'E_NOT_FOUND',
    );
    expect(store.snapshot()).toBe(snapshot);

    expect(
      await vault.applyImport(extra, {
        updateNames: [],
        keepSites: false,
        expected: { add: 2, matchIds: [] },
      }),
    ).toEqual({ added: 2, updated: 0 });
    expect(vault.list()).toHaveLength(9);
  });

  it('binds sites only when told to (Tessera backups), and normalises them', async () => {
    const { vault } = await newVault();
    const a: ImportedAccount = {
      ...seven[0]!,
      sites: ['deno.land', 'http://evil.example', 'https://deno.land/login'],
    };
    const b: ImportedAccount = { ...seven[1]!, sites: ['spdx.org'] };
    await vault.applyImport([a], { updateNames: [], keepSites: true });
    await vault.applyImport([b], { updateNames: [], keepSites: false });
    const [deno, spdx] = vault.accountsSnapshot();
    expect(deno!.sites).toEqual(['https://deno.land']);
    expect(spdx!.sites).toEqual([]);
  }, 60_000);

  it('export needs the passphrase again, and every format re-imports to the same accounts', async () => {
    const source = await newVault();
    await source.vault.applyImport(seven, { updateNames: [], keepSites: false });
    await expectTessera(source.vault.exportAccounts('wrong passphrase'), 'E_BAD_PASSPHRASE');
    await expectTessera(source.vault.exportAccounts(''), 'E_BAD_PASSPHRASE');

    const data = await source.vault.exportAccounts(PASS);
    expect(data.accounts.map(summary)).toEqual(seven.map(summary));
    const input = { ...data, now: FIXED_TIME };
    for (const format of EXPORT_FORMATS) {
      const out = buildExport(format, input);
      let back: OtpAccount[];
      if (out.kind === 'file') {
        expect(out.fileName).toMatch(/^tessera-[a-z-]+-2023-11-14\.(json|txt)$/);
        const r = await importFile(out.content, format === 'tessera' ? { password: PASS } : {});
        expect(r.problems).toEqual([]);
        back = r.accounts;
        expect(out.count).toBe(7);
      } else if (out.kind === 'qr') {
        back = out.codes.map((c) => parseOtpauthUri(c.uri).account);
      } else {
        back = out.uris.flatMap((u) => decodeMigrationUri(u).accounts);
        // Google Authenticator cannot hold 7 digits, 20 s or 50 s periods, or Steam.
        expect(out.leftOut.map((l) => l.issuer)).toEqual([
          'SPDX',
          'Airbnb',
          'Air Canada',
          'Boeing',
        ]);
        expect(back.map(summary)).toEqual(
          seven.filter((a) => !out.leftOut.some((l) => l.issuer === a.issuer)).map(summary),
        );
        continue;
      }
      expect(back.map(summary), format).toEqual(seven.map(summary));
    }

    // Tessera's own file, into a fresh vault (another browser), through the same merge.
    const backup = buildExport('tessera', input);
    if (backup.kind !== 'file') throw new Error('expected a file');
    const target = await newVault();
    const parsed = await importFile(backup.content, { password: PASS });
    expect(
      await target.vault.applyImport(parsed.accounts, { updateNames: [], keepSites: true }),
    ).toEqual({ added: 7, updated: 0 });
    expect(vaultSummaries(target.vault)).toEqual(seven.map(summary));
    expect(target.vault.list().map((v) => v.code)).toEqual(source.vault.list().map((v) => v.code));

    await source.vault.lock();
    await expectTessera(source.vault.exportAccounts(PASS), 'E_LOCKED');
  }, 120_000);
});
