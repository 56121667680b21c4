import type { ErrorCode, WireError } from '../errors';
import type { OtpType } from '../otp/types';

/**
 * What the scan routes (lib/messaging.ts) send and answer. Types only. A preview carries names
 * and types, never a secret: the decoded accounts stay in the background until the user
 * confirms, and "Add" names them by scan id and position (ARCHITECTURE.md, invariant 1).
 */

export type ScanSource = 'tab' | 'area' | 'image';

/** Why a preview binds no site. */
export type ScanNoSiteReason =
  /** An image file has no page: the user may add a site later in Edit. */
  | 'image'
  /** Not https (nor http on a development host), or not a web page: codes must not go there. */
  | 'insecure'
  /** The tab navigated while it was captured, so Tessera cannot tell which site showed the code. */
  | 'changed'
  /** The browser did not tell Tessera the tab's address. */
  | 'unknown';

export interface ScanPreviewAccount {
  issuer: string;
  label: string;
  type: OtpType;
  /** Same secret and type as an account already in the vault: shown, never added twice. */
  inVault: boolean;
}

export interface ScanBatchProgress {
  /** Distinct codes of this Google Authenticator transfer scanned so far, this one included. */
  scanned: number;
  size: number;
  /** 1-based numbers of the codes still to scan. */
  missing: number[];
}

/** `code` and `detail.reason` let the popup word the problem; `message` is English, for logs. */
export interface ScanPreviewProblem {
  entry: string;
  code: ErrorCode;
  message: string;
  detail?: Readonly<Record<string, string | number | boolean>>;
}

export interface ScanPreview {
  scanId: string;
  source: ScanSource;
  /**
   * The origin the accounts will be bound to: the scanned tab's, read by the background from
   * the browser, never from the QR payload (ARCHITECTURE.md, invariant 4).
   */
  site: string | null;
  noSiteReason?: ScanNoSiteReason;
  accounts: ScanPreviewAccount[];
  /** Non-authenticator codes (a Wi-Fi code, a link) that were next to the authenticator code. */
  ignoredOther: number;
  /** Authenticator codes or transfer entries that could not be read, with why. */
  problems: ScanPreviewProblem[];
  /** Present for one code of a multi-code Google Authenticator transfer. */
  batch?: ScanBatchProgress;
  /** ms since epoch; after it "Add" answers E_NOT_FOUND and the code must be scanned again. */
  expiresAt: number;
}

export interface ScanTabRequest {
  /** The tab to scan; the background falls back to the active tab of the focused window. */
  tabId?: number;
}

export interface ScanImageRequest {
  /** The image file's bytes, base64. It goes to the background only, never to a server. */
  content: string;
  fileName: string;
}

export interface ScanAddRequest {
  scanId: string;
  /** Positions in ScanPreview.accounts; accounts already in the vault are skipped. */
  indices: number[];
}

export interface ScanAddResult {
  added: number;
  /** Ids of the new accounts, in the order of the preview. */
  ids: string[];
}

/** The result of a "Select area" whose popup closed while the user dragged (see scan.pending). */
export type ScanOutcome = { ok: true; preview: ScanPreview } | { ok: false; error: WireError };
