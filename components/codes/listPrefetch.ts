import type { Result } from '../../lib/core/errors';
import { sendMessage, type AccountView } from '../../lib/messaging';
import { request } from '../ui/request';

let pending: Promise<Result<AccountView[]>> | null = null;

/**
 * Asks for the account list as the page starts, beside `vault.status`, so that an unlocked
 * popup waits for one round trip to the background instead of two in a row (status, mount,
 * then the list). A locked vault answers E_LOCKED, which nobody sees: the list is then asked
 * for again once the vault is open.
 */
export function prefetchList(): void {
  pending = request(() => sendMessage('vault.list'));
}

/** The answer of `prefetchList`, once; null when there was none or it was not a list. */
export async function takePrefetchedList(): Promise<AccountView[] | null> {
  const answer = pending;
  pending = null;
  const result = answer ? await answer : null;
  return result?.ok ? result.value : null;
}
