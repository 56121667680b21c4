import { beforeAll, describe, expect, it } from 'vitest';
import { buildHeader, parseHeader } from '../../../lib/core/backup/format/header';
import { decodeB64, encodeB64, randomBytes } from '../../../lib/core/crypto/bytes';
import { TesseraError } from '../../../lib/core/errors';
import { MAX_PASSKEYS, PASSKEY_GRANT_MS } from '../../../lib/core/vault/passkeys';
import { VaultService } from '../../../lib/core/vault/service';
import { MemoryKeyCache, MemoryStore } from './memoryStore';

const PASS = 'correct horse battery staple';
const URI = 'otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME';

async function expectCode(p: Promise<unknown>, code: string): Promise<TesseraError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TesseraError);
  expect((e as TesseraError).code).toBe(code);
  return e as TesseraError;
}

/** A stand-in authenticator: PRF = HMAC-SHA-256 under a secret only it holds, as hmac-secret. */
class FakeAuthenticator {
  readonly credential = encodeB64(randomBytes(32));
  private readonly secret = randomBytes(32);
  async prf(prfSalt: string): Promise<string> {
    const key = await crypto.subtle.importKey(
      'raw',
      this.secret,
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    return encodeB64(new Uint8Array(await crypto.subtle.sign('HMAC', key, decodeB64(prfSalt))));
  }
}

describe('VaultService passkey unlock', () => {
  let store: MemoryStore;
  let vault: VaultService;
  let recoveryKey: string;
  let now = Date.UTC(2026, 0, 1, 12);
  const auth = new FakeAuthenticator();

  async function addPasskey(a: FakeAuthenticator): Promise<string> {
    const { grant, prfSalt } = await vault.preparePasskey(PASS);
    const added = await vault.addPasskey(grant, {
      credential: a.credential,
      output: await a.prf(prfSalt),
    });
    return added.id;
  }

  beforeAll(async () => {
    store = new MemoryStore();
    vault = new VaultService(store, new MemoryKeyCache(), () => now);
    ({ recoveryKey } = await vault.create(PASS, PASS));
    await vault.add({ kind: 'uri', uri: URI });
  }, 30_000);

  it('adding needs the passphrase again, and a grant is used once', async () => {
    await expectCode(vault.preparePasskey('wrong passphrase'), 'E_BAD_PASSPHRASE');
    const { grant, prfSalt, userId, exclude } = await vault.preparePasskey(PASS);
    expect(decodeB64(prfSalt)).toHaveLength(32);
    expect(userId).toMatch(/^[0-9a-f]{16}$/);
    expect(exclude).toEqual([]);
    await expectCode(
      vault.addPasskey('not-the-grant', {
        credential: auth.credential,
        output: await auth.prf(prfSalt),
      }),
      'E_FORBIDDEN',
    );
    // The failed try above used the grant up.
    await expectCode(
      vault.addPasskey(grant, { credential: auth.credential, output: await auth.prf(prfSalt) }),
      'E_FORBIDDEN',
    );
    const late = await vault.preparePasskey(PASS);
    now += PASSKEY_GRANT_MS + 1;
    await expectCode(
      vault.addPasskey(late.grant, {
        credential: auth.credential,
        output: await auth.prf(prfSalt),
      }),
      'E_FORBIDDEN',
    );
    expect(await vault.passkeys()).toEqual([]);
  }, 60_000);

  it('lock, then unlock with the passkey; a wrong PRF output opens nothing', async () => {
    await addPasskey(auth);
    const [info] = await vault.passkeys();
    expect(info?.credential).toBe(auth.credential);
    await vault.lock();
    expect(await vault.state()).toBe('locked');
    await expectCode(
      vault.unlockWithPasskey({ credential: auth.credential, output: encodeB64(randomBytes(32)) }),
      'E_BAD_PASSKEY',
    );
    expect(await vault.state()).toBe('locked');
    await vault.unlockWithPasskey({
      credential: auth.credential,
      output: await auth.prf(info!.prfSalt),
    });
    expect(await vault.state()).toBe('unlocked');
    expect(vault.list().map((a) => a.issuer)).toEqual(['ACME']);
  }, 60_000);

  it('the passphrase and the recovery key keep working', async () => {
    await vault.lock();
    await vault.unlock({ passphrase: PASS });
    await vault.lock();
    await vault.unlock({ recoveryKey });
    expect(await vault.state()).toBe('unlocked');
  }, 60_000);

  it('one PRF salt per vault; the same credential cannot be added twice', async () => {
    const second = new FakeAuthenticator();
    const prepared = await vault.preparePasskey(PASS);
    expect(prepared.exclude).toEqual([auth.credential]);
    expect(prepared.prfSalt).toBe((await vault.passkeys())[0]!.prfSalt);
    await expectCode(
      vault.addPasskey(prepared.grant, {
        credential: auth.credential,
        output: await auth.prf(prepared.prfSalt),
      }),
      'E_DUPLICATE',
    );
    const id = await addPasskey(second);
    expect((await vault.passkeys()).map((p) => p.id)).toContain(id);
    await vault.removePasskey(id);
  }, 60_000);

  it('passkey slots never leave the profile: not in the backup, not in an export', async () => {
    const keys = await vault.backupKeys();
    expect(keys.slots.map((s) => s.kind).sort()).toEqual(['passphrase', 'recovery']);
    const exported = await vault.exportAccounts(PASS);
    expect(exported.slots.some((s) => s.kind === 'passkey')).toBe(false);
    const header = await buildHeader(keys.masterKey, {
      gen: 1,
      slotsAt: keys.slotsAt,
      slots: keys.slots,
    });
    expect(JSON.stringify(header)).not.toContain(auth.credential);
    expect(parseHeader(JSON.parse(JSON.stringify(header))).slots).toHaveLength(2);
  }, 60_000);

  it('newer slots adopted from another profile keep this profile’s passkeys', async () => {
    const keys = await vault.backupKeys();
    expect(await vault.adoptKeySlots(keys.slots, keys.slotsAt + 1)).toBe(true);
    expect(await vault.passkeys()).toHaveLength(1);
    await vault.lock();
    const [info] = await vault.passkeys();
    await vault.unlockWithPasskey({
      credential: auth.credential,
      output: await auth.prf(info!.prfSalt),
    });
    expect(await vault.state()).toBe('unlocked');
  }, 60_000);

  it('a passkey slot of another vault is refused', async () => {
    const header = await store.getHeader();
    store.header = { ...header!, vaultId: '0123456789abcdef' };
    await vault.lock();
    const [info] = await vault.passkeys();
    await expectCode(
      vault.unlockWithPasskey({
        credential: auth.credential,
        output: await auth.prf(info!.prfSalt),
      }),
      'E_BAD_PASSKEY',
    );
    store.header = header;
    await vault.unlock({ passphrase: PASS });
  }, 60_000);

  it('removed: the passkey no longer unlocks, the passphrase still does', async () => {
    const [info] = await vault.passkeys();
    await expectCode(vault.removePasskey('f'.repeat(32)), 'E_NOT_FOUND');
    await vault.removePasskey(info!.id);
    expect(await vault.passkeys()).toEqual([]);
    await vault.lock();
    await expectCode(vault.removePasskey(info!.id), 'E_LOCKED');
    const e = await expectCode(
      vault.unlockWithPasskey({
        credential: auth.credential,
        output: await auth.prf(info!.prfSalt),
      }),
      'E_NOT_FOUND',
    );
    expect(e.detail?.reason).toBe('passkeyRemoved');
    await vault.unlock({ passphrase: PASS });
    expect(await vault.state()).toBe('unlocked');
  }, 60_000);

  it(`at most ${MAX_PASSKEYS} passkeys`, async () => {
    for (let i = 0; i < MAX_PASSKEYS; i++) await addPasskey(new FakeAuthenticator());
    const { grant, prfSalt } = await vault.preparePasskey(PASS);
    const extra = new FakeAuthenticator();
    const e = await expectCode(
      vault.addPasskey(grant, { credential: extra.credential, output: await extra.prf(prfSalt) }),
      'E_FIELD_INVALID',
    );
    expect(e.detail?.reason).toBe('tooManyPasskeys');
  }, 120_000);
});
