import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ArithmeticDecoder,
  ArithmeticEncoder,
  NumberModel,
} from '../../../lib/core/backup/format/rangeCoder';
import {
  decodeShardPayload,
  encodeShardPayload,
} from '../../../lib/core/backup/format/shardPayload';
import { Field, TextModel } from '../../../lib/core/backup/format/textModel';
import type { BackupRecord } from '../../../lib/core/backup/types';
import { TesseraError } from '../../../lib/core/errors';
import type { Account } from '../../../lib/core/vault/types';
import { fixtureAccounts, hasFixture, makeAccounts, uuidFrom, prng } from './helpers';

const live = (a: Account): BackupRecord => ({
  id: a.id,
  updatedAt: a.updatedAt,
  deleted: 0,
  account: a,
});

function sortRecords(rs: readonly BackupRecord[]): BackupRecord[] {
  return [...rs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const arbText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  // Lone surrogates and NULs: JavaScript strings can hold them, UTF-8 cannot.
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', 'GitHub', 'alice@example.com', '\u0000', '\ud800x', 'Ünïcödé ✓'),
);

const arbAccount = fc
  .record({
    id: fc.oneof(fc.uuid({ version: 4 }), fc.string({ minLength: 1, maxLength: 30 })),
    updatedAt: fc.integer({ min: 0, max: 2 ** 48 - 1 }),
    issuer: arbText,
    label: arbText,
    type: fc.constantFrom('totp', 'hotp', 'steam'),
    secret: fc.uint8Array({ minLength: 10, maxLength: 80 }),
    algorithm: fc.constantFrom('SHA1', 'SHA256', 'SHA512'),
    digits: fc.integer({ min: 6, max: 8 }),
    period: fc.oneof(fc.constant(30), fc.integer({ min: 1, max: 300 })),
    counter: fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
    sites: fc.array(fc.oneof(fc.webUrl(), arbText), { maxLength: 4 }),
    pinned: fc.boolean(),
    subdomains: fc.boolean(),
    autoFill: fc.boolean(),
    order: fc.oneof(
      fc.integer({ min: -5, max: 5000 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    ),
  })
  .map((r): Account => {
    const steam = r.type === 'steam';
    return {
      id: r.id,
      updatedAt: r.updatedAt,
      issuer: r.issuer,
      label: r.label,
      otp: {
        type: r.type as Account['otp']['type'],
        secret: r.secret,
        algorithm: (steam ? 'SHA1' : r.algorithm) as Account['otp']['algorithm'],
        digits: steam ? 5 : r.digits,
        period: steam ? 30 : r.period,
        counter: r.type === 'hotp' ? r.counter : 0,
      },
      sites: r.sites,
      pinned: r.pinned,
      order: Object.is(r.order, -0) ? 0 : r.order,
      ...(r.subdomains ? { subdomains: true } : {}),
      ...(r.autoFill ? { autoFill: true } : {}),
    };
  });

describe('arithmetic coder and number model', { timeout: 120_000 }, () => {
  it('round-trips any sequence of safe integers, signed and unsigned', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.nat({ max: 3 }),
            fc.maxSafeNat(),
            fc.integer({ min: -(2 ** 51), max: 2 ** 51 }),
          ),
          {
            maxLength: 60,
          },
        ),
        (values) => {
          const enc = new ArithmeticEncoder();
          const m = new NumberModel(4);
          for (const [ctx, u, s] of values) {
            m.code(enc, ctx, u);
            m.codeSigned(enc, ctx, s);
          }
          const dec = new ArithmeticDecoder(enc.finish());
          const d = new NumberModel(4);
          for (const [ctx, u, s] of values) {
            expect(d.code(dec, ctx, 0)).toBe(u);
            expect(d.codeSigned(dec, ctx, 0)).toBe(s);
          }
        },
      ),
      { seed: 42, numRuns: 2_000 },
    );
  });

  it('round-trips text exactly, including what UTF-8 cannot carry', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(0, 1, 2, 3), arbText), { maxLength: 20 }),
        (strings) => {
          const enc = new ArithmeticEncoder();
          const m = TextModel.primed();
          for (const [field, s] of strings) m.codeString(enc, field as 0, s, 'Reference Name');
          const dec = new ArithmeticDecoder(enc.finish());
          const d = TextModel.primed();
          for (const [field, s] of strings)
            expect(d.codeString(dec, field as 0, '', 'Reference Name')).toBe(s);
        },
      ),
      { seed: 42, numRuns: 1_000 },
    );
  }, 60_000);

  it('learns: a repeated string costs far less the second time', () => {
    const size = (texts: string[]) => {
      const enc = new ArithmeticEncoder();
      const m = TextModel.primed();
      for (const t of texts) m.codeString(enc, Field.Label, t);
      return enc.finish().length;
    };
    const once = size(['someone.unusual@mailbox.example']);
    const twice = size(['someone.unusual@mailbox.example', 'someone.unusual@mailbox.example']);
    expect(twice - once).toBeLessThan(once / 4);
  });
});

describe('shard payload', { timeout: 120_000 }, () => {
  it('round-trips any accounts and tombstones exactly', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(arbAccount, { selector: (a) => a.id, maxLength: 12 }),
        fc.uniqueArray(
          fc.record({
            id: fc.uuid({ version: 4 }),
            updatedAt: fc.integer({ min: 0, max: 2 ** 48 - 1 }),
          }),
          {
            selector: (t) => t.id,
            maxLength: 6,
          },
        ),
        (accounts, tombs) => {
          const ids = new Set(accounts.map((a) => a.id));
          const records: BackupRecord[] = [
            ...accounts.map(live),
            ...tombs.filter((t) => !ids.has(t.id)).map((t) => ({ ...t, deleted: 1 as const })),
          ];
          const decoded = decodeShardPayload(encodeShardPayload(records));
          expect(sortRecords(decoded)).toEqual(sortRecords(records));
        },
      ),
      { seed: 42, numRuns: 1_000 },
    );
  }, 60_000);

  it('is deterministic: the same accounts give the same bytes', () => {
    const records = makeAccounts(40).map(live);
    expect(encodeShardPayload(records)).toEqual(encodeShardPayload([...records].reverse()));
  });

  it('refuses records it could not decode back', () => {
    const [a] = makeAccounts(1);
    const bad = { ...(a as Account), updatedAt: -1 };
    expect(() => encodeShardPayload([live(bad)])).toThrow(TesseraError);
    expect(() => encodeShardPayload([live(a as Account), live(a as Account)])).toThrow(
      TesseraError,
    );
    const wrongDigits = { ...(a as Account), otp: { ...(a as Account).otp, digits: 12 } };
    expect(() => encodeShardPayload([live(wrongDigits)])).toThrow(TesseraError);
  });

  it('never decodes garbage into accounts silently wrong: it fails or yields valid records', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          const out = decodeShardPayload(bytes);
          for (const r of out) expect(typeof r.id).toBe('string');
        } catch (e) {
          expect(e).toBeInstanceOf(TesseraError);
          expect((e as TesseraError).code).toBe('E_CORRUPT');
        }
      }),
      { seed: 42, numRuns: 2_000 },
    );
  }, 60_000);

  it.skipIf(!hasFixture)(
    'packs real-looking accounts densely (under 48 bytes each for 100)',
    () => {
      const records = fixtureAccounts(100).map(live);
      const bytes = encodeShardPayload(records);
      expect(bytes.length / 100).toBeLessThan(48);
      expect(sortRecords(decodeShardPayload(bytes))).toEqual(sortRecords(records));
    },
  );

  it('packs v4 UUID ids as raw bits, cheaper than their text', () => {
    const rnd = prng(3);
    const accounts = makeAccounts(30).map((a) => ({ ...a, id: uuidFrom(rnd) }));
    const withUuid = encodeShardPayload(accounts.map(live)).length;
    const withText = encodeShardPayload(accounts.map((a) => live({ ...a, id: `x${a.id}` }))).length;
    // The same ids as text cost several bytes more each.
    expect(withText - withUuid).toBeGreaterThan(30 * 3);
  });
});
