import { beforeAll, describe, expect, it } from 'vitest';
import { openAccount, sealAccount } from '../../../lib/core/vault/records';
import { VaultService } from '../../../lib/core/vault/service';
import type { Account } from '../../../lib/core/vault/types';
import { MemoryKeyCache, MemoryStore } from '../vault/memoryStore';

const key = globalThis.crypto.getRandomValues(new Uint8Array(32));

const base: Account = {
  id: 'acc-1',
  updatedAt: 1000,
  issuer: 'GitHub',
  label: 'octocat',
  otp: {
    type: 'totp',
    secret: new Uint8Array(20).fill(7),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: 0,
  },
  sites: ['https://github.com'],
  pinned: false,
  order: 0,
};

describe('autofill choices in sealed records', () => {
  it('round-trip when on', async () => {
    const on = { ...base, subdomains: true, autoFill: true };
    expect(await openAccount(key, await sealAccount(key, on))).toEqual(on);
  });

  it('are absent (= off) in records written without them, as older versions did', async () => {
    const opened = await openAccount(key, await sealAccount(key, base));
    expect(opened).toEqual(base);
    expect('subdomains' in opened).toBe(false);
    expect('autoFill' in opened).toBe(false);
  });

  it('add nothing to the record when off', async () => {
    const off = await sealAccount(key, { ...base, subdomains: false, autoFill: false });
    const none = await sealAccount(key, base);
    expect(off.ct.length).toBe(none.ct.length);
  });
});

describe('VaultService.update with autofill choices', () => {
  let vault: VaultService;
  let id: string;

  beforeAll(async () => {
    vault = new VaultService(new MemoryStore(), new MemoryKeyCache(), () => Date.UTC(2026, 0, 1));
    await vault.create('correct horse battery staple', 'correct horse battery staple');
    ({ id } = await vault.add({
      kind: 'uri',
      uri: 'otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=GitHub',
    }));
  }, 60_000);

  it('starts off, turns on and off again', async () => {
    expect(vault.list().find((v) => v.id === id)).toMatchObject({
      subdomains: false,
      autoFill: false,
    });
    const on = await vault.update(id, { subdomains: true, autoFill: true });
    expect(on).toMatchObject({ subdomains: true, autoFill: true });
    expect(vault.accountsSnapshot().find((a) => a.id === id)).toMatchObject({
      subdomains: true,
      autoFill: true,
    });
    const off = await vault.update(id, { autoFill: false });
    expect(off).toMatchObject({ subdomains: true, autoFill: false });
    expect('autoFill' in vault.accountsSnapshot().find((a) => a.id === id)!).toBe(false);
  });

  it('leaves the choices alone when a patch does not mention them', async () => {
    await vault.update(id, { subdomains: true });
    const renamed = await vault.update(id, { label: 'mona' });
    expect(renamed).toMatchObject({ label: 'mona', subdomains: true });
  });
});
