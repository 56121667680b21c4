import { describe, expect, it } from 'vitest';
import { groupCode, maskedCode } from '../../components/codes/formatCode';

describe('groupCode', () => {
  it('splits 6, 7 and 8 digit codes into two groups that are easy to read aloud', () => {
    expect(groupCode('123456', 'totp')).toBe('123 456');
    expect(groupCode('1234567', 'totp')).toBe('123 4567');
    expect(groupCode('12345678', 'hotp')).toBe('1234 5678');
  });

  it('leaves Steam codes as one word', () => {
    expect(groupCode('4P98X', 'steam')).toBe('4P98X');
  });

  it('leaves lengths it has no rule for alone, never dropping a character', () => {
    for (const code of ['', '1', '12345', '123456789']) {
      expect(groupCode(code, 'totp')).toBe(code);
    }
  });

  it('only ever inserts one space: removing spaces gives back the code', () => {
    for (let n = 0; n <= 12; n++) {
      const code = '9876543210ab'.slice(0, n);
      const grouped = groupCode(code, 'totp');
      expect(grouped.replace(/ /g, '')).toBe(code);
      expect(grouped.split(' ').length).toBeLessThanOrEqual(2);
    }
  });
});

describe('maskedCode', () => {
  it('has one dot per digit, grouped like the real code would be', () => {
    expect(maskedCode(6, 'hotp')).toBe('••• •••');
    expect(maskedCode(7, 'hotp')).toBe('••• ••••');
    expect(maskedCode(8, 'hotp')).toBe('•••• ••••');
    expect(maskedCode(5, 'steam')).toBe('•••••');
  });
});
