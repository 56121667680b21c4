import { describe, expect, it } from 'vitest';
import { codeAt, decodeBase32 } from '../../../lib/core/otp';
import { CodeMemo } from '../../../lib/core/otp/codeMemo';
import type { OtpParams } from '../../../lib/core/otp/types';

const params = (over: Partial<OtpParams> = {}): OtpParams => ({
  type: 'totp',
  secret: decodeBase32('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'),
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  counter: 0,
  ...over,
});

const AT = Date.UTC(2026, 11, 6, 20, 0, 17);

describe('CodeMemo', () => {
  it('answers as codeAt over many steps, asked again and out of order', () => {
    const memo = new CodeMemo();
    const p = params();
    const times = Array.from({ length: 12 }, (_, i) => AT + i * 13_000);
    for (const t of [...times, ...times.reverse(), ...times]) {
      expect(memo.codeAt(p, t)).toBe(codeAt(p, t));
    }
  });

  it('keeps apart what changes the code: secret, algorithm, digits, period, type', () => {
    const memo = new CodeMemo();
    const base = params();
    const variants = [
      base,
      { ...base, secret: decodeBase32('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ') },
      { ...base, algorithm: 'SHA256' as const },
      { ...base, digits: 8 },
      { ...base, period: 60 },
      { ...base, type: 'steam' as const, digits: 5 },
    ];
    // Same bytes object for most: the settings alone must tell the codes apart.
    for (const p of variants) expect(memo.codeAt(p, AT)).toBe(codeAt(p, AT));
    for (const p of variants.reverse()) expect(memo.codeAt(p, AT)).toBe(codeAt(p, AT));
  });

  it('a new secret array gets its own codes', () => {
    const memo = new CodeMemo();
    const first = params();
    expect(memo.codeAt(first, AT)).toBe(codeAt(first, AT));
    const edited = params({ secret: decodeBase32('MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U') });
    expect(memo.codeAt(edited, AT)).toBe(codeAt(edited, AT));
    expect(memo.codeAt(edited, AT)).not.toBe(codeAt(first, AT));
  });
});
