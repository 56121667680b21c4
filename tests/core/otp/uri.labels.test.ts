// Labels and issuers as real services and other apps write them: raw delimiters in the label
// path (Microsoft Entra guest accounts carry `#EXT#`), plus signs in e-mail addresses, colons
// inside the account part, empty issuers and very long names.
import { describe, expect, it } from 'vitest';
import { TesseraError } from '../../../lib/core/errors';
import {
  MAX_LABEL_LENGTH,
  formatOtpauthUri,
  parseOtpauthUri,
  type OtpAccount,
  type OtpParams,
} from '../../../lib/core/otp';

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const otp: OtpParams = {
  type: 'totp',
  secret: new TextEncoder().encode('12345678901234567890'),
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  counter: 0,
};

const names = (uri: string) => {
  const { account } = parseOtpauthUri(uri);
  return { issuer: account.issuer, label: account.label };
};

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof TesseraError) return e.code;
    throw e;
  }
  return 'ok';
};

describe('reading labels with raw delimiters', () => {
  it('reads an Entra guest account whose label holds unencoded #', () => {
    const uri = `otpauth://totp/MyOrganization:account#EXT#@microsoft.com?secret=${SECRET}&issuer=Microsoft`;
    const { account } = parseOtpauthUri(uri);
    expect(account.issuer).toBe('Microsoft');
    expect(account.label).toBe('account#EXT#@microsoft.com');
    expect(account.otp.secret).toEqual(otp.secret);
  });

  it('reads the same account with # percent-encoded', () => {
    expect(
      names(
        `otpauth://totp/Microsoft:jane_example.com%23EXT%23%40contoso.onmicrosoft.com?secret=${SECRET}&issuer=Microsoft`,
      ),
    ).toEqual({ issuer: 'Microsoft', label: 'jane_example.com#EXT#@contoso.onmicrosoft.com' });
  });

  it('reads # and ? in the label when the query follows', () => {
    expect(names(`otpauth://totp/Ex:who?me#1?secret=${SECRET}`)).toEqual({
      issuer: 'Ex',
      label: 'who?me#1',
    });
    expect(names(`otpauth://totp/Ex:a#?b?secret=${SECRET}&issuer=Ex`)).toEqual({
      issuer: 'Ex',
      label: 'a#?b',
    });
  });

  it('starts the query at the ? that carries the secret, even with the key encoded', () => {
    expect(names(`otpauth://totp/Q?A:x?%73ecret=${SECRET}`)).toEqual({
      issuer: 'Q?A',
      label: 'x',
    });
  });

  it('still ignores a fragment after the query', () => {
    expect(names(`otpauth://totp/Ex:alice?secret=${SECRET}#section`)).toEqual({
      issuer: 'Ex',
      label: 'alice',
    });
    expect(names(`otpauth://totp/Ex:a#b?secret=${SECRET}&issuer=Ex#c`)).toEqual({
      issuer: 'Ex',
      label: 'a#b',
    });
  });

  it('reports the missing secret when no ? is followed by one', () => {
    expect(codeOf(() => parseOtpauthUri('otpauth://totp/Ex:a#EXT#@b.com?issuer=Ex'))).toBe(
      'E_SECRET_MISSING',
    );
    expect(codeOf(() => parseOtpauthUri('otpauth://totp/Ex:a#EXT#@b.com'))).toBe(
      'E_SECRET_MISSING',
    );
  });

  it('reads a raw &, a plus in an address, spaces and non-ASCII', () => {
    expect(names(`otpauth://totp/Bank & Co:jane+2fa@example.com?secret=${SECRET}`)).toEqual({
      issuer: 'Bank & Co',
      label: 'jane+2fa@example.com',
    });
    expect(names(`otpauth://totp/Bücher%20Café:jürgen@exämple.de?secret=${SECRET}`)).toEqual({
      issuer: 'Bücher Café',
      label: 'jürgen@exämple.de',
    });
    // In the query, '+' is a space (form encoding); an encoded plus stays a plus.
    expect(names(`otpauth://totp/x?secret=${SECRET}&issuer=A+B%2BC`).issuer).toBe('A B+C');
  });

  it('keeps a colon inside the account part', () => {
    expect(names(`otpauth://totp/Ex:host:port:alice?secret=${SECRET}&issuer=Ex`)).toEqual({
      issuer: 'Ex',
      label: 'host:port:alice',
    });
    expect(names(`otpauth://totp/Ex:urn:alice?secret=${SECRET}`)).toEqual({
      issuer: 'Ex',
      label: 'urn:alice',
    });
  });

  it('reads empty issuers', () => {
    expect(names(`otpauth://totp/alice@example.com?secret=${SECRET}&issuer=`)).toEqual({
      issuer: '',
      label: 'alice@example.com',
    });
    expect(names(`otpauth://totp/:alice?secret=${SECRET}`)).toEqual({
      issuer: '',
      label: 'alice',
    });
  });

  it('reads a 300-character name', () => {
    const long = `${'a'.repeat(280)}+tag@example.com`.padEnd(300, 'x');
    expect(long).toHaveLength(300);
    expect(names(`otpauth://totp/Ex:${long}?secret=${SECRET}&issuer=Ex`).label).toBe(long);
    expect(MAX_LABEL_LENGTH).toBeGreaterThanOrEqual(300);
  });
});

describe('writing labels that other apps read back', () => {
  const cases: [string, Pick<OtpAccount, 'issuer' | 'label'>][] = [
    ['Entra guest', { issuer: 'Microsoft', label: 'jane_example.com#EXT#@contoso.com' }],
    ['question mark', { issuer: 'Who?', label: 'me?you' }],
    ['ampersand and equals', { issuer: 'A&B', label: 'x&issuer=evil' }],
    ['plus in an e-mail', { issuer: 'Mail', label: 'jane+2fa@example.com' }],
    ['percent', { issuer: '100%', label: '%41%' }],
    ['spaces', { issuer: 'Bank of Somewhere', label: 'Jane Doe' }],
    ['non-ASCII', { issuer: 'Bücher 例 😀', label: 'jürgen@exämple.de' }],
    ['colon in the account', { issuer: 'Ex', label: 'host:port:alice' }],
    ['empty issuer, colon in the account', { issuer: '', label: 'urn:alice' }],
    ['empty issuer', { issuer: '', label: 'alice' }],
    ['300-character name', { issuer: 'Ex', label: `${'é'.repeat(290)}+#?&%:@ x` }],
  ];

  it.each(cases)('%s: written escaped, read back unchanged', (_, n) => {
    const account: OtpAccount = { ...n, otp };
    const uri = formatOtpauthUri(account);
    // One query, no fragment, nothing raw that a strict URL parser would split on.
    expect(uri.split('?')).toHaveLength(2);
    expect(uri).not.toMatch(/[#\s+]/);
    expect(parseOtpauthUri(uri).account).toEqual(account);
    // A WHATWG parser (what other apps and browsers use) sees the same label and issuer.
    const url = new URL(uri);
    expect(url.hash).toBe('');
    expect(url.searchParams.get('secret')).toBe(SECRET);
    if (n.issuer !== '') expect(url.searchParams.get('issuer')).toBe(n.issuer);
  });
});
