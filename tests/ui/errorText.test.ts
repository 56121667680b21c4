import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../lib/core/errors';
import { errorText, warningText } from '../../components/ui/errorText';

describe('errorText', () => {
  it('turns codes into sentences a person can act on, not the developer message', () => {
    expect(errorText({ code: 'E_BAD_PASSPHRASE', message: 'dev text' })).toBe(
      'Wrong passphrase. Try again or use your recovery key.',
    );
    expect(errorText({ code: 'E_SECRET_INVALID', message: "'!' at 3" })).toBe(
      "The secret key contains characters that aren't allowed.",
    );
    expect(errorText({ code: 'E_DIGITS', message: 'x' })).toBe('Codes must have 6, 7 or 8 digits.');
    expect(errorText({ code: 'E_DUPLICATE', message: 'x' })).toBe(
      'That account is already in your vault.',
    );
  });

  it('gives every code the popup can meet its own sentence', () => {
    const codes: ErrorCode[] = [
      'E_URI_INVALID',
      'E_URI_SCHEME',
      'E_SECRET_MISSING',
      'E_SECRET_INVALID',
      'E_SECRET_TOO_SHORT',
      'E_DIGITS',
      'E_PERIOD',
      'E_COUNTER',
      'E_LOCKED',
      'E_BAD_PASSPHRASE',
      'E_BAD_RECOVERY_KEY',
      'E_WEAK_PASSPHRASE',
      'E_DUPLICATE',
      'E_NOT_FOUND',
    ];
    const sentences = codes.map((code) => errorText({ code, message: 'fallback' }));
    for (const s of sentences) expect(s).toMatch(/^[A-Z].*[.]$/);
    expect(new Set(sentences).size).toBe(codes.length);
  });

  it('falls back to the message for a code from a newer background', () => {
    expect(errorText({ code: 'E_FROM_THE_FUTURE' as ErrorCode, message: 'Newer words.' })).toBe(
      'Newer words.',
    );
  });
});

describe('warningText', () => {
  it('explains a short secret and falls back to the message for unknown warnings', () => {
    expect(warningText({ code: 'W_SECRET_SHORT', message: 'x' })).toMatch(
      /shorter than recommended/,
    );
    expect(
      warningText({ code: 'W_UNKNOWN' as 'W_SECRET_SHORT', message: 'Something to know.' }),
    ).toBe('Something to know.');
  });
});
