import { browser } from 'wxt/browser';
import { encodeBase64 } from '../core/otp';
import { normalizeKitAutoSave, type KitAutoSaveState } from '../core/kit/autoSave';
import { readProtected, writeProtected } from './protectedSettings';

/** With the protected settings: a page that could write it could make Tessera save files. */
const NAME = 'kitAutoSave';

export async function readKitAutoSave(): Promise<KitAutoSaveState> {
  return normalizeKitAutoSave(await readProtected(NAME));
}

export async function writeKitAutoSave(state: KitAutoSaveState): Promise<void> {
  await writeProtected(NAME, state);
}

/** The optional permission the setting rests on; the user can take it back at any time. */
export const DOWNLOADS = { permissions: ['downloads' as const] };

export async function hasDownloads(): Promise<boolean> {
  try {
    return await browser.permissions.contains(DOWNLOADS);
  } catch {
    return false;
  }
}

/**
 * Saves `html` under the Downloads folder, replacing the file a previous save left there.
 * Chromium's service worker has no URL.createObjectURL, so it gets a data: URL; Firefox's
 * background page has it, and a blob: URL spares it a copy of the kit as base64.
 */
export async function saveToDownloads(path: string, html: string): Promise<void> {
  const canBlob = typeof URL.createObjectURL === 'function';
  const url = canBlob
    ? URL.createObjectURL(new Blob([html], { type: 'text/html' }))
    : `data:text/html;charset=utf-8;base64,${encodeBase64(new TextEncoder().encode(html))}`;
  try {
    await browser.downloads.download({
      url,
      filename: path,
      conflictAction: 'overwrite',
      saveAs: false,
    });
  } finally {
    // The download has its own copy once it started; a minute is plenty for it to begin.
    if (canBlob) setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
