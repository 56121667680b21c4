import { browser } from 'wxt/browser';
import { TesseraError } from '../core/errors';
import type { RgbaImage } from '../core/scan';
import { topDocumentOf } from './navigation';
import { blobToRgba, dataUrlToBlob } from './scanImage';

/** The tab a scan acts on, as the browser describes it (never as a page or a QR says). */
export interface ScanTab {
  tabId: number;
  windowId: number;
  /** undefined when the browser does not tell (no activeTab grant or host access). */
  url: string | undefined;
  /** Viewport width in CSS px, when known: capture width / this = device pixel ratio. */
  width: number | undefined;
  active: boolean;
}

export interface TabCapture {
  image: RgbaImage;
  /** Device pixels per CSS pixel of the capture, when the tab's width is known. */
  pixelRatio: number | undefined;
  /** The tab's address read right before and right after the capture. */
  urlBefore: string | undefined;
  urlAfter: string | undefined;
  /**
   * The top frame held the same document before and after the capture. A page can leave and
   * come back to the same address (A → B → A) in between; the document tells them apart.
   */
  sameDocument: boolean;
}

/** The tab to scan: the given one, or the active tab of the window the user last used. */
export async function scanTab(tabId?: number): Promise<ScanTab> {
  let tab;
  if (tabId === undefined) {
    [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  } else {
    tab = await browser.tabs.get(tabId).catch(() => undefined);
  }
  if (tab?.id === undefined || tab.windowId === undefined) {
    throw new TesseraError('E_NOT_FOUND', 'That tab is no longer open.');
  }
  return {
    tabId: tab.id,
    windowId: tab.windowId,
    url: tab.url ?? (await topFrameUrl(tab.id)),
    width: tab.width,
    active: tab.active,
  };
}

/**
 * tabs.Tab.url needs the "tabs" permission or access to the page; webNavigation (which
 * autofill already holds) reports the top frame's address either way.
 */
async function topFrameUrl(tabId: number): Promise<string | undefined> {
  try {
    const frame = await browser.webNavigation.getFrame({ tabId, frameId: 0 });
    return frame?.url || undefined;
  } catch {
    return undefined;
  }
}

/** Chromium allows two captures per second per extension (MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND). */
const QUOTA_RETRIES = 3;
const QUOTA_WAIT_MS = 600;

/**
 * The visible part of the tab as RGBA pixels at device resolution. captureVisibleTab captures
 * whatever tab is active in the window, so a tab the user left (the pop-out window acts on the
 * tab it was opened for) is brought to the front first. Under the popup's activeTab grant in
 * production; the e2e build has host access instead, because tests cannot click the toolbar.
 */
export async function captureTab(tab: ScanTab): Promise<TabCapture> {
  if (!tab.active) {
    await browser.tabs.update(tab.tabId, { active: true });
    // Let the newly shown tab paint before it is captured.
    await sleep(150);
  }
  const documentBefore = await topDocumentOf(tab.tabId);
  const dataUrl = await captureWithRetry(tab.windowId);
  const after = await scanTab(tab.tabId).catch(() => null);
  const documentAfter = await topDocumentOf(tab.tabId);
  const image = await blobToRgba(dataUrlToBlob(dataUrl));
  const width = after?.width ?? tab.width;
  return {
    image,
    pixelRatio: width ? image.width / width : undefined,
    urlBefore: tab.url,
    urlAfter: after?.url,
    sameDocument: documentBefore !== null && documentBefore === documentAfter,
  };
}

async function captureWithRetry(windowId: number): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await browser.tabs.captureVisibleTab(windowId, { format: 'png' });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (/MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND/i.test(message) && attempt < QUOTA_RETRIES) {
        await sleep(QUOTA_WAIT_MS);
        continue;
      }
      throw new TesseraError(
        'E_SCAN_FORBIDDEN_PAGE',
        'The browser did not let Tessera capture this page. Save the QR code as an image and use “Choose image”.',
        { reason: message.slice(0, 200) },
      );
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
