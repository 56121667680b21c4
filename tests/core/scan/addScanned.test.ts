import { beforeAll, describe, expect, it } from 'vitest';
import { TesseraError } from '../../../lib/core/errors';
import { decodeBase32 } from '../../../lib/core/otp';
import type { OtpAccount } from '../../../lib/core/otp/types';
import { VaultService } from '../../../lib/core/vault/service';
import { MemoryKeyCache, MemoryStore } from '../vault/memoryStore';

const PASS = 'A long and private passphrase';

function account(issuer: string, secret: string, type: 'totp' | 'hotp' = 'totp'): OtpAccount {
  return {
    issuer,
    label: 'alice@example.org',
    otp: {
      type,
      secret: decodeBase32(secret),
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0,
    },
  };
}

describe('VaultService.addScanned', () => {
  let vault: VaultService;

  beforeAll(async () => {
    vault = new VaultService(new MemoryStore(), new MemoryKeyCache());
    await vault.create(PASS, PASS);
  }, 30_000);

  it('adds the accounts bound to the scanned tab origin, and skips duplicates', async () => {
    const a = account('Scan A', 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    const b = account('Scan B', 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ');
    const first = await vault.addScanned([a], 'https://login.example.com/');
    expect(first.ids).toHaveLength(1);
    // Same secret and type again (under another name), twice in one batch, plus a new one.
    const second = await vault.addScanned(
      [{ ...a, issuer: 'Renamed' }, b, { ...b }],
      'http://login.example.test:8080',
    );
    expect(second.ids).toHaveLength(1);
    const list = vault.list();
    expect(list.map((v) => [v.issuer, v.sites])).toEqual([
      ['Scan A', ['https://login.example.com']],
      ['Scan B', ['http://login.example.test:8080']],
    ]);
    // Same secret, other type: a different account.
    const hotp = await vault.addScanned([{ ...a, otp: { ...a.otp, type: 'hotp' } }], null);
    expect(hotp.ids).toHaveLength(1);
    expect(vault.list().find((v) => v.id === hotp.ids[0])?.sites).toEqual([]);
  });

  it('never binds a site Tessera would not fill into', async () => {
    const c = account('Scan C', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    await expect(vault.addScanned([c], 'http://example.com')).rejects.toBeInstanceOf(TesseraError);
    expect(vault.list().some((v) => v.issuer === 'Scan C')).toBe(false);
  });

  it('keeps its own copy of the secret', async () => {
    const d = account('Scan D', 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U');
    await vault.addScanned([d], null);
    d.otp.secret.fill(0);
    const view = vault.list().find((v) => v.issuer === 'Scan D');
    expect(view?.code).toMatch(/^\d{6}$/);
    const again = await vault.addScanned(
      [account('Scan D2', 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U')],
      null,
    );
    expect(again.ids).toEqual([]);
  });
});
