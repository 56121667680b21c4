import type { OtpType } from '../../lib/core/otp/types';

/**
 * Splits a code into two groups that are easy to read aloud and retype: 6 → 3+3, 7 → 3+4,
 * 8 → 4+4. Steam codes are letters and digits, read as one word, so they stay as they are.
 */
export function groupCode(code: string, type: OtpType): string {
  if (type === 'steam' || code.length < 6 || code.length > 8) return code;
  const head = code.length === 8 ? 4 : 3;
  return `${code.slice(0, head)} ${code.slice(head)}`;
}

/** The placeholder shown for an HOTP code nobody has asked for yet, grouped like a code. */
export function maskedCode(digits: number, type: OtpType): string {
  return groupCode('•'.repeat(digits), type);
}
