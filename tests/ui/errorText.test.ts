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

  it('shows a generic translated sentence for a code from a newer background', () => {
    // The background's message is developer English; it must not reach a translated popup.
    expect(errorText({ code: 'E_FROM_THE_FUTURE' as ErrorCode, message: 'Newer words.' })).toBe(
      'Something went wrong inside Tessera. Try again.',
    );
  });

  it('says what the organisation policy refuses', () => {
    expect(errorText({ code: 'E_POLICY', message: 'x' })).toBe(
      'Your organisation does not allow this.',
    );
  });
});

describe('errorText for E_FIELD_INVALID', () => {
  it('names the field problem from the reason, with the value the user typed', () => {
    expect(
      errorText({
        code: 'E_FIELD_INVALID',
        message: 'dev text',
        detail: { reason: 'siteNotHttps', site: 'http://github.com' },
      }),
    ).toBe('"http://github.com" must be an https:// site.');
    expect(
      errorText({
        code: 'E_FIELD_INVALID',
        message: 'dev text',
        detail: { reason: 'siteNotWebAddress', site: 'not a url' },
      }),
    ).toBe('"not a url" is not a web address.');
    expect(
      errorText({ code: 'E_FIELD_INVALID', message: 'x', detail: { reason: 'nameMissing' } }),
    ).toBe('Give the account an issuer or a name.');
    expect(
      errorText({
        code: 'E_FIELD_INVALID',
        message: 'x',
        detail: { reason: 'tooManySites', max: 20 },
      }),
    ).toBe('An account can have at most 20 sites.');
  });

  it('falls back to the generic sentence, never the background message', () => {
    const generic = 'One of the fields has a value that isn’t allowed.';
    expect(errorText({ code: 'E_FIELD_INVALID', message: 'English from the background.' })).toBe(
      generic,
    );
    expect(
      errorText({ code: 'E_FIELD_INVALID', message: 'x', detail: { reason: 'fromTheFuture' } }),
    ).toBe(generic);
    // A reason whose value is missing cannot fill its sentence.
    expect(
      errorText({ code: 'E_FIELD_INVALID', message: 'x', detail: { reason: 'siteNotHttps' } }),
    ).toBe(generic);
  });

  it('gives every reason the core can throw its own sentence', async () => {
    const { normalizeSite } = await import('../../lib/core/vault/sites');
    const { toWireError } = await import('../../lib/core/errors');
    const generic = errorText({ code: 'E_FIELD_INVALID', message: '' });
    for (const input of [
      '',
      'not a url',
      'https://u:p@a.example',
      'http://a.example',
      'https://a',
    ]) {
      let text = '';
      try {
        normalizeSite(input);
      } catch (e) {
        text = errorText(toWireError(e));
      }
      expect(text, input).not.toBe('');
      expect(text, input).not.toBe(generic);
    }
  });
});

describe('errorText for a fill from the popup', () => {
  it('explains why the page cannot be filled', () => {
    expect(errorText({ code: 'E_NOT_FOUND', message: 'x', detail: { reason: 'noField' } })).toBe(
      'This page has no code field Tessera may fill.',
    );
    expect(
      errorText({
        code: 'E_FORBIDDEN',
        message: 'x',
        detail: { reason: 'boundElsewhere', name: 'GitHub' },
      }),
    ).toBe('GitHub is bound to other sites. Add this one under Edit.');
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

describe('policy refusals', () => {
  it('say what the organisation requires, with its number', () => {
    expect(
      errorText({
        code: 'E_POLICY',
        message: 'x',
        detail: { reason: 'passphraseTooShort', min: 12 },
      }),
    ).toBe('Your organisation requires a passphrase of at least 12 characters.');
    expect(
      errorText({ code: 'E_POLICY', message: 'x', detail: { reason: 'autoLockTooLong', max: 1 } }),
    ).toBe('Your organisation requires Tessera to lock after at most 1 minute of inactivity.');
    expect(
      errorText({ code: 'E_POLICY', message: 'x', detail: { reason: 'plainTextExport' } }),
    ).toBe('Your organisation allows only the encrypted Tessera file as an export.');
  });

  it('fall back to the general sentence without a known reason', () => {
    expect(errorText({ code: 'E_POLICY', message: 'x' })).toBe(
      'Your organisation does not allow this.',
    );
  });
});
