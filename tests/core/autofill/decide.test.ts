import { describe, expect, it } from 'vitest';
import {
  accountToFill,
  choice,
  decideFill,
  isBindable,
  mayAutoFill,
  noFieldState,
  queryAnswer,
  resumeAccount,
  tabFillBinding,
  tabLists,
  TRIGGERS,
  type FillAccount,
} from '../../../lib/core/autofill/decide';
import { isTesseraError } from '../../../lib/core/errors';

function account(id: string, sites: string[], extra: Partial<FillAccount> = {}): FillAccount {
  return { id, issuer: 'GitHub', label: id, sites, otp: { type: 'totp' }, ...extra };
}

const GH = 'https://github.com';
const alice = account('alice', [GH]);
const bob = account('bob', [GH]);
const auto = account('auto', [GH], { autoFill: true });
const elsewhere = account('else', ['https://gitlab.com'], { issuer: 'GitLab' });
const unbound = account('free', []);
const unboundOther = account('free-other', [], { issuer: 'Example' });

/** The error a decision throws: its code and detail, for asserting the refusal. */
function refusal(f: () => unknown): { code: string; message: string; detail?: unknown } {
  try {
    f();
  } catch (e) {
    if (!isTesseraError(e)) throw e;
    return { code: e.code, message: e.message, ...(e.detail ? { detail: e.detail } : {}) };
  }
  throw new Error('expected a refusal');
}

describe('choice', () => {
  it('names an account "Issuer (label)", or whichever of the two is set', () => {
    expect(choice({ id: 'a', issuer: 'GitHub', label: 'alice' })).toEqual({
      id: 'a',
      name: 'GitHub (alice)',
    });
    expect(choice({ id: 'a', issuer: '', label: 'alice' }).name).toBe('alice');
    expect(choice({ id: 'a', issuer: 'GitHub', label: '' }).name).toBe('GitHub');
  });
});

describe('mayAutoFill', () => {
  it('is for accounts that chose it, and never for HOTP (a focus would spend a counter)', () => {
    expect(mayAutoFill(auto)).toBe(true);
    expect(mayAutoFill(alice)).toBe(false);
    expect(mayAutoFill({ ...auto, otp: { type: 'hotp' } })).toBe(false);
    expect(mayAutoFill({ ...auto, otp: { type: 'steam' } })).toBe(true);
    expect(mayAutoFill(undefined)).toBe(false);
  });
});

describe('accountToFill (the one account choice of fill and resume)', () => {
  it('takes the named account when it is among the bound ones', () => {
    expect(accountToFill([alice, bob], 'bob')).toBe(bob);
    expect(accountToFill([alice, bob], 'nobody')).toBeUndefined();
  });

  it('takes the only bound account when none is named, and none when there are several', () => {
    expect(accountToFill([alice], undefined)).toBe(alice);
    expect(accountToFill([alice, bob], undefined)).toBeUndefined();
    expect(accountToFill([], undefined)).toBeUndefined();
  });
});

describe('queryAnswer', () => {
  it('lists the accounts bound to the origin, and fills on focus only for one that chose it', () => {
    expect(queryAnswer([alice, elsewhere], GH, true)).toEqual({
      state: 'unlocked',
      accounts: [{ id: 'alice', name: 'GitHub (alice)' }],
      autoFill: false,
      inlineButton: true,
    });
    expect(queryAnswer([auto, elsewhere], GH, false).autoFill).toBe(true);
    // Two bound accounts: the user must choose, so nothing fills by itself.
    expect(queryAnswer([auto, alice], GH, true).autoFill).toBe(false);
    expect(queryAnswer([auto], 'https://gist.github.com', true)).toMatchObject({
      accounts: [],
      autoFill: false,
    });
  });
});

describe('decideFill', () => {
  const button = { accountId: undefined, trigger: 'button' as const };

  it('fills the only bound account, and offers the choice when there are several', () => {
    expect(decideFill([alice, elsewhere], GH, button)).toEqual({ kind: 'fill', account: alice });
    expect(decideFill([alice, bob], GH, button)).toEqual({
      kind: 'choose',
      accounts: [choice(alice), choice(bob)],
    });
    expect(decideFill([alice, bob], GH, { accountId: 'bob', trigger: 'menu' })).toEqual({
      kind: 'fill',
      account: bob,
    });
  });

  it('refuses a site nothing is bound to', () => {
    expect(refusal(() => decideFill([elsewhere, unbound], GH, button))).toMatchObject({
      code: 'E_FORBIDDEN',
      message: 'No account in Tessera is bound to this site.',
    });
    // Plain http never receives the code of an https site.
    expect(refusal(() => decideFill([alice], 'http://github.com', button)).code).toBe(
      'E_FORBIDDEN',
    );
  });

  it('refuses an account that is not bound to the frame, even when it exists', () => {
    expect(
      refusal(() => decideFill([alice, elsewhere], GH, { accountId: 'else', trigger: 'button' })),
    ).toMatchObject({ code: 'E_FORBIDDEN', message: 'That account is not bound to this site.' });
  });

  it('fills on focus only for the one bound account that chose it', () => {
    const focus = { accountId: undefined, trigger: 'focus' as const };
    expect(decideFill([auto], GH, focus)).toEqual({ kind: 'fill', account: auto });
    for (const accounts of [
      [alice],
      [auto, alice],
      [{ ...auto, otp: { type: 'hotp' as const } }],
    ]) {
      expect(refusal(() => decideFill(accounts, GH, focus))).toMatchObject({
        code: 'E_FORBIDDEN',
        message: 'Automatic fill is not turned on for this site.',
      });
    }
  });

  it('knows every trigger the content script sends', () => {
    expect([...TRIGGERS].sort()).toEqual(['button', 'command', 'focus', 'menu']);
  });
});

describe('resumeAccount', () => {
  it('picks as a fill does, and answers nothing instead of refusing', () => {
    expect(resumeAccount([alice, elsewhere], GH, undefined)).toBe(alice);
    expect(resumeAccount([alice, bob], GH, undefined)).toBeUndefined();
    expect(resumeAccount([alice, bob], GH, 'bob')).toBe(bob);
    expect(resumeAccount([alice, elsewhere], GH, 'else')).toBeUndefined();
    expect(resumeAccount([alice], 'https://evil.test', undefined)).toBeUndefined();
  });
});

describe('the popup tab state', () => {
  it('says there is no field with empty lists', () => {
    expect(noFieldState(7)).toEqual({
      tabId: 7,
      hasField: false,
      origin: null,
      frame: null,
      boundIds: [],
      suggestedIds: [],
      unboundIds: [],
    });
  });

  it('lists bound accounts, and unbound ones (suggested first by issuer) where binding is allowed', () => {
    const all = [alice, elsewhere, unbound, unboundOther];
    expect(tabLists(all, GH)).toEqual({
      boundIds: ['alice'],
      suggestedIds: ['free'],
      unboundIds: ['free', 'free-other'],
    });
  });

  it('offers no site to remember where a binding is not allowed', () => {
    expect(isBindable('http://github.com')).toBe(false);
    expect(isBindable(GH)).toBe(true);
    expect(tabLists([alice, unbound], 'http://github.com')).toEqual({
      boundIds: [],
      suggestedIds: [],
      unboundIds: [],
    });
  });
});

describe('tabFillBinding', () => {
  it('fills a bound account as it is', () => {
    expect(tabFillBinding(alice, GH, false)).toBe('bound');
  });

  it('never offers an account bound elsewhere to another site', () => {
    expect(refusal(() => tabFillBinding(elsewhere, GH, true))).toEqual({
      code: 'E_FORBIDDEN',
      message: 'GitLab (else) is bound to other sites. Add this one under Edit.',
      detail: { reason: 'boundElsewhere', name: 'GitLab (else)' },
    });
  });

  it('binds an unbound account only after the user confirmed the site', () => {
    expect(refusal(() => tabFillBinding(unbound, GH, false))).toEqual({
      code: 'E_FORBIDDEN',
      message: 'Confirm this site first.',
      detail: { reason: 'remember', origin: GH },
    });
    expect(tabFillBinding(unbound, GH, true)).toBe('remember');
  });
});
