import { describe, expect, it } from 'vitest';
import { errorText } from '../../components/ui/errorText';
import { throttledError } from '../../lib/core/vault/throttle';
import { toWireError } from '../../lib/core/errors';

describe('the wait after too many wrong tries', () => {
  it('says how long, in seconds under a minute and in minutes above', () => {
    expect(errorText(toWireError(throttledError(30_000)))).toBe(
      'Too many wrong tries. Try again in 30 seconds.',
    );
    expect(errorText(toWireError(throttledError(1_000)))).toBe(
      'Too many wrong tries. Try again in 1 second.',
    );
    expect(errorText(toWireError(throttledError(120_000)))).toBe(
      'Too many wrong tries. Try again in 2 minutes.',
    );
    expect(errorText(toWireError(throttledError(61_000)))).toBe(
      'Too many wrong tries. Try again in 2 minutes.',
    );
  });

  it('falls back to a sentence without a number when the wait is missing', () => {
    expect(errorText({ code: 'E_THROTTLED', message: 'x' })).toBe(
      'Too many wrong tries. Wait a moment, then try again.',
    );
  });

  it('names the key derivation budget', () => {
    expect(errorText({ code: 'E_KDF_BUDGET', message: 'x' })).toMatch(/key derivation/);
  });
});
