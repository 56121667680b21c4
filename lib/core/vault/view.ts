import { codeAt, timeWindow, hotpCode } from '../otp';
import type { CodeWindows } from '../otp';
import type { OtpAlgorithm, OtpType } from '../otp/types';
import { accountTime } from './timeOffset';
import { hasRecoveryCodes, type RecoveryCode } from './recoveryCodes';
import type { Account } from './types';

/**
 * What the popup may know about an account: never the secret. `code`/`nextCode` are for the
 * window [validFrom, validUntil) and the window after it; HOTP codes stay null until the user
 * asks for the next one (asking advances the counter).
 */
export interface AccountView {
  id: string;
  issuer: string;
  label: string;
  type: OtpType;
  algorithm: OtpAlgorithm;
  digits: number;
  period: number;
  counter: number;
  sites: string[];
  pinned: boolean;
  /** Autofill on any host of each site's registrable domain (off by default). */
  subdomains: boolean;
  /** Autofill when a code field is focused and this is the only match (off by default). */
  autoFill: boolean;
  tags: string[];
  /** The user's icon choice: null = automatic, '' = none, else an icon key. */
  icon: string | null;
  /** Seconds added to this computer's clock for this account's codes; 0 for none. */
  timeOffset: number;
  /** Only whether the account keeps recovery codes: never the codes or the notes themselves. */
  hasRecoveryCodes: boolean;
  code: string | null;
  nextCode: string | null;
  validFrom: number;
  validUntil: number;
  /**
   * Another account has the same issuer and name but a different secret (see conflicts.ts);
   * absent otherwise.
   */
  secretConflict?: true;
}

export function toView(
  account: Account,
  now: number,
  hotpRevealed?: string,
  secretConflict = false,
  /** Where time-based codes come from: a memo (CodeMemo) when listing every account. */
  code: (p: Account['otp'], atMs: number) => string = codeAt,
): AccountView {
  const base = {
    ...(secretConflict ? { secretConflict: true as const } : {}),
    id: account.id,
    issuer: account.issuer,
    label: account.label,
    type: account.otp.type,
    algorithm: account.otp.algorithm,
    digits: account.otp.digits,
    period: account.otp.period,
    counter: account.otp.counter,
    sites: [...account.sites],
    pinned: account.pinned,
    subdomains: account.subdomains === true,
    autoFill: account.autoFill === true,
    tags: [...(account.tags ?? [])],
    icon: account.icon ?? null,
    timeOffset: account.timeOffset ?? 0,
    hasRecoveryCodes: hasRecoveryCodes(account),
  };
  if (account.otp.type === 'hotp') {
    return {
      ...base,
      code: hotpRevealed ?? null,
      nextCode: null,
      validFrom: now,
      validUntil: Infinity,
    };
  }
  // Codes are for the account's time; the window is given back in this computer's time, which
  // is what the popup counts down against.
  const at = accountTime(now, account.timeOffset);
  const shift = at - now;
  const { validFrom, validUntil } = timeWindow(account.otp, at);
  return {
    ...base,
    code: code(account.otp, at),
    nextCode: code(account.otp, validUntil),
    validFrom: validFrom - shift,
    validUntil: validUntil - shift,
  };
}

/** What "Code not accepted?" shows: codes, never the secret. */
export interface CodeHelp {
  windows: CodeWindows;
  /** Ids of accounts with this one's issuer and name but another secret. */
  sameNameDifferentSecret: string[];
}

/** Pinned first, then the user's order; ties (possible after merges) fall back to the id. */
export function compareAccounts(a: Account, b: Account): number {
  if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
  if (a.order !== b.order) return a.order - b.order;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export { hotpCode };

/** What only the Edit dialog (an extension page) may read: the codes and the notes. */
export interface AccountDetails {
  id: string;
  recoveryCodes: RecoveryCode[];
  notes: string;
}

export function toDetails(account: Account): AccountDetails {
  return {
    id: account.id,
    recoveryCodes: (account.recoveryCodes ?? []).map((c) => ({ ...c })),
    notes: account.notes ?? '',
  };
}
