import { browser } from 'wxt/browser';

const BATCHES = 'scanBatches';

/**
 * Which codes of a multi-code Google Authenticator transfer were scanned (numbers only, see
 * lib/core/scan/batches.ts). storage.session: memory only, trusted contexts only,
 * and it outlives the service worker between two scans while the popup is closed.
 */
export async function readScanBatches(): Promise<unknown[]> {
  const value = (await browser.storage.session.get(BATCHES))[BATCHES];
  return Array.isArray(value) ? value : [];
}

export async function writeScanBatches(records: readonly unknown[]): Promise<void> {
  await browser.storage.session.set({ [BATCHES]: records });
}
