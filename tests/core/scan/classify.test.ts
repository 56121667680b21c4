import { describe, expect, it } from 'vitest';
import { classifyQr, pickAuthenticatorCodes, type DecodedQr } from '../../../lib/core/scan';

const at = { x: 0, y: 0, width: 10, height: 10 };
const qr = (text: string): DecodedQr => ({ text, location: at });

describe('classifyQr', () => {
  it.each([
    ['otpauth://totp/GitHub:me?secret=JBSWY3DPEHPK3PXP', 'otpauth'],
    ['otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=1', 'otpauth'],
    ['OTPAUTH://TOTP/X?secret=JBSWY3DPEHPK3PXP', 'otpauth'],
    ['  otpauth://totp/x?secret=A\n', 'otpauth'],
    // Malformed but clearly meant for an authenticator: the URI parser explains what is wrong.
    ['otpauth://', 'otpauth'],
    ['otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGA', 'otpauth-migration'],
    ['Otpauth-Migration://offline?data=x', 'otpauth-migration'],
    ['WIFI:S:x;T:WPA;P:y;;', 'other'],
    ['https://apps.apple.com/app/id388497605', 'other'],
    ['otpauth:totp/missing-slashes', 'other'],
    ['xotpauth://totp/x', 'other'],
    ['', 'other'],
  ] as const)('%j is %s', (text, kind) => {
    expect(classifyQr(text)).toBe(kind);
  });
});

describe('pickAuthenticatorCodes', () => {
  it('ignores other codes when an authenticator code is present', () => {
    const list = [
      qr('WIFI:S:x;T:WPA;P:y;;'),
      qr('otpauth://totp/a?secret=A'),
      qr('https://x.test'),
    ];
    const pick = pickAuthenticatorCodes(list);
    expect(pick.codes).toEqual([list[1]]);
    expect(pick.ignoredOther).toBe(2);
    expect(pick.onlyOther).toBe(false);
    expect(pick.others).toEqual([list[0], list[2]]);
  });

  it('keeps every authenticator code, migration batches included, in order', () => {
    const list = [
      qr('otpauth-migration://offline?data=AA'),
      qr('otpauth://totp/a?secret=A'),
      qr('otpauth://totp/b?secret=B'),
    ];
    const pick = pickAuthenticatorCodes(list);
    expect(pick.codes).toEqual(list);
    expect(pick.ignoredOther).toBe(0);
    expect(pick.onlyOther).toBe(false);
  });

  it('explains, rather than ignores, when only other codes were found', () => {
    const list = [qr('WIFI:S:x;T:WPA;P:y;;')];
    expect(pickAuthenticatorCodes(list)).toEqual({
      codes: [],
      ignoredOther: 0,
      onlyOther: true,
      others: list,
    });
  });

  it('reports nothing to explain when nothing was found', () => {
    expect(pickAuthenticatorCodes([])).toMatchObject({
      codes: [],
      onlyOther: false,
      ignoredOther: 0,
    });
  });
});
