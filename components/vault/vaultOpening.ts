import type { Result } from '../../lib/core/errors';
import {
  sendMessage,
  type AccountView,
  type VaultOpening,
  type VaultStatus,
} from '../../lib/messaging';
import { request } from '../ui/request';

/**
 * Rows asked for with the status as the popup opens: more than the tallest popup shows (a row
 * is at least about 40 px, the toolbar popup at most 600 px), so the first screen is complete
 * while the rest of a long list follows.
 */
export const FIRST_ROWS = 40;

let pending: Promise<Result<VaultOpening>> | null = null;
let statusTaken = false;
let rowsTaken = false;

/**
 * Sends `vault.open` as the page starts, before anything mounts: an unlocked popup then waits
 * for one small round trip to the background (status and first rows together) instead of the
 * status, then a mount, then the whole list with every account's code.
 */
export function prefetchOpening(first = FIRST_ROWS): void {
  pending = request(() => sendMessage('vault.open', { first }));
  statusTaken = false;
  rowsTaken = false;
}

/** The status of the opening answer, once; null when there was none (ask `vault.status`). */
export async function takeOpeningStatus(): Promise<VaultStatus | null> {
  if (!pending || statusTaken) return null;
  statusTaken = true;
  const result = await pending;
  return result.ok ? result.value.status : null;
}

/**
 * The first rows of the opening answer and the list's full length, once; null when there were
 * none (a locked vault, an error, or already taken): then ask `vault.list`.
 */
export async function takeOpeningRows(): Promise<{
  accounts: AccountView[];
  total: number;
} | null> {
  if (!pending || rowsTaken) return null;
  rowsTaken = true;
  const result = await pending;
  if (!result.ok || result.value.accounts === null) return null;
  return { accounts: result.value.accounts, total: result.value.total };
}
