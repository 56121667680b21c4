import * as OTPAuth from 'otpauth';
import { describe, expect, it } from 'vitest';
import { decodeBase32 } from '../../../lib/core/otp';
import type { OtpParams } from '../../../lib/core/otp/types';
import { codeWindows } from '../../../lib/core/otp/windows';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

function params(period = 30): OtpParams {
  return {
    type: 'totp',
    secret: decodeBase32(SECRET),
    algorithm: 'SHA1',
    digits: 6,
    period,
    counter: 0,
  };
}

function reference(period: number, atMs: number): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(SECRET), period }).generate({
    timestamp: atMs,
  });
}

describe('codeWindows', () => {
  it('gives the previous, current and next codes with their times', () => {
    const at = Date.UTC(2026, 11, 6, 20, 0, 17);
    const w = codeWindows(params(), at);
    const start = Date.UTC(2026, 11, 6, 20, 0, 0);
    expect(w.current).toEqual({
      code: reference(30, at),
      validFrom: start,
      validUntil: start + 30_000,
    });
    expect(w.previous).toEqual({
      code: reference(30, start - 1),
      validFrom: start - 30_000,
      validUntil: start,
    });
    expect(w.next).toEqual({
      code: reference(30, start + 30_000),
      validFrom: start + 30_000,
      validUntil: start + 60_000,
    });
  });

  it('follows the account period and the step boundary exactly', () => {
    const at = Date.UTC(2026, 11, 6, 20, 0, 0);
    const w = codeWindows(params(60), at);
    expect(w.current.validFrom).toBe(at);
    expect(w.previous.validFrom).toBe(at - 60_000);
    expect(w.next.validUntil).toBe(at + 120_000);
    expect(w.previous.code).toBe(reference(60, at - 1));
  });

  it('has no previous step before 1970: the first step stands in', () => {
    const w = codeWindows(params(), 10_000);
    expect(w.previous.validFrom).toBe(0);
    expect(w.current.validFrom).toBe(0);
  });

  it('refuses HOTP accounts', () => {
    expect(() => codeWindows({ ...params(), type: 'hotp' }, Date.now())).toThrow(
      expect.objectContaining({ code: 'E_FIELD_INVALID' }),
    );
  });
});
