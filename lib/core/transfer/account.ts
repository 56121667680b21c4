import { TesseraError, isTesseraError } from '../errors';
import { normalizeAccountName, validateOtpParams } from '../otp';
import type { OtpAlgorithm, OtpParams, OtpType } from '../otp/types';
import { IMPORT_LIMITS } from './limits';
import type { ImportedAccount, ImportProblem } from './types';

/** Shared steps every format parser ends with: defaults, names, validation, problem list. */

const STEAM_DEFAULTS = { algorithm: 'SHA1', digits: 5, period: 30 } as const;

/** Accepts the spellings apps use: SHA1, sha256, SHA-512, HmacSHA1. */
export function parseAlgorithm(value: unknown): OtpAlgorithm {
  if (value === undefined || value === null || value === '') return 'SHA1';
  if (typeof value === 'string') {
    const norm = value.trim().toUpperCase().replace(/^HMAC/, '').replace('-', '');
    if (norm === 'SHA1' || norm === 'SHA256' || norm === 'SHA512') return norm;
  }
  throw new TesseraError('E_ALGORITHM', `The algorithm ${describe(value)} is not supported.`, {
    reason: 'algorithmUnsupported',
    algorithm: describe(value).slice(1, -1),
  });
}

function describe(value: unknown): string {
  const s = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return `"${s.length > 20 ? `${s.slice(0, 20)}…` : s}"`;
}

export interface LooseOtp {
  type: OtpType;
  secret: Uint8Array;
  algorithm?: OtpAlgorithm;
  digits?: number;
  period?: number;
  counter?: number;
}

/**
 * Fills in the defaults of RFC 6238/4226 and Steam. Steam Guard codes are fixed (SHA1, 5
 * characters, 30 s) whatever a file claims, since no other setting would produce the codes
 * Steam accepts.
 */
export function completeOtp(o: LooseOtp): OtpParams {
  // A private copy: decoders hand out views into the whole file (protobuf `bytes` fields are
  // subarrays of the payload), and an account must not keep its neighbours' secrets alive.
  const secret = o.secret.slice();
  if (o.type === 'steam') {
    return { type: 'steam', secret, ...STEAM_DEFAULTS, counter: 0 };
  }
  return {
    type: o.type,
    secret,
    algorithm: o.algorithm ?? 'SHA1',
    digits: o.digits ?? 6,
    period: o.period ?? 30,
    counter: o.type === 'hotp' ? (o.counter ?? 0) : 0,
  };
}

/**
 * "GitHub:alice" in a name field with issuer "GitHub" (or none) is the otpauth label
 * convention leaking into a plain field; split it so issuer and account name stay separate.
 */
export function splitIssuerPrefix(issuer: string, name: string): { issuer: string; label: string } {
  const i = name.indexOf(':');
  if (i > 0) {
    const prefix = name.slice(0, i).trim();
    const rest = name.slice(i + 1).trim();
    if (issuer.trim() === '' && rest !== '') return { issuer: prefix, label: rest };
    if (prefix === issuer.trim()) return { issuer, label: rest };
  }
  return { issuer, label: name };
}

function cleanSites(sites: readonly string[] | undefined): string[] | undefined {
  if (!sites) return undefined;
  const out: string[] = [];
  for (const s of sites) {
    const t = s.trim();
    if (t === '' || t.length > IMPORT_LIMITS.maxSiteLength || out.includes(t)) continue;
    out.push(t);
    if (out.length >= IMPORT_LIMITS.maxSitesPerAccount) break;
  }
  return out.length > 0 ? out : undefined;
}

/** Final checks shared by all formats; throws the first problem as a TesseraError. */
export function makeAccount(a: {
  issuer: string;
  label: string;
  otp: OtpParams;
  sites?: readonly string[];
}): ImportedAccount {
  // The URI module's rules (length, no control or bidi characters, not both empty), so every
  // imported account can be written back out as an otpauth:// link unchanged.
  const { issuer, label } = normalizeAccountName(a.issuer, a.label);
  validateOtpParams(a.otp);
  const sites = cleanSites(a.sites);
  return sites ? { issuer, label, otp: a.otp, sites } : { issuer, label, otp: a.otp };
}

/** How a problem names its entry: "entry 2 (GitHub)", with a short, single-line hint. */
export function entryName(kind: 'entry' | 'line', n: number, hint?: unknown): string {
  const base = `${kind} ${n}`;
  if (typeof hint !== 'string') return base;
  const h = hint.replace(/\s+/g, ' ').trim();
  if (h === '') return base;
  return `${base} (${h.length > 40 ? `${h.slice(0, 40)}…` : h})`;
}

/**
 * Collects accounts and per-entry problems. Only TesseraErrors become problems: anything else
 * is a bug in a parser and must surface, not hide in a list the user may skim.
 */
export class AccountCollector {
  readonly accounts: ImportedAccount[] = [];
  readonly problems: ImportProblem[] = [];

  add(entry: string, build: () => ImportedAccount | null): void {
    try {
      const account = build();
      if (account) this.accounts.push(account);
    } catch (e) {
      if (!isTesseraError(e)) throw e;
      this.problems.push(problemOf(entry, e));
    }
  }
}

/** A problem keeps the error's detail: `detail.reason` lets the UI word it in any language. */
export function problemOf(entry: string, e: TesseraError): ImportProblem {
  return e.detail
    ? { entry, code: e.code, message: e.message, detail: e.detail }
    : { entry, code: e.code, message: e.message };
}

export function requireEntryCount(n: number): void {
  if (n > IMPORT_LIMITS.maxEntries) {
    throw new TesseraError(
      'E_IMPORT_TOO_LARGE',
      `The file lists ${n} entries; at most ${IMPORT_LIMITS.maxEntries} can be imported at once.`,
      { reason: 'tooManyEntries', entries: n, max: IMPORT_LIMITS.maxEntries },
    );
  }
}
