import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeAccountName, parseOtpauthUri } from '../../../lib/core/otp';
import type { OtpAccount, OtpParams } from '../../../lib/core/otp/types';
import {
  decodeMigrationUri,
  encodeMigrationBatches,
  importFile,
  migrationUnsupportedReason,
  writeAegisPlain,
  writeOtpauthList,
} from '../../../lib/core/transfer';
import { SEVEN_URIS, summary } from './helpers';

const seven = SEVEN_URIS.map((u) => parseOtpauthUri(u).account);

/** Names as the vault stores them (normalizeAccountName's form), including hard characters. */
const nameArb = fc
  .oneof(
    fc.string({ unit: 'grapheme', maxLength: 24 }),
    fc.constantFrom(
      'Überbank',
      'Žluťoučký kůň',
      '東京',
      '🔐 Vault',
      'a:b',
      'x&y=z?#%+',
      ' padded ',
      'O\'Brien "q"',
    ),
  )
  .map((s) => s.trim());

const otpArb: fc.Arbitrary<OtpParams> = fc
  .record({
    type: fc.constantFrom('totp', 'hotp', 'steam'),
    secret: fc.uint8Array({ minLength: 10, maxLength: 64 }),
    algorithm: fc.constantFrom('SHA1', 'SHA256', 'SHA512'),
    digits: fc.integer({ min: 6, max: 8 }),
    period: fc.oneof(fc.constant(30), fc.integer({ min: 1, max: 300 })),
    counter: fc.oneof(fc.nat(100), fc.maxSafeNat()),
  })
  .map((o) =>
    o.type === 'steam'
      ? { ...o, algorithm: 'SHA1' as const, digits: 5, period: 30, counter: 0 }
      : o.type === 'totp'
        ? { ...o, counter: 0 }
        : o,
  );

const accountArb: fc.Arbitrary<OtpAccount> = fc
  .record({ issuer: nameArb, label: nameArb, otp: otpArb })
  .filter(({ issuer, label }) => {
    try {
      const n = normalizeAccountName(issuer, label);
      return n.issuer === issuer && n.label === label;
    } catch {
      return false;
    }
  });

const listArb = fc.array(accountArb, { minLength: 1, maxLength: 8 });
const RUNS = { seed: 42, numRuns: 300 };

describe('export → import round trips', () => {
  it('writeOtpauthList → importFile gives back the same accounts', async () => {
    const text = writeOtpauthList(seven);
    expect(text.split('\n')[0]).toMatch(/^# Tessera export: 7 accounts\./);
    const back = await importFile(text);
    expect(back.format).toBe('otpauth-list');
    expect(back.problems).toEqual([]);
    expect(back.accounts.map(summary)).toEqual(seven.map(summary));

    await fc.assert(
      fc.asyncProperty(listArb, async (accounts) => {
        const r = await importFile(writeOtpauthList(accounts));
        expect(r.problems).toEqual([]);
        expect(r.accounts.map(summary)).toEqual(accounts.map(summary));
      }),
      RUNS,
    );
  });

  it('writeAegisPlain → importFile gives back the same accounts', async () => {
    const back = await importFile(writeAegisPlain(seven));
    expect(back.format).toBe('aegis-plain');
    expect(back.accounts.map(summary)).toEqual(seven.map(summary));

    await fc.assert(
      fc.asyncProperty(listArb, async (accounts) => {
        const r = await importFile(new TextEncoder().encode(writeAegisPlain(accounts)));
        expect(r.problems).toEqual([]);
        expect(r.accounts.map(summary)).toEqual(accounts.map(summary));
      }),
      RUNS,
    );
  });

  it('writeAegisPlain gives every entry its own UUID', () => {
    const doc = JSON.parse(writeAegisPlain(seven)) as { db: { entries: { uuid: string }[] } };
    expect(new Set(doc.db.entries.map((e) => e.uuid)).size).toBe(7);
  });

  it('encodeMigrationBatches → decode gives back every account the format can hold', () => {
    const representable = seven.filter((a) => migrationUnsupportedReason(a) === null);
    expect(representable.map((a) => a.issuer)).toEqual(['Deno', 'Issuu', 'WWE']);

    fc.assert(
      fc.property(
        fc.array(accountArb, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 400, max: 3000 }),
        fc.integer({ min: 1, max: 0x7fffffff }),
        (accounts, maxBytes, batchId) => {
          const ok = accounts.filter((a) => migrationUnsupportedReason(a) === null);
          fc.pre(ok.length > 0);
          let uris: string[];
          try {
            uris = encodeMigrationBatches(ok, maxBytes, { batchId });
          } catch (e) {
            // Only a single account larger than the QR budget may refuse.
            expect((e as { code: string }).code).toBe('E_FIELD_INVALID');
            return;
          }
          const union: OtpAccount[] = [];
          uris.forEach((uri, i) => {
            expect(uri.length).toBeLessThanOrEqual(maxBytes);
            const part = decodeMigrationUri(uri);
            expect(part.problems).toEqual([]);
            expect(part.batch).toEqual({ index: i, size: uris.length, id: batchId });
            union.push(...part.accounts);
          });
          // The format has no period; for HOTP it changes no code, and it comes back as 30.
          const expected = ok.map((a) =>
            a.otp.type === 'hotp' ? { ...a, otp: { ...a.otp, period: 30 } } : a,
          );
          expect(union.map(summary)).toEqual(expected.map(summary));
        },
      ),
      RUNS,
    );
  });
});
