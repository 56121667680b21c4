import { TesseraError, isTesseraError, type ErrorCode } from '../errors';
import { parseOtpauthUri } from '../otp';
import type { OtpAccount } from '../otp/types';
import { classifyQr, pickAuthenticatorCodes } from './classify';
import type { DecodedQr } from './types';
import { decodeMigrationUri } from '../transfer';
import { problemOf } from '../transfer/account';

/** One code of a Google Authenticator transfer: 0-based index, count, shared id (0 = none). */
export interface BatchPart {
  id: number;
  index: number;
  size: number;
}

export interface ScanProblem {
  entry: string;
  code: ErrorCode;
  message: string;
  /** The parser's detail; `reason` lets the popup word the problem. */
  detail?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * How the preview names a code next to what could not be read, in the user's language:
 * `null` when the scan holds one authenticator code, else its 1-based number. The caller owns
 * the catalogue, so this stays pure.
 */
export type EntryName = (number: number | null) => string;

export interface ScannedAccounts {
  /** Distinct accounts (by secret and type), in the order the codes read. */
  accounts: OtpAccount[];
  problems: ScanProblem[];
  batchParts: BatchPart[];
  /** Non-authenticator codes ignored because an authenticator code was present. */
  ignoredOther: number;
}

/** More accounts than any page or transfer shows; bounds what a hostile page can make us hold. */
const MAX_ACCOUNTS = 1000;

/**
 * The accounts in the QR codes of one scan: otpauth:// links and otpauth-migration:// transfer
 * codes (expanded into their accounts); other codes are ignored next to an authenticator code
 * and explained when alone. Pure: the caller decodes the image and binds the site.
 *
 * Throws E_SCAN_NO_QR for no code at all, E_SCAN_NOT_AUTHENTICATOR when no code is an
 * authenticator code, and the parser's own error when every authenticator code is unreadable
 * (so the user learns *what* is wrong with the one code on the page).
 */
export function accountsFromCodes(
  codes: readonly DecodedQr[],
  entryName: EntryName,
): ScannedAccounts {
  if (codes.length === 0) {
    throw new TesseraError('E_SCAN_NO_QR', 'No QR code was found.');
  }
  const pick = pickAuthenticatorCodes(codes);
  if (pick.onlyOther) throw notAuthenticator(pick.others);

  const numbered = pick.codes.length > 1;
  const out: ScannedAccounts = {
    accounts: [],
    problems: [],
    batchParts: [],
    ignoredOther: pick.ignoredOther,
  };
  pick.codes.forEach((code, i) => {
    const name = () => entryName(numbered ? i + 1 : null);
    try {
      if (classifyQr(code.text) === 'otpauth') {
        add(out, parseOtpauthUri(code.text).account);
        return;
      }
      const part = decodeMigrationUri(code.text.trim(), `${name()}, `);
      part.accounts.forEach((a) => add(out, a));
      out.problems.push(...part.problems);
      if (part.batch && part.batch.size > 1) out.batchParts.push(part.batch);
    } catch (e) {
      if (!isTesseraError(e)) throw e;
      out.problems.push(problemOf(name(), e));
    }
  });
  if (out.accounts.length === 0) {
    const first = out.problems[0];
    // Only reachable with problems: every authenticator code yields an account or a problem.
    if (first) throw new TesseraError(first.code, first.message, first.detail);
    throw new TesseraError('E_SCAN_NO_QR', 'The transfer code holds no accounts.');
  }
  return out;
}

function add(out: ScannedAccounts, account: OtpAccount): void {
  // The same account twice in one scan (a page showing its code and a transfer code): once.
  if (out.accounts.some((a) => sameSecret(a, account))) return;
  if (out.accounts.length >= MAX_ACCOUNTS) {
    throw new TesseraError(
      'E_IMPORT_TOO_LARGE',
      `A scan can add at most ${MAX_ACCOUNTS} accounts.`,
    );
  }
  out.accounts.push(account);
}

/** The vault's duplicate rule: same secret bytes and same type. */
export function sameSecret(a: OtpAccount, b: OtpAccount): boolean {
  if (a.otp.type !== b.otp.type || a.otp.secret.length !== b.otp.secret.length) return false;
  for (let i = 0; i < a.otp.secret.length; i++) {
    if (a.otp.secret[i] !== b.otp.secret[i]) return false;
  }
  return true;
}

/** "This QR code is not an authenticator setup code", saying what it is when that is clear. */
function notAuthenticator(others: readonly DecodedQr[]): TesseraError {
  const [only] = others;
  const kind = only && others.length === 1 ? kindOfOther(only.text) : null;
  const what = kind ? OTHER_NAMES[kind] : null;
  const message =
    others.length === 1
      ? `This QR code is not an authenticator setup code${what ? `: it is ${what}` : ''}.`
      : `None of these ${others.length} QR codes is an authenticator setup code.`;
  // `what` lets the popup say the same in the user's language (components/scan/scanText.ts).
  return new TesseraError('E_SCAN_NOT_AUTHENTICATOR', message, {
    found: others.length,
    ...(kind ? { what: kind } : {}),
  });
}

type OtherKind = 'wifi' | 'link' | 'contact';

const OTHER_NAMES: Record<OtherKind, string> = {
  wifi: 'a Wi-Fi network code',
  link: 'a web link',
  contact: 'a contact card',
};

function kindOfOther(text: string): OtherKind | null {
  const t = text.trim().toLowerCase();
  if (t.startsWith('wifi:')) return 'wifi';
  if (t.startsWith('http://') || t.startsWith('https://')) return 'link';
  if (t.startsWith('begin:vcard') || t.startsWith('mecard:')) return 'contact';
  return null;
}
