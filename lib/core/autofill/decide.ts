import { TesseraError } from '../errors';
import type { OtpType } from '../otp/types';
import { normalizeSite } from '../vault/sites';
import { accountsBoundTo, isBoundTo, type BindableAccount } from './match';
import type { AutofillChoice, AutofillQuery, AutofillTabState, AutofillTrigger } from './protocol';
import { isSuggestedOrigin } from './suggestions';

/**
 * Which account's code goes where: the fill decisions of the autofill routes, pure (accounts
 * and the browser-set origin in, a decision out), so that every rule is tested in Node. The
 * background only adds the browser: frames, the registry, the vault, the clipboard.
 */

/** What the decisions read of an account; the vault's Account satisfies it. */
export interface FillAccount extends BindableAccount {
  issuer: string;
  label: string;
  autoFill?: boolean;
  otp: { type: OtpType };
}

export const TRIGGERS: readonly AutofillTrigger[] = ['button', 'focus', 'command', 'menu'];

/** How the inline picker and the popup name an account: "Issuer (label)", or whichever is set. */
export function choice(a: Pick<FillAccount, 'id' | 'issuer' | 'label'>): AutofillChoice {
  const name = a.issuer && a.label ? `${a.issuer} (${a.label})` : a.issuer || a.label;
  return { id: a.id, name };
}

/** HOTP would spend a counter on every focus, so "fill on focus" is for time-based codes only. */
export function mayAutoFill(a: FillAccount | undefined): boolean {
  return a !== undefined && a.autoFill === true && a.otp.type !== 'hotp';
}

/** The one bound account fills on focus only when it is the only one and wants to. */
export function autoFillsOnFocus(bound: readonly FillAccount[]): boolean {
  return bound.length === 1 && mayAutoFill(bound[0]);
}

/**
 * The account whose code a request asked for among those bound to the frame: the one it named,
 * or, when it named none, the only bound one. Undefined when the user must choose, or when the
 * named account is not bound here.
 */
export function accountToFill<T extends FillAccount>(
  bound: readonly T[],
  accountId: string | undefined,
): T | undefined {
  if (accountId !== undefined) return bound.find((a) => a.id === accountId);
  return bound.length === 1 ? bound[0] : undefined;
}

/** An unlocked vault's answer to "can Tessera fill here?" for the frame at `origin`. */
export function queryAnswer(
  accounts: readonly FillAccount[],
  origin: string,
  inlineButton: boolean,
): AutofillQuery {
  const bound = accountsBoundTo(accounts, origin);
  return {
    state: 'unlocked',
    accounts: bound.map(choice),
    autoFill: autoFillsOnFocus(bound),
    inlineButton,
  };
}

export type FillDecision<T> =
  { kind: 'fill'; account: T } | { kind: 'choose'; accounts: AutofillChoice[] };

function forbidden(message: string): TesseraError {
  return new TesseraError('E_FORBIDDEN', message);
}

/**
 * A content script's fill request: the account to fill, or the list to choose from. Refused
 * when nothing is bound to the frame's origin, when a focus arrives for a site that does not
 * fill on focus, or when the named account is not bound here.
 */
export function decideFill<T extends FillAccount>(
  accounts: readonly T[],
  origin: string,
  request: { accountId: string | undefined; trigger: AutofillTrigger },
): FillDecision<T> {
  const bound = accountsBoundTo(accounts, origin);
  if (bound.length === 0) throw forbidden('No account in Tessera is bound to this site.');
  if (request.trigger === 'focus' && !autoFillsOnFocus(bound)) {
    throw forbidden('Automatic fill is not turned on for this site.');
  }
  const account = accountToFill(bound, request.accountId);
  if (request.accountId !== undefined && !account) {
    throw forbidden('That account is not bound to this site.');
  }
  return account ? { kind: 'fill', account } : { kind: 'choose', accounts: bound.map(choice) };
}

/**
 * A fill after unlocking, for the frame whose button the user clicked: the account it named or
 * the only bound one; undefined (nothing filled) otherwise. No error: the page is not waiting.
 */
export function resumeAccount<T extends FillAccount>(
  accounts: readonly T[],
  origin: string,
  accountId: string | undefined,
): T | undefined {
  return accountToFill(accountsBoundTo(accounts, origin), accountId);
}

/** Whether a site may be bound at all: https, or http on a development host (sites.ts). */
export function isBindable(origin: string): boolean {
  try {
    normalizeSite(origin);
    return true;
  } catch {
    return false;
  }
}

/** The popup's answer for a tab with no frame that may receive a code. */
export function noFieldState(tabId: number): AutofillTabState {
  return {
    tabId,
    hasField: false,
    origin: null,
    frame: null,
    boundIds: [],
    suggestedIds: [],
    unboundIds: [],
  };
}

/**
 * The popup's lists for a frame at `origin`: accounts bound to it; and, only where a binding is
 * allowed at all, the accounts with no site ("Remember this site" asks first), those whose
 * issuer usually signs in there suggested.
 */
export function tabLists(
  accounts: readonly FillAccount[],
  origin: string,
): Pick<AutofillTabState, 'boundIds' | 'suggestedIds' | 'unboundIds'> {
  const unbound = isBindable(origin) ? accounts.filter((a) => a.sites.length === 0) : [];
  return {
    boundIds: accountsBoundTo(accounts, origin).map((a) => a.id),
    suggestedIds: unbound.filter((a) => isSuggestedOrigin(a.issuer, origin)).map((a) => a.id),
    unboundIds: unbound.map((a) => a.id),
  };
}

/**
 * Whether a fill from the popup may go to `origin`: 'bound' when the account is bound there;
 * 'remember' when the user confirmed binding this first site to an account with none. An
 * account already bound elsewhere is never offered to another site, however similar it looks;
 * an unbound one needs the user's confirmation first. The errors carry a reason (and the name
 * or origin) so the popup can say this in the user's language.
 */
export function tabFillBinding(
  account: FillAccount,
  origin: string,
  remember: boolean,
): 'bound' | 'remember' {
  if (isBoundTo(account, origin)) return 'bound';
  if (account.sites.length > 0) {
    const { name } = choice(account);
    throw new TesseraError(
      'E_FORBIDDEN',
      `${name} is bound to other sites. Add this one under Edit.`,
      {
        reason: 'boundElsewhere',
        name,
      },
    );
  }
  if (!remember) {
    throw new TesseraError('E_FORBIDDEN', 'Confirm this site first.', {
      reason: 'remember',
      origin,
    });
  }
  return 'remember';
}
