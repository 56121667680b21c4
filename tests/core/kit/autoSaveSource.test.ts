import { describe, expect, it } from 'vitest';
import { parseOtpauthUri } from '../../../lib/core/otp';
import { importFile } from '../../../lib/core/transfer';
import { writeTesseraBackup } from '../../../lib/core/transfer/tesseraFile';
import { VaultService } from '../../../lib/core/vault/service';
import { expectTessera, FIXED_TIME, SEVEN_URIS, summary } from '../transfer/helpers';
import { MemoryKeyCache, MemoryStore } from '../vault/memoryStore';

const PASS = 'correct horse battery staple';

describe('the kit auto-save source (vault.sealedExport)', () => {
  it('gives, while unlocked and without the passphrase, a backup that opens with it', async () => {
    const vault = new VaultService(new MemoryStore(), new MemoryKeyCache(), () => FIXED_TIME);
    await vault.create(PASS, PASS);
    const seven = SEVEN_URIS.map((u) => parseOtpauthUri(u).account);
    await vault.applyImport(seven, { updateNames: [], keepSites: false });

    const backup = writeTesseraBackup({ ...(await vault.sealedExport()), createdAt: FIXED_TIME });
    for (const a of seven) expect(backup).not.toContain(a.issuer || a.label);
    const parsed = await importFile(backup, { password: PASS });
    expect(parsed.accounts.map(summary)).toEqual(seven.map(summary));

    await vault.lock();
    await expectTessera(vault.sealedExport(), 'E_LOCKED');
  }, 60_000);
});
