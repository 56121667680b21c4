import { describe, expect, it } from 'vitest';
import { decodeBase32, parseOtpauthUri } from '../../../lib/core/otp';
import type { OtpAccount } from '../../../lib/core/otp/types';
import { importFile, type ImportFormat } from '../../../lib/core/transfer';
import {
  expectTessera,
  fixturesDir,
  fixturesExist,
  readFixture,
  readFixtureText,
  summary,
} from './helpers';

/**
 * Interoperability with real exports of other apps (the Aegis project's test resources plus
 * two more, see ../shared/fixtures/README.md). Every file describes accounts of `plain.txt`;
 * where an app's format cannot hold something (2FAS schema 2 has no HOTP; Bitwarden's steam://
 * carries no names; FreeOTP+ has no Steam; Proton's export holds three accounts) the expected
 * list below says so explicitly instead of loosening the comparison.
 */

if (!fixturesExist) {
  console.warn(
    `Interop fixtures not found at ${fixturesDir}; the import interop tests are skipped.`,
  );
}

type Summary = ReturnType<typeof summary>;

function sortedBySecret(list: Summary[]): Summary[] {
  return [...list].sort((a, b) =>
    `${a.secret}|${a.issuer}`.localeCompare(`${b.secret}|${b.issuer}`),
  );
}

describe.skipIf(!fixturesExist)('imports of other apps’ exports', () => {
  // Ground truth: plain.txt read by the OTP core's own URI parser, not by the import code.
  const truth = fixturesExist
    ? readFixtureText('plain.txt')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => parseOtpauthUri(l).account)
    : [];
  const seven = () => truth.map(summary);
  const pick = (...issuers: string[]) => seven().filter((s) => issuers.includes(s.issuer));

  /** The account as an app that only knows TOTP stores it (2FAS schema 2): TOTP, 30 s. */
  const asTotp = (s: Summary): Summary => {
    const a = truth.find((t) => summary(t).secret === s.secret) as OtpAccount;
    const period = a.otp.type === 'totp' ? a.otp.period : 30;
    return summary({ ...a, otp: { ...a.otp, type: 'totp', period, counter: 0 } });
  };

  const cases: { file: string; format: ImportFormat; expected: () => Summary[] }[] = [
    { file: 'plain.txt', format: 'otpauth-list', expected: seven },
    { file: 'aegis_plain.json', format: 'aegis-plain', expected: seven },
    { file: 'aegis_encrypted.json', format: 'aegis-encrypted', expected: seven },
    { file: 'andotp_plain.json', format: 'andotp-plain', expected: seven },
    { file: 'andotp_encrypted.bin', format: 'andotp-encrypted', expected: seven },
    {
      file: 'authenticator_extension_plain.json',
      format: 'authenticator-extension',
      expected: seven,
    },
    { file: 'ente_auth.txt', format: 'ente', expected: seven },
    { file: 'stratum_plain.json', format: 'stratum', expected: seven },
    {
      file: '2fas_authenticator_plain_v4.2fas',
      format: '2fas-plain',
      expected: () => pick('Deno', 'Issuu', 'Air Canada', 'WWE', 'Boeing'),
    },
    {
      file: '2fas_authenticator_encrypted_v4.2fas',
      format: '2fas-encrypted',
      expected: () => pick('Deno', 'Issuu', 'Air Canada', 'WWE', 'Boeing'),
    },
    {
      file: '2fas_authenticator_plain.2fas',
      format: '2fas-plain',
      expected: () => pick('Deno', 'Airbnb', 'Issuu', 'WWE').map(asTotp),
    },
    {
      file: '2fas_authenticator_encrypted.2fas',
      format: '2fas-encrypted',
      expected: () => pick('Deno', 'Airbnb', 'Issuu', 'WWE').map(asTotp),
    },
    {
      file: 'freeotp_plus.json',
      format: 'freeotp-plus',
      expected: () => seven().filter((s) => s.type !== 'steam'),
    },
    {
      file: 'proton_authenticator.json',
      format: 'proton',
      expected: () => pick('Deno', 'SPDX', 'Airbnb'),
    },
    {
      file: 'bitwarden.json',
      format: 'bitwarden-json',
      expected: () => [
        ...pick('Deno', 'SPDX', 'Airbnb'),
        // steam:// holds only the secret; the Bitwarden item's name becomes the issuer.
        { ...pick('Boeing')[0]!, issuer: 'Test Steam', label: '' },
      ],
    },
    {
      file: 'bitwarden.csv',
      format: 'bitwarden-csv',
      expected: () => [
        ...pick('Deno', 'SPDX', 'Airbnb'),
        { ...pick('Boeing')[0]!, issuer: 'Test 4', label: '' },
      ],
    },
  ];

  it('ground truth is the seven accounts', () => {
    expect(truth).toHaveLength(7);
  });

  for (const c of cases) {
    it(`${c.file} → ${c.format}`, async () => {
      // Bytes, as a file picker hands them over; the encrypted ones with the password "test".
      const result = await importFile(readFixture(c.file), { password: 'test' });
      expect(result.format).toBe(c.format);
      expect(result.problems).toEqual([]);
      const expected = c.expected();
      expect(result.accounts).toHaveLength(expected.length);
      expect(sortedBySecret(result.accounts.map(summary))).toEqual(sortedBySecret(expected));
    });
  }

  it('reads the same from a string as from bytes', async () => {
    const fromText = await importFile(readFixtureText('aegis_plain.json'));
    const fromBytes = await importFile(readFixture('aegis_plain.json'));
    expect(fromText.accounts.map(summary)).toEqual(fromBytes.accounts.map(summary));
  });

  it('google_authenticator_migration.txt equals its .expected.json', async () => {
    const result = await importFile(readFixture('google_authenticator_migration.txt'));
    const expected = JSON.parse(
      readFixtureText('google_authenticator_migration.expected.json'),
    ) as {
      type: string;
      issuer: string;
      label: string;
      secret: string;
      algorithm: string;
      digits: number;
      period?: number;
      counter?: number;
    }[];
    expect(result.format).toBe('google-migration');
    expect(result.problems).toEqual([]);
    expect(result.batch).toEqual({ index: 0, size: 1, id: 0 });
    expect(result.accounts).toHaveLength(expected.length);
    result.accounts.forEach((a, i) => {
      const e = expected[i]!;
      expect(a.issuer).toBe(e.issuer);
      expect(a.label).toBe(e.label);
      expect(a.otp.type).toBe(e.type);
      expect(a.otp.algorithm).toBe(e.algorithm);
      expect(a.otp.digits).toBe(e.digits);
      expect(a.otp.secret).toEqual(decodeBase32(e.secret));
      if (e.period !== undefined) expect(a.otp.period).toBe(e.period);
      expect(a.otp.counter).toBe(e.counter ?? 0);
    });
  });

  const encrypted = [
    'aegis_encrypted.json',
    'andotp_encrypted.bin',
    '2fas_authenticator_encrypted.2fas',
    '2fas_authenticator_encrypted_v4.2fas',
  ];

  for (const file of encrypted) {
    it(`${file}: wrong password → E_BAD_PASSPHRASE`, async () => {
      await expectTessera(importFile(readFixture(file), { password: 'tset' }), 'E_BAD_PASSPHRASE');
    });

    it(`${file}: no password → E_IMPORT_FORMAT asking for one`, async () => {
      const e = await expectTessera(importFile(readFixture(file)), 'E_IMPORT_FORMAT');
      expect(e.detail?.needsPassword).toBe(true);
    });
  }
});
