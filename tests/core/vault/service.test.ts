import * as OTPAuth from 'otpauth';
import { beforeAll, describe, expect, it } from 'vitest';
import { TesseraError } from '../../../lib/core/errors';
import { VaultService } from '../../../lib/core/vault/service';
import { MemoryKeyCache, MemoryStore } from './memoryStore';

const PASS = 'correct horse battery staple';
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const URI = `otpauth://totp/ACME%20Corp:alice@example.com?secret=${SECRET}&issuer=ACME%20Corp`;

async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TesseraError);
  expect((e as TesseraError).code).toBe(code);
}

describe('VaultService', () => {
  let store: MemoryStore;
  let cache: MemoryKeyCache;
  let vault: VaultService;
  let recoveryKey: string;
  let now = Date.UTC(2026, 0, 1, 12, 0, 10);
  const clock = () => now;

  beforeAll(async () => {
    store = new MemoryStore();
    cache = new MemoryKeyCache();
    vault = new VaultService(store, cache, clock);
    expect(await vault.state()).toBe('none');
    ({ recoveryKey } = await vault.create(PASS, PASS));
  }, 30_000);

  it('opens right after creation and refuses a second vault', async () => {
    expect(await vault.state()).toBe('unlocked');
    expect(recoveryKey.replace(/[^A-Z0-9]/gi, '').length).toBeGreaterThanOrEqual(26);
    await expectCode(vault.create(PASS, PASS), 'E_VAULT_EXISTS');
  });

  it('shows the code an independent implementation computes', async () => {
    const { id } = await vault.add({ kind: 'uri', uri: URI });
    const view = vault.list().find((v) => v.id === id)!;
    const expected = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(SECRET) }).generate({
      timestamp: now,
    });
    expect(view.issuer).toBe('ACME Corp');
    expect(view.label).toBe('alice@example.com');
    expect(view.code).toBe(expected);
    expect(view.nextCode).toBe(
      new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(SECRET) }).generate({
        timestamp: view.validUntil,
      }),
    );
    expect(view.validUntil - view.validFrom).toBe(30_000);
    expect(JSON.stringify(view)).not.toContain(SECRET);
  });

  it('refuses the same secret twice', async () => {
    await expectCode(vault.add({ kind: 'uri', uri: URI.replace('alice', 'bob') }), 'E_DUPLICATE');
  });

  it('keeps nothing readable at rest', () => {
    const dump = store.snapshot();
    for (const needle of [SECRET, 'ACME', 'alice', PASS, recoveryKey]) {
      expect(dump).not.toContain(needle);
    }
  });

  it('a wrong passphrase leaves the stored vault byte-for-byte unchanged', async () => {
    await vault.lock();
    expect(await vault.state()).toBe('locked');
    const before = store.snapshot();
    await expectCode(vault.unlock({ passphrase: 'wrong passphrase' }), 'E_BAD_PASSPHRASE');
    expect(store.snapshot()).toBe(before);
    await expectCode(
      Promise.resolve().then(() => vault.list()),
      'E_LOCKED',
    );
    // Nor its first rows: a locked vault shows nothing.
    await expectCode(
      Promise.resolve().then(() => vault.head(1)),
      'E_LOCKED',
    );
  }, 30_000);

  it('unlocks with the recovery key, in any case and spacing', async () => {
    await vault.unlock({ recoveryKey: ` ${recoveryKey.toLowerCase().replace(/-/g, ' ')} ` });
    expect(await vault.state()).toBe('unlocked');
    expect(vault.list()).toHaveLength(1);
  });

  it('stays unlocked across a restart of the background (key cache), and locks without it', async () => {
    const restarted = new VaultService(store, cache, clock);
    expect(await restarted.state()).toBe('unlocked');
    expect(restarted.list()).toHaveLength(1);
    const coldStart = new VaultService(store, new MemoryKeyCache(), clock);
    expect(await coldStart.state()).toBe('locked');
  });

  it('HOTP: the counter is stored before the code is shown, and never repeats', async () => {
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    const { id } = await vault.add({
      kind: 'fields',
      issuer: 'Bank',
      label: 'me',
      secret,
      type: 'hotp',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 5,
    });
    expect(vault.list().find((v) => v.id === id)!.code).toBeNull();
    const [a, b] = await Promise.all([vault.hotpNext(id), vault.hotpNext(id)]);
    const hotp = new OTPAuth.HOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
    expect([a.code, b.code].sort()).toEqual(
      [hotp.generate({ counter: 5 }), hotp.generate({ counter: 6 })].sort(),
    );
    const reopened = new VaultService(store, cache, clock);
    await reopened.state();
    expect(reopened.list().find((v) => v.id === id)!.counter).toBe(7);
  });

  it('gives the first rows of the list, in its order, with the same codes and the full count', () => {
    const all = vault.list();
    expect(all.length).toBeGreaterThan(1);
    const { accounts, total } = vault.head(1);
    expect(total).toBe(all.length);
    expect(accounts).toEqual(all.slice(0, 1));
    expect(vault.head(all.length + 10)).toEqual({ accounts: all, total: all.length });
  });

  it('deletes with a tombstone and undoes', async () => {
    const before = vault.list().length;
    const victim = vault.list()[0]!;
    await vault.delete(victim.id);
    expect(vault.list()).toHaveLength(before - 1);
    const stored = [...store.records.values()].find((r) => r.id === victim.id)!;
    expect(stored.deleted).toBe(1);
    await vault.undelete(victim.id);
    expect(vault.list().map((v) => v.id)).toContain(victim.id);
    await expectCode(vault.undelete('nope'), 'E_NOT_FOUND');
  });

  it('pins first, then the user order; reorder persists', async () => {
    const ids = vault.list().map((v) => v.id);
    await vault.reorder([...ids].reverse());
    expect(vault.list().map((v) => v.id)).toEqual([...ids].reverse());
    await vault.update(ids[0]!, { pinned: true });
    expect(vault.list()[0]!.id).toBe(ids[0]);
    const reopened = new VaultService(store, cache, clock);
    await reopened.state();
    expect(reopened.list()[0]!.id).toBe(ids[0]);
    await expectCode(vault.reorder([ids[0]!, ids[0]!]), 'E_BAD_REQUEST');
  });

  it('edits issuer, name and sites; bad sites are refused with the site named', async () => {
    const id = vault.list()[0]!.id;
    const view = await vault.update(id, {
      issuer: ' GitHub ',
      label: 'octocat',
      sites: ['github.com', 'https://github.com/login', 'https://gist.github.com'],
    });
    expect(view.issuer).toBe('GitHub');
    expect(view.sites).toEqual(['https://github.com', 'https://gist.github.com']);
    await expectCode(vault.update(id, { sites: ['http://github.com'] }), 'E_FIELD_INVALID');
    await expectCode(vault.update(id, { sites: ['javascript:alert(1)'] }), 'E_FIELD_INVALID');
    await expectCode(vault.update(id, { issuer: '', label: '' }), 'E_FIELD_INVALID');
  });

  it('edits tags and the icon choice; both survive a reopen, and clearing removes them', async () => {
    const id = vault.list()[0]!.id;
    const view = await vault.update(id, { tags: [' Work', 'work', 'Client A', ''], icon: '' });
    expect(view.tags).toEqual(['Work', 'Client A']);
    expect(view.icon).toBe('');
    const reopened = new VaultService(store, cache, clock);
    await reopened.state();
    const again = reopened.list().find((v) => v.id === id)!;
    expect(again.tags).toEqual(['Work', 'Client A']);
    expect(again.icon).toBe('');
    const cleared = await vault.update(id, { tags: [], icon: null });
    expect(cleared.tags).toEqual([]);
    expect(cleared.icon).toBeNull();
    await expectCode(vault.update(id, { tags: 'work' as unknown as string[] }), 'E_FIELD_INVALID');
    await expectCode(vault.update(id, { icon: 'Not An Icon!' }), 'E_FIELD_INVALID');
  });

  it('adds many links all-or-nothing, naming the bad line', async () => {
    const before = store.snapshot();
    const good = 'otpauth://totp/X:y?secret=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U';
    const e = await vault.addMany([good, 'otpauth://totp/X:z?secret=!!!']).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TesseraError);
    expect((e as TesseraError).message).toMatch(/^Line 2:/);
    expect(store.snapshot()).toBe(before);
    expect(await vault.addMany([good, good])).toEqual({ added: 1 });
  });

  it('a failed write changes nothing in memory either', async () => {
    const before = vault.list();
    store.failNextPut = true;
    await expect(vault.update(before[0]!.id, { label: 'changed' })).rejects.toThrow();
    expect(vault.list()).toEqual(before);
  });

  it('later edits always carry a later time, even when the clock stands still', async () => {
    const id = vault.list()[0]!.id;
    const t1 = [...store.records.values()].find((r) => r.id === id)!.updatedAt;
    await vault.update(id, { label: 'again' });
    const t2 = [...store.records.values()].find((r) => r.id === id)!.updatedAt;
    expect(t2).toBeGreaterThan(t1);
    now += 0;
  });
});

describe('VaultService names', () => {
  it('keeps an Entra guest name with #EXT# and a 300-character name whole', async () => {
    const vault = new VaultService(new MemoryStore(), new MemoryKeyCache());
    await vault.create(PASS, PASS);
    const guest = 'jane_example.com#EXT#@contoso.onmicrosoft.com';
    const long = `${'é'.repeat(280)}+tag@example.com`.padEnd(300, 'x');
    const a = await vault.add({
      kind: 'uri',
      uri: `otpauth://totp/Contoso:${guest}?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Microsoft`,
    });
    const b = await vault.add({
      kind: 'uri',
      uri: `otpauth://totp/Ex:${encodeURIComponent(long)}?secret=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U`,
    });
    expect(vault.list().find((v) => v.id === a.id)).toMatchObject({
      issuer: 'Microsoft',
      label: guest,
    });
    expect(vault.list().find((v) => v.id === b.id)?.label).toBe(long);
  }, 30_000);
});
