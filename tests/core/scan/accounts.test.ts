import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountsFromCodes, sameSecret } from '../../../lib/core/scan/accounts';
import { isTesseraError } from '../../../lib/core/errors';
import { decodeBase32 } from '../../../lib/core/otp';
import type { OtpAccount } from '../../../lib/core/otp/types';
import type { DecodedQr } from '../../../lib/core/scan';
import { encodeMigrationBatches } from '../../../lib/core/transfer';

const WIFI = 'WIFI:S:Guest;T:WPA;P:secret;;';
const SECRET_A = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const SECRET_B = 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ';

/** The background names entries from the catalogue; these are its English sentences. */
function entryName(n: number | null): string {
  return n === null ? 'The QR code' : `QR code ${n}`;
}

function read(codes: readonly DecodedQr[]): ReturnType<typeof accountsFromCodes> {
  return accountsFromCodes(codes, entryName);
}

function qr(text: string, y = 0): DecodedQr {
  return { text, location: { x: 0, y, width: 100, height: 100 } };
}

function uri(issuer: string, label: string, secret: string): string {
  return `otpauth://totp/${encodeURIComponent(`${issuer}:${label}`)}?secret=${secret}&issuer=${encodeURIComponent(issuer)}`;
}

function account(issuer: string, label: string, secret: string): OtpAccount {
  return {
    issuer,
    label,
    otp: {
      type: 'totp',
      secret: decodeBase32(secret),
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0,
    },
  };
}

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isTesseraError(e) ? e.code : 'not a TesseraError';
  }
  return undefined;
}

describe('accountsFromCodes', () => {
  it('says "no QR code" when nothing was decoded', () => {
    expect(codeOf(() => read([]))).toBe('E_SCAN_NO_QR');
  });

  it('explains a lone non-authenticator code, saying what it is', () => {
    try {
      read([qr(WIFI)]);
      expect.unreachable();
    } catch (e) {
      expect(isTesseraError(e) && e.code).toBe('E_SCAN_NOT_AUTHENTICATOR');
      expect((e as Error).message).toBe(
        'This QR code is not an authenticator setup code: it is a Wi-Fi network code.',
      );
      // What it is, for the popup to say in the user's language.
      expect(isTesseraError(e) && e.detail).toEqual({ found: 1, what: 'wifi' });
    }
    expect(() => read([qr('https://apps.example/app'), qr(WIFI, 200)])).toThrow(
      'None of these 2 QR codes is an authenticator setup code.',
    );
  });

  it('ignores a decoy next to an authenticator code, and counts it', () => {
    const r = read([qr(WIFI), qr(uri('Acme', 'alice', SECRET_A), 200)]);
    expect(r.accounts.map((a) => [a.issuer, a.label])).toEqual([['Acme', 'alice']]);
    expect(r.ignoredOther).toBe(1);
    expect(r.problems).toEqual([]);
  });

  it('expands a Google transfer code with non-ASCII names, keeping the batch part', () => {
    const uris = encodeMigrationBatches(
      [account('Ünïcødé Bänk', 'józef', SECRET_A), account('日本語', 'ユーザー', SECRET_B)],
      // Room for one account per code: two codes.
      180,
      { batchId: 7 },
    );
    expect(uris.length).toBe(2);
    const r = read([qr(uris[1]!)]);
    expect(r.accounts.map((a) => a.issuer)).toEqual(['日本語']);
    expect(r.accounts[0]!.label).toBe('ユーザー');
    expect(r.batchParts).toEqual([{ id: 7, index: 1, size: 2 }]);
    const whole = read([
      qr(encodeMigrationBatches([account('Ünïcødé Bänk', 'józef', SECRET_A)], 2000)[0]!),
    ]);
    expect(whole.accounts[0]).toMatchObject({ issuer: 'Ünïcødé Bänk', label: 'józef' });
    // A single-code transfer is not a batch to track.
    expect(whole.batchParts).toEqual([]);
  });

  it('lists an unreadable code as a problem next to good ones, and throws its error when alone', () => {
    const broken = 'otpauth://totp/Bad:bob?secret=not*base32';
    const r = read([qr(broken), qr(uri('Acme', 'alice', SECRET_A), 200)]);
    expect(r.accounts).toHaveLength(1);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.entry).toBe('QR code 1');
    expect(r.problems[0]!.code).toBe('E_SECRET_INVALID');
    expect(codeOf(() => read([qr(broken)]))).toBe('E_SECRET_INVALID');
  });

  it('keeps one copy of an account shown twice (its link and a transfer code holding it)', () => {
    const [transfer] = encodeMigrationBatches([account('Acme', 'alice', SECRET_A)], 2000);
    const r = read([qr(uri('Acme', 'alice', SECRET_A)), qr(transfer!, 200)]);
    expect(r.accounts).toHaveLength(1);
  });

  it('compares accounts by secret bytes and type only', () => {
    const a = account('A', 'x', SECRET_A);
    expect(sameSecret(a, account('B', 'y', SECRET_A))).toBe(true);
    expect(sameSecret(a, account('A', 'x', SECRET_B))).toBe(false);
    expect(sameSecret(a, { ...a, otp: { ...a.otp, type: 'hotp' } })).toBe(false);
  });

  it('never throws anything but a typed error, whatever the codes say (property)', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ maxLength: 60 }).map((s) => `otpauth://totp/${s}`),
      fc.string({ maxLength: 60 }).map((s) => `otpauth-migration://offline?data=${s}`),
      fc.constantFrom(WIFI, uri('Acme', 'alice', SECRET_A)),
    );
    fc.assert(
      fc.property(fc.array(text, { maxLength: 4 }), (texts) => {
        try {
          const r = read(texts.map((t, i) => qr(t, i * 100)));
          expect(r.accounts.length).toBeGreaterThan(0);
        } catch (e) {
          if (!isTesseraError(e)) throw e;
        }
      }),
      { seed: 42, numRuns: 10000 },
    );
  });
});
