import { describe, expect, it } from 'vitest';
import { decidePasskeySupport } from '../../../lib/core/vault/passkeySupport';

describe('where passkey unlock is offered', () => {
  it('Chromium extension pages with WebAuthn: offered unless the browser says it lacks PRF', () => {
    const chromium = { protocol: 'chrome-extension:', hasWebAuthn: true };
    expect(decidePasskeySupport({ ...chromium, prf: true })).toEqual({ ok: true });
    expect(decidePasskeySupport({ ...chromium, prf: undefined })).toEqual({ ok: true });
    expect(decidePasskeySupport({ ...chromium, prf: false })).toEqual({
      ok: false,
      reason: 'noPrf',
    });
  });

  it('Firefox: hidden, with its own reason, even where it has WebAuthn and PRF', () => {
    expect(
      decidePasskeySupport({ protocol: 'moz-extension:', hasWebAuthn: true, prf: true }),
    ).toEqual({ ok: false, reason: 'firefox' });
  });

  it('no WebAuthn at all: hidden', () => {
    expect(
      decidePasskeySupport({ protocol: 'chrome-extension:', hasWebAuthn: false, prf: undefined }),
    ).toEqual({ ok: false, reason: 'noWebAuthn' });
  });
});
