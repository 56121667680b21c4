import { describe, expect, it } from 'vitest';
import { detectFormat, importFile } from '../../../lib/core/transfer';
import { expectTessera, seededBytes } from './helpers';

/**
 * Files that say what they are (by their first bytes) or show it by their shape are named, with
 * a reason the UI words, and are never taken for an andOTP backup (which has no signature and
 * used to catch every binary file, so people were asked for an andOTP password).
 */

const bytesOf = (...parts: (number[] | Uint8Array | string)[]) =>
  new Uint8Array(
    parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : [...p])),
  );

async function refusedWith(input: Uint8Array, reason: string) {
  const e = await expectTessera(() => detectFormat(input), 'E_IMPORT_FORMAT');
  expect(e.detail).toMatchObject({ reason });
  // importFile says the same, and never asks for a password first.
  const e2 = await expectTessera(importFile(input), 'E_IMPORT_FORMAT');
  expect(e2.detail?.needsPassword).toBeUndefined();
  expect(e2.detail).toMatchObject({ reason });
}

describe('detection by signature and shape', () => {
  it('reads KeePass databases (KDBX 3.1 and 4) as KeePass, never as andOTP', () => {
    for (const version of [
      [0x01, 0x00, 0x03, 0x00],
      [0x00, 0x00, 0x04, 0x00],
    ]) {
      const kdbx = bytesOf(
        [0x03, 0xd9, 0xa2, 0x9a, 0x67, 0xfb, 0x4b, 0xb5],
        version,
        seededBytes(300, 2),
      );
      expect(detectFormat(kdbx)).toBe('keepass');
    }
  });

  it('opens ZIP archives as archives', () => {
    expect(detectFormat(bytesOf('PK', [0x03, 0x04], seededBytes(200, 3)))).toBe('zip');
  });

  it('names SQLite and SQLCipher databases', async () => {
    await refusedWith(bytesOf('SQLite format 3\0', seededBytes(4096 - 16, 4)), 'appDatabase');
    // SQLCipher: no signature, random from the first byte, whole pages.
    for (const size of [1024, 4096, 8192]) {
      const page = seededBytes(size, 5);
      page[0] = 0xf3; // an iteration count no andOTP file has
      await refusedWith(page, 'encryptedDatabase');
    }
  });

  it('never takes text that fills whole kilobytes for a database', () => {
    const line = 'otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP';
    const text = `${line}\n${'#'.repeat(1024 - line.length - 2)}\n`;
    expect(text.length).toBe(1024);
    expect(detectFormat(new TextEncoder().encode(text))).toBe('otpauth-list');
  });

  it('still takes signature-less binary of another size for andOTP', () => {
    const file = seededBytes(4096 + 37, 6);
    file[0] = 0xf3;
    expect(detectFormat(file)).toBe('andotp-encrypted');
    const plausible = seededBytes(4096, 7);
    plausible.set([0x00, 0x02, 0x3a, 0x8c]); // 146,060 iterations, as andOTP writes
    expect(detectFormat(plausible)).toBe('andotp-encrypted');
  });

  it('reads Java serialization as FreeOTP 2 and Stratum headers as Stratum', () => {
    expect(detectFormat(bytesOf([0xac, 0xed, 0x00, 0x05], seededBytes(100, 8)))).toBe('freeotp2');
    expect(detectFormat(bytesOf('AuthenticatorPro', seededBytes(100, 9)))).toBe(
      'stratum-encrypted',
    );
  });

  it('reads password-protected Bitwarden exports instead of calling them unknown', () => {
    expect(
      detectFormat(
        JSON.stringify({
          encrypted: true,
          passwordProtected: true,
          salt: 's',
          kdfType: 0,
          kdfIterations: 600000,
          encKeyValidation_DO_NOT_EDIT: '2.a|b|c',
          data: '2.a|b|c',
        }),
      ),
    ).toBe('bitwarden-encrypted');
  });
});
