import * as OTPAuth from 'otpauth';
import { describe, expect, it } from 'vitest';
import { VaultService } from '../../../lib/core/vault/service';
import { checkTimeOffset, MAX_TIME_OFFSET_S } from '../../../lib/core/vault/timeOffset';
import { MemoryKeyCache, MemoryStore } from './memoryStore';

const PASS = 'correct horse battery staple';
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const URI = `otpauth://totp/ACME:alice?secret=${SECRET}&issuer=ACME`;

const reference = (atMs: number) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(SECRET) }).generate({ timestamp: atMs });

describe('checkTimeOffset', () => {
  it('takes whole seconds within a day either way and refuses the rest with a typed error', () => {
    expect(checkTimeOffset(-47)).toBe(-47);
    expect(checkTimeOffset(MAX_TIME_OFFSET_S)).toBe(MAX_TIME_OFFSET_S);
    for (const bad of [1.5, MAX_TIME_OFFSET_S + 1, -MAX_TIME_OFFSET_S - 1, '5', NaN, null]) {
      expect(() => checkTimeOffset(bad)).toThrow(
        expect.objectContaining({
          code: 'E_FIELD_INVALID',
          detail: expect.objectContaining({ reason: 'timeOffsetRange', max: MAX_TIME_OFFSET_S }),
        }),
      );
    }
  });
});

describe('a per-account time offset', () => {
  it('shifts the account codes and windows, is stored sealed, and 0 removes it', async () => {
    let now = Date.UTC(2026, 0, 1, 12, 0, 10);
    const store = new MemoryStore();
    const cache = new MemoryKeyCache();
    const vault = new VaultService(store, cache, () => now);
    await vault.create(PASS, PASS);
    const { id } = await vault.add({ kind: 'uri', uri: URI });

    const plain = vault.list()[0]!;
    expect(plain.timeOffset).toBe(0);
    expect(plain.code).toBe(reference(now));

    // 25 s ahead: 12:00:35 falls in the next 30 s window, which ends at 12:01:00 account time,
    // that is 12:00:35 on this computer.
    const view = await vault.update(id, { timeOffset: 25 });
    expect(view.timeOffset).toBe(25);
    expect(view.code).toBe(reference(now + 25_000));
    expect(view.validFrom).toBe(Date.UTC(2026, 0, 1, 12, 0, 30) - 25_000);
    expect(view.validUntil).toBe(Date.UTC(2026, 0, 1, 12, 1, 0) - 25_000);
    expect(view.nextCode).toBe(reference(now + 25_000 + 30_000));

    const help = vault.codeHelp(id);
    expect(help.windows.current.code).toBe(reference(now + 25_000));
    expect(help.windows.previous.code).toBe(reference(now + 25_000 - 30_000));
    expect(help.windows.current.validUntil).toBe(view.validUntil);

    // Kept across a reopening (sealed in the record), and never readable there.
    const reopened = new VaultService(store, cache, () => now);
    expect(await reopened.state()).toBe('unlocked');
    expect(reopened.list()[0]!.timeOffset).toBe(25);
    expect(JSON.stringify(await store.listRecords())).not.toContain('timeOffset');

    await expect(vault.update(id, { timeOffset: 90_000 })).rejects.toMatchObject({
      code: 'E_FIELD_INVALID',
    });
    now += 1000;
    const cleared = await vault.update(id, { timeOffset: 0 });
    expect(cleared.timeOffset).toBe(0);
    expect(cleared.code).toBe(reference(now));
  }, 30_000);
});
