import { describe, expect, it } from 'vitest';
import { TesseraError, type ErrorCode } from '../../../lib/core/errors';
import {
  MAX_ISSUER_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_URI_LENGTH,
  decodeBase32,
  formatOtpauthUri,
  normalizeAccountName,
  parseOtpauthUri,
  type OtpAccount,
  type OtpParams,
} from '../../../lib/core/otp';

const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // "12345678901234567890"
const rfcBytes = new TextEncoder().encode('12345678901234567890');

function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof TesseraError) return e.code;
    throw e;
  }
  return 'no error';
}

const totp = (over: Partial<OtpParams> = {}): OtpParams => ({
  type: 'totp',
  secret: rfcBytes,
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  counter: 0,
  ...over,
});

interface ValidCase {
  name: string;
  uri: string;
  issuer: string;
  label: string;
  otp: OtpParams;
  warnings?: string[];
}

const valid: ValidCase[] = [
  {
    name: 'Google example, all parameters',
    uri: `otpauth://totp/ACME%20Co:john.doe@email.com?secret=${RFC_SECRET}&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30`,
    issuer: 'ACME Co',
    label: 'john.doe@email.com',
    otp: totp(),
  },
  {
    name: 'defaults when only the secret is given',
    uri: `otpauth://totp/alice?secret=${RFC_SECRET}`,
    issuer: '',
    label: 'alice',
    otp: totp(),
  },
  {
    name: 'lowercase secret',
    uri: `otpauth://totp/Ex:alice?secret=${RFC_SECRET.toLowerCase()}`,
    issuer: 'Ex',
    label: 'alice',
    otp: totp(),
  },
  {
    name: 'secret with encoded and raw spaces',
    uri: `otpauth://totp/Ex:alice?secret=GEZD%20GNBV GY3T+QOJQ-GEZDGNBVGY3TQOJQ`,
    issuer: 'Ex',
    label: 'alice',
    otp: totp(),
  },
  {
    name: 'secret with and without padding',
    uri: 'otpauth://totp/Steam?secret=JRZCL47CMXVOQMNPZR2F7J4RGI%3D%3D%3D%3D%3D%3D',
    issuer: '',
    label: 'Steam',
    otp: totp({ secret: decodeBase32('JRZCL47CMXVOQMNPZR2F7J4RGI') }),
  },
  {
    name: 'missing padding on a short secret warns',
    uri: 'otpauth://totp/Ex:a?secret=JBSWY3DPEHPK3PXP',
    issuer: 'Ex',
    label: 'a',
    otp: totp({ secret: decodeBase32('JBSWY3DPEHPK3PXP') }),
    warnings: ['W_SECRET_SHORT'],
  },
  {
    name: 'UTF-8 label, percent-encoded',
    uri: `otpauth://totp/B%C3%A4nk:j%C3%BCrgen@%E4%BE%8B%E3%81%88.jp?secret=${RFC_SECRET}`,
    issuer: 'Bänk',
    label: 'jürgen@例え.jp',
    otp: totp(),
  },
  {
    name: 'UTF-8 label, raw characters',
    uri: `otpauth://totp/Bänk:jürgen@例え.jp?secret=${RFC_SECRET}`,
    issuer: 'Bänk',
    label: 'jürgen@例え.jp',
    otp: totp(),
  },
  {
    name: 'issuer only in the parameter',
    uri: `otpauth://totp/alice%40example.com?secret=${RFC_SECRET}&issuer=Example`,
    issuer: 'Example',
    label: 'alice@example.com',
    otp: totp(),
  },
  {
    name: 'issuer parameter wins over a different label prefix',
    uri: `otpauth://totp/Old%20Name:alice?secret=${RFC_SECRET}&issuer=New+Name`,
    issuer: 'New Name',
    label: 'alice',
    otp: totp(),
  },
  {
    name: '%3A separator and spaces after it',
    uri: `otpauth://totp/Example%3A%20%20alice?secret=${RFC_SECRET}`,
    issuer: 'Example',
    label: 'alice',
    otp: totp(),
  },
  {
    name: 'account containing a colon after the issuer',
    uri: `otpauth://totp/Ex:host:alice?secret=${RFC_SECRET}&issuer=Ex`,
    issuer: 'Ex',
    label: 'host:alice',
    otp: totp(),
  },
  {
    name: 'issuer only, empty account',
    uri: `otpauth://totp/?secret=${RFC_SECRET}&issuer=Example`,
    issuer: 'Example',
    label: '',
    otp: totp(),
  },
  {
    name: 'no path at all',
    uri: `otpauth://totp?secret=${RFC_SECRET}&issuer=Example`,
    issuer: 'Example',
    label: '',
    otp: totp(),
  },
  {
    name: 'label "+" stays a plus, query "+" is a space',
    uri: `otpauth://totp/a+b?secret=${RFC_SECRET}&issuer=c+d`,
    issuer: 'c d',
    label: 'a+b',
    otp: totp(),
  },
  {
    name: 'case-insensitive scheme, type and algorithm; SHA512 8 digits 60 s',
    uri: `OTPAUTH://TOTP/Ex:alice?secret=${RFC_SECRET}&algorithm=sha512&digits=8&period=60`,
    issuer: 'Ex',
    label: 'alice',
    otp: totp({ algorithm: 'SHA512', digits: 8, period: 60 }),
  },
  {
    name: 'SHA256, 7 digits, leading zeros in numbers, surrounding whitespace',
    uri: `  otpauth://totp/Ex:alice?secret=${RFC_SECRET}&algorithm=SHA256&digits=07&period=030\n`,
    issuer: 'Ex',
    label: 'alice',
    otp: totp({ algorithm: 'SHA256', digits: 7 }),
  },
  {
    name: 'unknown parameters and a fragment are ignored',
    uri: `otpauth://totp/Ex:alice?secret=${RFC_SECRET}&image=https%3A%2F%2Fex.com%2Fa.png&color=red&&#frag`,
    issuer: 'Ex',
    label: 'alice',
    otp: totp(),
  },
  {
    name: 'counter on a TOTP link is ignored',
    uri: `otpauth://totp/Ex:alice?secret=${RFC_SECRET}&counter=5`,
    issuer: 'Ex',
    label: 'alice',
    otp: totp(),
  },
  {
    name: 'HOTP with counter',
    uri: `otpauth://hotp/Ex:alice?secret=${RFC_SECRET}&issuer=Ex&counter=42`,
    issuer: 'Ex',
    label: 'alice',
    otp: totp({ type: 'hotp', counter: 42 }),
  },
  {
    name: 'HOTP with the largest safe counter',
    uri: `otpauth://hotp/Ex:alice?secret=${RFC_SECRET}&counter=9007199254740991&digits=8`,
    issuer: 'Ex',
    label: 'alice',
    otp: totp({ type: 'hotp', counter: Number.MAX_SAFE_INTEGER, digits: 8 }),
  },
  {
    name: 'Steam via encoder=steam (KeePassXC)',
    uri: 'otpauth://totp/Steam:gaben?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&period=30&digits=5&issuer=Steam&encoder=steam',
    issuer: 'Steam',
    label: 'gaben',
    otp: totp({ type: 'steam', digits: 5, secret: decodeBase32('JRZCL47CMXVOQMNPZR2F7J4RGI') }),
  },
  {
    name: 'Steam via issuer Steam and digits=5',
    uri: 'otpauth://totp/Steam:gaben?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&digits=5',
    issuer: 'Steam',
    label: 'gaben',
    otp: totp({ type: 'steam', digits: 5, secret: decodeBase32('JRZCL47CMXVOQMNPZR2F7J4RGI') }),
  },
  {
    name: 'Steam type host (Aegis)',
    uri: 'otpauth://steam/Steam:gaben?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&issuer=Steam&digits=5&algorithm=SHA1&period=30',
    issuer: 'Steam',
    label: 'gaben',
    otp: totp({ type: 'steam', digits: 5, secret: decodeBase32('JRZCL47CMXVOQMNPZR2F7J4RGI') }),
  },
  {
    name: 'Steam type host with defaults',
    uri: 'otpauth://steam/gaben?secret=JRZCL47CMXVOQMNPZR2F7J4RGI',
    issuer: '',
    label: 'gaben',
    otp: totp({ type: 'steam', digits: 5, secret: decodeBase32('JRZCL47CMXVOQMNPZR2F7J4RGI') }),
  },
  {
    name: 'issuer Steam with 6 digits stays TOTP',
    uri: 'otpauth://totp/Steam:gaben?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&digits=6',
    issuer: 'Steam',
    label: 'gaben',
    otp: totp({ secret: decodeBase32('JRZCL47CMXVOQMNPZR2F7J4RGI') }),
  },
  {
    name: 'minimum secret (80 bits) warns',
    uri: 'otpauth://totp/Ex:a?secret=AAAAAAAAAAAAAAAA',
    issuer: 'Ex',
    label: 'a',
    otp: totp({ secret: new Uint8Array(10) }),
    warnings: ['W_SECRET_SHORT'],
  },
];

describe('parseOtpauthUri accepts', () => {
  it.each(valid)('$name', (c) => {
    const { account, warnings } = parseOtpauthUri(c.uri);
    expect(account).toEqual({ issuer: c.issuer, label: c.label, otp: c.otp });
    expect(warnings.map((w) => w.code)).toEqual(c.warnings ?? []);
    // Everything parsed formats to a link that parses back to the same account.
    expect(parseOtpauthUri(formatOtpauthUri(account)).account).toEqual(account);
  });
});

const S = `secret=${RFC_SECRET}`;
const invalid: [string, string, ErrorCode][] = [
  ['empty string', '', 'E_URI_INVALID'],
  ['whitespace only', '   \n', 'E_URI_INVALID'],
  ['too long', `otpauth://totp/a?${S}&x=${'a'.repeat(MAX_URI_LENGTH)}`, 'E_URI_INVALID'],
  ['http scheme', `https://totp/a?${S}`, 'E_URI_SCHEME'],
  ['a bare secret', RFC_SECRET, 'E_URI_SCHEME'],
  ['migration link', 'otpauth-migration://offline?data=abc', 'E_URI_SCHEME'],
  ['scheme without //', `otpauth:totp/a?${S}`, 'E_URI_INVALID'],
  ['unknown type', `otpauth://yotp/a?${S}`, 'E_URI_TYPE'],
  ['empty type', `otpauth:///a?${S}`, 'E_URI_TYPE'],
  ['malformed % in label', `otpauth://totp/a%zz?${S}`, 'E_URI_INVALID'],
  ['truncated % in label', `otpauth://totp/a%?${S}`, 'E_URI_INVALID'],
  ['invalid UTF-8 in label', `otpauth://totp/%C3%28?${S}`, 'E_URI_INVALID'],
  ['encoded surrogate in label', `otpauth://totp/%ED%A0%80?${S}`, 'E_URI_INVALID'],
  ['malformed % in a value', `otpauth://totp/a?${S}&issuer=%E4`, 'E_URI_INVALID'],
  ['malformed % in an unknown param', `otpauth://totp/a?${S}&image=%`, 'E_URI_INVALID'],
  ['lone surrogate', `otpauth://totp/a\uD800?${S}`, 'E_URI_INVALID'],
  ['duplicate secret', `otpauth://totp/a?${S}&${S}`, 'E_URI_INVALID'],
  ['duplicate digits', `otpauth://totp/a?${S}&digits=6&DIGITS=6`, 'E_URI_INVALID'],
  ['no names at all', `otpauth://totp/?${S}`, 'E_URI_LABEL'],
  ['only a colon', `otpauth://totp/%20:%20?${S}`, 'E_URI_LABEL'],
  ['control character in label', `otpauth://totp/a%0Ab?${S}`, 'E_URI_LABEL'],
  ['NUL in issuer', `otpauth://totp/a?${S}&issuer=x%00`, 'E_URI_LABEL'],
  ['bidi override in issuer', `otpauth://totp/a?${S}&issuer=%E2%80%AEelgooG`, 'E_URI_LABEL'],
  [
    'issuer too long',
    `otpauth://totp/a?${S}&issuer=${'i'.repeat(MAX_ISSUER_LENGTH + 1)}`,
    'E_URI_LABEL',
  ],
  ['label too long', `otpauth://totp/${'l'.repeat(MAX_LABEL_LENGTH + 1)}?${S}`, 'E_URI_LABEL'],
  ['no secret', 'otpauth://totp/Ex:a?issuer=Ex', 'E_SECRET_MISSING'],
  ['no query', 'otpauth://totp/Ex:a', 'E_SECRET_MISSING'],
  ['empty secret', 'otpauth://totp/Ex:a?secret=', 'E_SECRET_MISSING'],
  ['secret without =', 'otpauth://totp/Ex:a?secret', 'E_SECRET_MISSING'],
  ['blank secret', 'otpauth://totp/Ex:a?secret=%20%20', 'E_SECRET_MISSING'],
  ['secret with 0/1/8', 'otpauth://totp/Ex:a?secret=GEZDGNBVGY3TQOJ0', 'E_SECRET_INVALID'],
  [
    'secret in Base64',
    'otpauth://totp/Ex:a?secret=MTIzNDU2Nzg5MDEyMzQ1Njc4OTA%3D',
    'E_SECRET_INVALID',
  ],
  ['secret too short', 'otpauth://totp/Ex:a?secret=GEZDGNBVGY3TQOI', 'E_SECRET_TOO_SHORT'],
  ['secret too long', `otpauth://totp/Ex:a?secret=${'A'.repeat(1700)}`, 'E_SECRET_INVALID'],
  ['MD5', `otpauth://totp/a?${S}&algorithm=MD5`, 'E_ALGORITHM'],
  ['SHA-1 spelled with a hyphen', `otpauth://totp/a?${S}&algorithm=SHA-1`, 'E_ALGORITHM'],
  ['empty algorithm', `otpauth://totp/a?${S}&algorithm=`, 'E_ALGORITHM'],
  ['Steam with SHA256', `otpauth://steam/a?${S}&algorithm=SHA256`, 'E_ALGORITHM'],
  ['digits 6abc', `otpauth://totp/a?${S}&digits=6abc`, 'E_DIGITS'],
  ['digits 1e1', `otpauth://totp/a?${S}&digits=1e1`, 'E_DIGITS'],
  ['digits empty', `otpauth://totp/a?${S}&digits=`, 'E_DIGITS'],
  ['digits negative', `otpauth://totp/a?${S}&digits=-6`, 'E_DIGITS'],
  ['digits with plus sign', `otpauth://totp/a?${S}&digits=%2B6`, 'E_DIGITS'],
  ['digits 6.0', `otpauth://totp/a?${S}&digits=6.0`, 'E_DIGITS'],
  ['digits 0x6', `otpauth://totp/a?${S}&digits=0x6`, 'E_DIGITS'],
  ['digits 5 (not Steam)', `otpauth://totp/a?${S}&digits=5`, 'E_DIGITS'],
  ['digits 9', `otpauth://totp/a?${S}&digits=9`, 'E_DIGITS'],
  ['digits 10', `otpauth://hotp/a?${S}&digits=10&counter=0`, 'E_DIGITS'],
  ['digits with space', `otpauth://totp/a?${S}&digits=+6`, 'E_DIGITS'],
  ['Steam with 6 digits', `otpauth://steam/a?${S}&digits=6`, 'E_DIGITS'],
  ['encoder=steam with 6 digits', `otpauth://totp/a?${S}&digits=6&encoder=steam`, 'E_DIGITS'],
  ['period 0', `otpauth://totp/a?${S}&period=0`, 'E_PERIOD'],
  ['period 301', `otpauth://totp/a?${S}&period=301`, 'E_PERIOD'],
  ['period 1e3', `otpauth://totp/a?${S}&period=1e3`, 'E_PERIOD'],
  ['period 30s', `otpauth://totp/a?${S}&period=30s`, 'E_PERIOD'],
  ['period empty', `otpauth://totp/a?${S}&period=`, 'E_PERIOD'],
  ['period negative', `otpauth://totp/a?${S}&period=-30`, 'E_PERIOD'],
  ['period huge', `otpauth://totp/a?${S}&period=99999999999999999999`, 'E_PERIOD'],
  ['Steam period 60', `otpauth://steam/a?${S}&period=60`, 'E_PERIOD'],
  ['HOTP without counter', `otpauth://hotp/a?${S}`, 'E_COUNTER'],
  ['HOTP counter empty', `otpauth://hotp/a?${S}&counter=`, 'E_COUNTER'],
  ['HOTP counter negative', `otpauth://hotp/a?${S}&counter=-1`, 'E_COUNTER'],
  ['HOTP counter 1e3', `otpauth://hotp/a?${S}&counter=1e3`, 'E_COUNTER'],
  ['HOTP counter 2^53', `otpauth://hotp/a?${S}&counter=9007199254740992`, 'E_COUNTER'],
  ['HOTP counter 12abc', `otpauth://hotp/a?${S}&counter=12abc`, 'E_COUNTER'],
];

describe('parseOtpauthUri rejects with the specific code', () => {
  it.each(invalid)('%s', (_name, uri, code) => {
    expect(errorCode(() => parseOtpauthUri(uri))).toBe(code);
  });

  it('rejects non-string input as E_URI_INVALID', () => {
    for (const x of [null, undefined, 42, {}, ['otpauth://totp/a?secret=AAAA']]) {
      expect(errorCode(() => parseOtpauthUri(x as unknown as string))).toBe('E_URI_INVALID');
    }
  });
});

const steamAccount: OtpAccount = {
  issuer: 'Steam',
  label: 'gaben',
  otp: totp({ type: 'steam', digits: 5, secret: decodeBase32('JRZCL47CMXVOQMNPZR2F7J4RGI') }),
};

describe('formatOtpauthUri', () => {
  it('writes the canonical TOTP form', () => {
    const uri = formatOtpauthUri({ issuer: 'ACME Co', label: 'john.doe@email.com', otp: totp() });
    expect(uri).toBe(
      `otpauth://totp/ACME%20Co:john.doe%40email.com?secret=${RFC_SECRET}&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30`,
    );
  });

  it('writes HOTP with its counter, and a period only when it is not 30', () => {
    const a: OtpAccount = { issuer: '', label: 'bob', otp: totp({ type: 'hotp', counter: 7 }) };
    expect(formatOtpauthUri(a)).toBe(
      `otpauth://hotp/bob?secret=${RFC_SECRET}&algorithm=SHA1&digits=6&counter=7`,
    );
    const b = { ...a, otp: { ...a.otp, period: 60 } };
    expect(formatOtpauthUri(b)).toBe(
      `otpauth://hotp/bob?secret=${RFC_SECRET}&algorithm=SHA1&digits=6&counter=7&period=60`,
    );
    expect(parseOtpauthUri(formatOtpauthUri(b)).account).toEqual(b);
  });

  it('writes Steam as TOTP with encoder=steam', () => {
    expect(formatOtpauthUri(steamAccount)).toBe(
      'otpauth://totp/Steam:gaben?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&issuer=Steam&algorithm=SHA1&digits=5&period=30&encoder=steam',
    );
    expect(parseOtpauthUri(formatOtpauthUri(steamAccount)).account).toEqual(steamAccount);
  });

  it('keeps a colon in the account name when there is no issuer', () => {
    const a: OtpAccount = { issuer: '', label: 'host:alice', otp: totp() };
    expect(formatOtpauthUri(a)).toMatch(/^otpauth:\/\/totp\/:host%3Aalice\?/);
    expect(parseOtpauthUri(formatOtpauthUri(a)).account).toEqual(a);
  });

  it('keeps a colon in the issuer', () => {
    const a: OtpAccount = { issuer: 'a:b', label: 'c:d', otp: totp() };
    expect(parseOtpauthUri(formatOtpauthUri(a)).account).toEqual(a);
  });

  it('escapes every URI delimiter in the names', () => {
    const a: OtpAccount = { issuer: 'a&b=c?d#e/f+g%h', label: 'x&issuer=evil#?/%', otp: totp() };
    const uri = formatOtpauthUri(a);
    expect(uri.split('?')).toHaveLength(2);
    expect(uri).not.toContain('#');
    expect(parseOtpauthUri(uri).account).toEqual(a);
  });

  it('fits the longest possible account within the parser limit', () => {
    const a: OtpAccount = {
      issuer: '例'.repeat(MAX_ISSUER_LENGTH),
      label: '例'.repeat(MAX_LABEL_LENGTH),
      otp: totp({
        type: 'hotp',
        algorithm: 'SHA512',
        digits: 8,
        period: 300,
        counter: Number.MAX_SAFE_INTEGER,
        secret: new Uint8Array(1024).fill(255),
      }),
    };
    const uri = formatOtpauthUri(a);
    expect(uri.length).toBeLessThanOrEqual(MAX_URI_LENGTH);
    expect(parseOtpauthUri(uri).account).toEqual(a);
  });

  it('trims names the way the parser does', () => {
    expect(normalizeAccountName('  Ex ', '\talice\n')).toEqual({ issuer: 'Ex', label: 'alice' });
    const uri = formatOtpauthUri({ issuer: ' Ex ', label: ' alice ', otp: totp() });
    expect(parseOtpauthUri(uri).account).toMatchObject({ issuer: 'Ex', label: 'alice' });
  });

  it('refuses invalid accounts with the specific code', () => {
    const ok: OtpAccount = { issuer: 'Ex', label: 'alice', otp: totp() };
    const cases: [OtpAccount, ErrorCode][] = [
      [{ ...ok, issuer: '', label: ' ' }, 'E_URI_LABEL'],
      [{ ...ok, label: 'a\u0000' }, 'E_URI_LABEL'],
      [{ ...ok, label: 'a\uDC00' }, 'E_URI_LABEL'],
      [{ ...ok, issuer: 'x'.repeat(MAX_ISSUER_LENGTH + 1) }, 'E_URI_LABEL'],
      [{ ...ok, otp: totp({ digits: 4 }) }, 'E_DIGITS'],
      [{ ...ok, otp: totp({ period: 0 }) }, 'E_PERIOD'],
      [{ ...ok, otp: totp({ counter: 3 }) }, 'E_COUNTER'],
      [{ ...ok, otp: totp({ secret: new Uint8Array(4) }) }, 'E_SECRET_TOO_SHORT'],
      [{ ...ok, otp: totp({ algorithm: 'MD5' as 'SHA1' }) }, 'E_ALGORITHM'],
      [{ ...ok, otp: totp({ type: 'motp' as 'totp' }) }, 'E_URI_TYPE'],
      [null as unknown as OtpAccount, 'E_FIELD_INVALID'],
      [{ ...ok, otp: null as unknown as OtpParams }, 'E_FIELD_INVALID'],
    ];
    for (const [account, code] of cases)
      expect(errorCode(() => formatOtpauthUri(account))).toBe(code);
  });
});
