import { browser } from 'wxt/browser';

const WINDOW_WIDTH = 380;
const WINDOW_HEIGHT = 620;

/**
 * Opens this popup as a small window bound to the current tab. A popup closes as soon as it
 * loses focus, which makes copying into another window awkward; the window stays.
 */
export async function popOut(): Promise<void> {
  // Reading the active tab's id needs no "tabs" permission (only its URL would).
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  // Same URL as browser.runtime.getURL('/popup.html'): this page *is* popup.html. Resolving
  // against it keeps working while getURL's generated path types are not in the tsconfig.
  const url = new URL('popup.html', location.href);
  if (tab?.id !== undefined) url.searchParams.set('tab', String(tab.id));
  await browser.windows.create({
    url: url.href,
    type: 'popup',
    width: WINDOW_WIDTH,
    height: WINDOW_HEIGHT,
  });
  window.close();
}
