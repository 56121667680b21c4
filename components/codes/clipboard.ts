import { sendMessage } from '../../lib/messaging';
import { request } from '../ui/request';

/** Copies a code (without the grouping space) and arranges for it to be wiped. */
export async function copyCode(code: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(code);
  } catch {
    return false;
  }
  await requestClipboardClear(code);
  return true;
}

/**
 * The popup closes as soon as the user clicks into the page, so the 30 s wipe is the
 * background's job: it checks the clipboard still holds this code before emptying it, so
 * whatever the user copied since is left alone.
 */
async function requestClipboardClear(code: string): Promise<void> {
  await request(() => sendMessage('clipboard.scheduleClear', { code }));
}
