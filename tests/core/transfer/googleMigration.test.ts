import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64, parseOtpauthUri } from '../../../lib/core/otp';
import type { OtpAccount } from '../../../lib/core/otp/types';
import {
  decodeMigrationPayload,
  decodeMigrationUri,
  encodeMigrationBatches,
  encodeMigrationPayload,
  importFile,
  migrationUnsupportedReason,
  type MigrationOtpParameters,
} from '../../../lib/core/transfer';
import { expectTessera, seededBytes, summary } from './helpers';

const utf8 = (s: string) => new TextEncoder().encode(s);

function totp(
  issuer: string,
  label: string,
  seed: number,
  extra: Partial<OtpAccount['otp']> = {},
): OtpAccount {
  return {
    issuer,
    label,
    otp: {
      type: 'totp',
      secret: seededBytes(20, seed),
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0,
      ...extra,
    },
  };
}

function param(over: Partial<MigrationOtpParameters> = {}): MigrationOtpParameters {
  return {
    secret: seededBytes(16, 99),
    name: utf8('alice'),
    issuer: utf8('Example'),
    algorithm: 1,
    digits: 1,
    type: 2,
    counter: 0n,
    ...over,
  };
}

function uriOf(params: MigrationOtpParameters[], batch = { size: 1, index: 0, id: 5 }): string {
  const bytes = encodeMigrationPayload({
    otpParameters: params,
    version: 1,
    batchSize: batch.size,
    batchIndex: batch.index,
    batchId: batch.id,
  });
  return `otpauth-migration://offline?data=${encodeURIComponent(encodeBase64(bytes))}`;
}

describe('Google Authenticator migration payloads', () => {
  const international = [
    totp('Überbank', 'jürgen@example.de', 1),
    totp('Žluťoučký kůň', 'pěl ďábelské ódy', 2),
    totp('東京', '山田太郎', 3, { algorithm: 'SHA256', digits: 8 }),
    totp('🔐 Vault', 'me 😀@example.com', 4, { algorithm: 'SHA512' }),
    {
      issuer: 'Ελληνικά',
      label: 'χρήστης',
      otp: {
        type: 'hotp',
        secret: seededBytes(32, 5),
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        counter: 2 ** 40,
      },
    } satisfies OtpAccount,
  ];

  it('carries non-ASCII names as UTF-8 and reads them back unchanged', () => {
    const [uri, ...more] = encodeMigrationBatches(international, 4000, { batchId: 77 });
    expect(more).toEqual([]);
    const payload = decodeMigrationPayload(
      decodeBase64(decodeURIComponent(uri!.slice('otpauth-migration://offline?data='.length))),
    );
    expect(payload.otpParameters.map((p) => p.issuer)).toEqual(
      international.map((a) => utf8(a.issuer)),
    );
    const decoded = decodeMigrationUri(uri!);
    expect(decoded.problems).toEqual([]);
    expect(decoded.accounts.map(summary)).toEqual(international.map(summary));
    expect(decoded.batch).toEqual({ index: 0, size: 1, id: 77 });
  });

  it('reads names written by other encoders in NFD form without altering them', () => {
    const nfd = 'Cafe\u0301';
    const decoded = decodeMigrationUri(uriOf([param({ issuer: utf8(nfd) })]));
    expect(decoded.accounts[0]!.issuer).toBe(nfd);
  });

  it('splits a 3-QR transfer into batches that share an id and reassemble in order', () => {
    const accounts = Array.from({ length: 30 }, (_, i) =>
      totp(
        `Issuer ${String(i).padStart(2, '0')}`,
        `user${String(i).padStart(2, '0')}@example.com`,
        100 + i,
      ),
    );
    // The largest QR size that still needs three codes, found rather than hard-coded.
    let max = Math.floor(
      encodeMigrationBatches(accounts, 100_000, { batchId: 4242 })[0]!.length / 3,
    );
    let uris = encodeMigrationBatches(accounts, max, { batchId: 4242 });
    while (uris.length > 3) uris = encodeMigrationBatches(accounts, ++max, { batchId: 4242 });
    expect(uris).toHaveLength(3);

    const union: OtpAccount[] = [];
    uris.forEach((uri, i) => {
      expect(uri.length).toBeLessThanOrEqual(max);
      const part = decodeMigrationUri(uri);
      expect(part.problems).toEqual([]);
      expect(part.batch).toEqual({ index: i, size: 3, id: 4242 });
      union.push(...part.accounts);
    });
    expect(union.map(summary)).toEqual(accounts.map(summary));
  });

  it('picks a random non-zero batch id when none is given', () => {
    const ids = new Set(
      Array.from(
        { length: 5 },
        () => decodeMigrationUri(encodeMigrationBatches([totp('A', 'b', 1)], 1000)[0]!).batch?.id,
      ),
    );
    for (const id of ids) expect(id).toBeGreaterThan(0);
    expect(ids.size).toBeGreaterThan(1);
  });

  it('imports a multi-line file of several QR codes and reports the batch only for one code', async () => {
    const uris = encodeMigrationBatches(international, 300, { batchId: 9 });
    expect(uris.length).toBeGreaterThan(1);
    const all = await importFile(uris.join('\n'));
    expect(all.format).toBe('google-migration');
    expect(all.accounts.map(summary)).toEqual(international.map(summary));
    expect(all.batch).toBeUndefined();
    const one = await importFile(uris[1]!);
    expect(one.batch).toMatchObject({ index: 1, size: uris.length, id: 9 });
    // One unreadable code among several is a problem of its line, not of the whole file.
    const damaged = [uris[0]!, 'otpauth-migration://offline?data=%%', ...uris.slice(1)].join('\n');
    const partial = await importFile(damaged);
    expect(partial.accounts.map(summary)).toEqual(international.map(summary));
    expect(partial.problems).toEqual([
      {
        entry: 'line 2',
        code: 'E_URI_INVALID',
        message: expect.any(String),
        detail: { reason: 'transferLinkInvalid' },
      },
    ]);
  });

  it('accepts the data percent-encoded, raw, or with + turned into spaces', () => {
    // Find a payload whose Base64 has all of '+', '/' and '=' (secret lengths vary so that the
    // payload length is not always a multiple of 3).
    let b64 = '';
    for (
      let seed = 1;
      seed < 1000 && !(b64.includes('+') && b64.includes('/') && b64.endsWith('='));
      seed++
    ) {
      const bytes = encodeMigrationPayload({
        otpParameters: [param({ secret: seededBytes(16 + (seed % 3), seed) })],
        version: 1,
        batchSize: 1,
        batchIndex: 0,
        batchId: 1,
      });
      b64 = encodeBase64(bytes);
    }
    expect(b64).toMatch(/^(?=.*\+)(?=.*\/).*=$/);
    const prefix = 'otpauth-migration://offline?data=';
    const variants = [
      prefix + encodeURIComponent(b64),
      prefix + b64,
      prefix + b64.replace(/\+/g, '%2B'),
      prefix + encodeURIComponent(b64).replace(/%2B/g, '%2b'),
      prefix + b64.replace(/\+/g, ' '),
      prefix + b64.replace(/=+$/, ''),
      prefix + b64.replace(/\+/g, '-').replace(/\//g, '_'),
      `  ${prefix}${encodeURIComponent(b64)}\n`,
    ];
    const expected = decodeMigrationUri(variants[0]!).accounts.map(summary);
    expect(expected).toHaveLength(1);
    for (const v of variants) expect(decodeMigrationUri(v).accounts.map(summary)).toEqual(expected);
  });

  it('handles "Issuer:name" in the name field', () => {
    const decoded = decodeMigrationUri(
      uriOf([
        param({ name: utf8('GitHub:alice'), issuer: utf8('GitHub') }),
        param({ name: utf8('GitLab:bob'), issuer: new Uint8Array(0) }),
        param({ name: utf8('team:carol'), issuer: utf8('Slack') }),
        param({ name: utf8('dave'), issuer: utf8('') }),
      ]),
    );
    expect(decoded.accounts.map((a) => [a.issuer, a.label])).toEqual([
      ['GitHub', 'alice'],
      ['GitLab', 'bob'],
      ['Slack', 'team:carol'],
      ['', 'dave'],
    ]);
  });

  it('round-trips names that contain colons', () => {
    const tricky = [totp('', 'a:b', 1), totp('X', 'X:y', 2), totp('Y', 'z:w', 3), totp('Q', '', 4)];
    const decoded = decodeMigrationUri(encodeMigrationBatches(tricky, 2000, { batchId: 1 })[0]!);
    expect(decoded.accounts.map((a) => [a.issuer, a.label])).toEqual(
      tricky.map((a) => [a.issuer, a.label]),
    );
  });

  it('maps enums and defaults: unspecified algorithm/digits/type read as SHA1/6/TOTP', () => {
    const decoded = decodeMigrationUri(
      uriOf([
        param({ algorithm: 0, digits: 0, type: 0 }),
        param({ algorithm: 2, digits: 2, type: 1, counter: 12n }),
        param({ algorithm: 3, digits: 1, type: 2 }),
      ]),
    );
    expect(decoded.problems).toEqual([]);
    expect(
      decoded.accounts.map((a) => [a.otp.type, a.otp.algorithm, a.otp.digits, a.otp.counter]),
    ).toEqual([
      ['totp', 'SHA1', 6, 0],
      ['hotp', 'SHA256', 8, 12],
      ['totp', 'SHA512', 6, 0],
    ]);
  });

  it('turns bad entries into named problems and keeps the good ones', () => {
    const decoded = decodeMigrationUri(
      uriOf([
        param({ issuer: utf8('Good') }),
        param({ issuer: utf8('Md5Corp'), algorithm: 4 }),
        param({ issuer: new Uint8Array([0x47, 0xff, 0xfe]) }),
        param({ issuer: utf8('Short'), secret: new Uint8Array(4) }),
        param({ issuer: utf8('Neg'), type: 1, counter: -1n }),
        param({ issuer: utf8('Digits'), digits: 9 }),
        param({ issuer: utf8('Kind'), type: 7 }),
      ]),
    );
    expect(decoded.accounts.map((a) => a.issuer)).toEqual(['Good']);
    expect(decoded.problems.map((p) => [p.entry, p.code])).toEqual([
      ['entry 2 (Md5Corp)', 'E_ALGORITHM'],
      ['entry 3 (alice)', 'E_CORRUPT'],
      ['entry 4 (Short)', 'E_SECRET_TOO_SHORT'],
      ['entry 5 (Neg)', 'E_COUNTER'],
      ['entry 6 (Digits)', 'E_DIGITS'],
      ['entry 7 (Kind)', 'E_URI_TYPE'],
    ]);
  });

  it('skips unknown protobuf fields', () => {
    const bytes = encodeMigrationPayload({
      otpParameters: [param()],
      version: 1,
      batchSize: 1,
      batchIndex: 0,
      batchId: 3,
    });
    // Field 15 (varint 1) and field 16 (length-delimited "hi") appended at top level.
    const extended = new Uint8Array([...bytes, 0x78, 0x01, 0x82, 0x01, 0x02, 0x68, 0x69]);
    const uri = `otpauth-migration://offline?data=${encodeURIComponent(encodeBase64(extended))}`;
    expect(decodeMigrationUri(uri).accounts).toHaveLength(1);
  });

  it('refuses truncated or damaged payloads as E_CORRUPT', async () => {
    const good = decodeBase64(decodeURIComponent(uriOf([param(), param()]).split('data=')[1]!));
    for (const cut of [1, 5, good.length - 3]) {
      const uri = `otpauth-migration://offline?data=${encodeURIComponent(encodeBase64(good.subarray(0, cut)))}`;
      await expectTessera(() => decodeMigrationUri(uri), 'E_CORRUPT');
    }
    await expectTessera(
      () => decodeMigrationUri('otpauth-migration://offline?data=%%%'),
      'E_URI_INVALID',
    );
    await expectTessera(
      () => decodeMigrationUri('otpauth-migration://offline?data=ab$cd'),
      'E_CORRUPT',
    );
    await expectTessera(
      () => decodeMigrationUri('otpauth-migration://online?data=AA'),
      'E_URI_INVALID',
    );
    await expectTessera(
      () => decodeMigrationUri('otpauth-migration://offline?foo=1'),
      'E_URI_INVALID',
    );
  });

  it('refuses accounts the format cannot hold, naming them', async () => {
    const steam = parseOtpauthUri(
      'otpauth://steam/Boeing:Sophia?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&issuer=Boeing',
    ).account;
    const seven = totp('Seven', 'x', 1, { digits: 7 });
    const slow = totp('Slow', 'y', 2, { period: 60 });
    for (const a of [steam, seven, slow]) {
      expect(migrationUnsupportedReason(a)).toMatch(/Google Authenticator/);
      const e = await expectTessera(() => encodeMigrationBatches([a], 2000), 'E_FIELD_INVALID');
      expect(e.message).toContain(a.issuer);
    }
    expect(migrationUnsupportedReason(totp('Fine', 'z', 3))).toBeNull();
    expect(encodeMigrationBatches([], 2000)).toEqual([]);
    await expectTessera(() => encodeMigrationBatches([totp('A', 'b', 1)], 10), 'E_FIELD_INVALID');
    await expectTessera(
      () => encodeMigrationBatches([totp('A'.repeat(120), 'b'.repeat(250), 1)], 200),
      'E_FIELD_INVALID',
    );
  });
});
