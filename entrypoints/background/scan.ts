import { i18n } from '#i18n';
import { TesseraError, isTesseraError, toWireError } from '../../lib/core/errors';
import type { OtpAccount } from '../../lib/core/otp/types';
import { cropRegion, findQrCodes, type DecodedQr, type RgbaImage } from '../../lib/core/scan';
import {
  badRequest as bad,
  object,
  optionalObject,
  optionalTabId,
} from '../../lib/core/messaging/validate';
import { PendingImports } from '../../lib/core/transfer/pending';
import type { VaultService } from '../../lib/core/vault/service';
import type { RouteName } from '../../lib/messaging';
import { cancelAreaInTab, pickAreaInTab, type AreaPick } from '../../lib/platform/scanArea';
import { topDocumentOf } from '../../lib/platform/navigation';
import { captureTab, scanTab } from '../../lib/platform/scanCapture';
import { MAX_IMAGE_SIDE, base64ToBlob, blobToRgba } from '../../lib/platform/scanImage';
import type { ScanOutcome, ScanPreview, ScanSource } from '../../lib/core/scan/protocol';
import { readScanBatches, writeScanBatches } from '../../lib/platform/scanSession';
import type { CallContext, RouteDef } from './router';
import { accountsFromCodes, sameSecret, type EntryName } from '../../lib/core/scan/accounts';
import { isValidRecord, recordBatchParts } from '../../lib/core/scan/batches';
import {
  forbiddenPageError,
  isForbiddenPage,
  isPdfViewer,
  siteOfScannedTab,
  type ScanSite,
} from '../../lib/core/scan/target';

export interface ScanServices {
  vault: VaultService;
}

type ScanRoute = Extract<RouteName, `scan.${string}`>;
export type ScanRouteTable = { [K in ScanRoute]: RouteDef<K> };

const EXT = ['extension'] as const;

/** Image files larger than this are not QR code screenshots. */
const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/** A dragged rectangle rarely frames the quiet zone exactly: take a little more around it. */
const AREA_MARGIN_CSS_PX = 8;
/** How long an unseen "Select area" result waits for the popup to open again. */
const PENDING_AREA_MS = 10 * 60_000;

interface PendingScan {
  accounts: OtpAccount[];
  site: string | null;
}

/**
 * Decoded accounts between the preview and "Add", in this service worker's memory only: they
 * hold secrets in the clear, so they are never stored and never sent to the popup.
 */
const scans = new PendingImports<PendingScan>(10 * 60_000, 8);

/** The last "Select area" result, for a popup that closed while the user dragged. */
let pendingArea: { outcome: ScanOutcome; at: number } | null = null;

async function requireUnlocked(vault: VaultService): Promise<void> {
  if ((await vault.state()) === 'unlocked') return;
  // Locking means nothing readable stays behind; scanned secrets are no exception.
  scans.clear();
  pendingArea = null;
  throw new TesseraError('E_LOCKED', 'Tessera is locked. Unlock it first.');
}

/** Shown in the preview next to what could not be read, so in the user's language. */
const entryName: EntryName = (n) =>
  n === null ? i18n.t('scan.entryOne') : i18n.t('scan.entryNumbered', [String(n)]);

function areaPageChanged(): TesseraError {
  return new TesseraError(
    'E_PAGE_CHANGED',
    'The page changed since you chose "Select area". Check the address and try again.',
  );
}

function noQr(where: string, canSelectArea: boolean): TesseraError {
  return new TesseraError('E_SCAN_NO_QR', `No QR code was found ${where}.`, { canSelectArea });
}

export function scanRoutes({ vault }: ScanServices): ScanRouteTable {
  /** Decoded codes → the preview the popup shows; the accounts wait here for "Add". */
  async function preview(
    source: ScanSource,
    codes: DecodedQr[],
    where: ScanSite,
  ): Promise<ScanPreview> {
    const scanned = accountsFromCodes(codes, entryName);
    const existing = vault.accountsSnapshot();
    let batch: ScanPreview['batch'];
    if (scanned.batchParts.length > 0) {
      const stored = (await readScanBatches()).filter(isValidRecord);
      const { records, progress } = recordBatchParts(stored, scanned.batchParts, Date.now());
      await writeScanBatches(records);
      batch = progress;
    }
    const { id, expiresAt } = scans.put({ accounts: scanned.accounts, site: where.site });
    return {
      scanId: id,
      source,
      site: where.site,
      ...(where.noSiteReason ? { noSiteReason: where.noSiteReason } : {}),
      accounts: scanned.accounts.map((a) => ({
        issuer: a.issuer,
        label: a.label,
        type: a.otp.type,
        inVault: existing.some((e) => sameSecret(e, a)),
      })),
      ignoredOther: scanned.ignoredOther,
      problems: scanned.problems.map(({ entry, code, message, detail }) =>
        detail ? { entry, code, message, detail } : { entry, code, message },
      ),
      ...(batch ? { batch } : {}),
      expiresAt,
    };
  }

  async function scanArea(tabId: number | undefined): Promise<ScanPreview> {
    const tab = await scanTab(tabId);
    if (isForbiddenPage(tab.url) || isPdfViewer(tab.url)) throw forbiddenPageError();
    // The page the user drags on; the capture must still show it (see below).
    const picked = await topDocumentOf(tab.tabId);
    let pick: AreaPick | null;
    try {
      pick = await pickAreaInTab(tab.tabId);
    } catch {
      // The overlay went away with the page it was on: say that, not "forbidden".
      if ((await topDocumentOf(tab.tabId)) !== picked) throw areaPageChanged();
      throw forbiddenPageError();
    }
    if ((await topDocumentOf(tab.tabId)) !== picked) throw areaPageChanged();
    if (!pick) {
      throw new TesseraError('E_SCAN_NO_QR', 'No area was selected.', { cancelled: true });
    }
    const capture = await captureTab(await scanTab(tab.tabId));
    // The rectangle was drawn on one page; if the tab shows another one now (a link, or the
    // page that opened this window navigating it), that rectangle means nothing there.
    if (picked === null || !capture.sameDocument || (await topDocumentOf(tab.tabId)) !== picked) {
      throw areaPageChanged();
    }
    // The overlay measured CSS px of the viewport; the capture is in device px (zoom included).
    const scale = capture.image.width / pick.viewportWidth;
    const m = AREA_MARGIN_CSS_PX;
    let region: RgbaImage;
    try {
      region = cropRegion(capture.image, {
        x: (pick.x - m) * scale,
        y: (pick.y - m) * scale,
        width: (pick.width + 2 * m) * scale,
        height: (pick.height + 2 * m) * scale,
      });
    } catch {
      throw noQr('in the selected area', true);
    }
    // Full resolution and the whole-image fallback: the user said the code is right here.
    const codes = findQrCodes(region, { pixelRatio: scale, wholeImageFallback: true });
    if (codes.length === 0) throw noQr('in the selected area', true);
    return preview(
      'area',
      codes,
      siteOfScannedTab(capture.urlBefore, capture.urlAfter, capture.sameDocument),
    );
  }

  /**
   * The toolbar popup closes as soon as the user clicks into the page to drag, so the result
   * also waits in `pendingArea`, and the popup is opened again where the browser allows it.
   */
  async function keepForReopenedPopup(outcome: ScanOutcome, ctx: CallContext): Promise<void> {
    pendingArea = { outcome, at: Date.now() };
    // A pop-out window (a tab) stays open; only the toolbar popup (no sender.tab) goes away.
    if (ctx.sender.tab !== undefined || typeof chrome === 'undefined') return;
    try {
      const open = await chrome.runtime.getContexts({
        contextTypes: [chrome.runtime.ContextType.POPUP],
      });
      if (open.length === 0) await chrome.action.openPopup();
    } catch {
      // Not allowed here (no focused window, older browser): the next popup picks it up.
    }
  }

  return {
    'scan.tab': {
      allow: EXT,
      handle: async (data) => {
        const tabId = optionalTabId(optionalObject(data).tabId);
        await requireUnlocked(vault);
        const tab = await scanTab(tabId);
        if (isForbiddenPage(tab.url)) throw forbiddenPageError();
        const capture = await captureTab(tab);
        const codes = findQrCodes(capture.image, {
          ...(capture.pixelRatio ? { pixelRatio: capture.pixelRatio } : {}),
        });
        if (codes.length === 0) throw noQr('on this page', !isPdfViewer(tab.url));
        return preview(
          'tab',
          codes,
          siteOfScannedTab(capture.urlBefore, capture.urlAfter, capture.sameDocument),
        );
      },
    },
    'scan.area': {
      allow: EXT,
      handle: async (data, ctx) => {
        const tabId = optionalTabId(optionalObject(data).tabId);
        await requireUnlocked(vault);
        pendingArea = null;
        try {
          const result = await scanArea(tabId);
          await keepForReopenedPopup({ ok: true, preview: result }, ctx);
          return result;
        } catch (e) {
          const cancelled = isTesseraError(e) && e.detail?.cancelled === true;
          if (!cancelled) await keepForReopenedPopup({ ok: false, error: toWireError(e) }, ctx);
          throw e;
        }
      },
    },
    'scan.cancelArea': {
      allow: EXT,
      handle: async (data) => {
        const tab = await scanTab(optionalTabId(optionalObject(data).tabId));
        await cancelAreaInTab(tab.tabId);
        return null;
      },
    },
    'scan.pending': {
      allow: EXT,
      handle: async () => {
        await requireUnlocked(vault);
        const taken = pendingArea;
        pendingArea = null;
        if (!taken || Date.now() - taken.at > PENDING_AREA_MS) return null;
        return taken.outcome;
      },
    },
    'scan.image': {
      allow: EXT,
      handle: async (data) => {
        const d = object(data);
        const max = Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 4;
        if (typeof d.content !== 'string' || d.content.length > max) {
          throw new TesseraError(
            'E_IMPORT_TOO_LARGE',
            'That image is too large to scan (over 20 MB).',
          );
        }
        await requireUnlocked(vault);
        const image = await blobToRgba(base64ToBlob(d.content), MAX_IMAGE_SIDE);
        const codes = findQrCodes(image, { wholeImageFallback: true });
        if (codes.length === 0) throw noQr('in this image', false);
        // An image has no page: nothing is bound (the user may add a site in Edit).
        return preview('image', codes, { site: null, noSiteReason: 'image' });
      },
    },
    'scan.add': {
      allow: EXT,
      handle: async (data) => {
        const d = object(data);
        if (typeof d.scanId !== 'string' || d.scanId.length > 64)
          throw bad('The scan id is missing.');
        if (!Array.isArray(d.indices) || d.indices.length > 1000) {
          throw bad('Expected a list of accounts to add.');
        }
        await requireUnlocked(vault);
        let item: PendingScan;
        try {
          item = scans.get(d.scanId);
        } catch {
          throw new TesseraError('E_NOT_FOUND', 'This scan has expired. Scan the QR code again.');
        }
        const chosen = new Set<number>();
        for (const i of d.indices) {
          if (!Number.isInteger(i) || i < 0 || i >= item.accounts.length) {
            throw bad('An account to add is not in the scan.');
          }
          chosen.add(i as number);
        }
        const accounts = [...chosen].sort((a, b) => a - b).map((i) => item.accounts[i]!);
        const { ids } = await vault.addScanned(accounts, item.site);
        scans.delete(d.scanId);
        return { added: ids.length, ids };
      },
    },
    'scan.discard': {
      allow: EXT,
      handle: async (data) => {
        const id = object(data).scanId;
        if (typeof id === 'string') scans.delete(id);
        return null;
      },
    },
  };
}
