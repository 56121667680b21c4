import type { Result, WireError } from '../../lib/core/errors';
import type { OtpWarning } from '../../lib/core/otp/types';
import {
  sendMessage,
  type AccountDetails,
  type AccountInput,
  type AccountPatch,
  type AccountView,
} from '../../lib/messaging';
import { request } from '../ui/request';
import { earliestExpiry } from './codeWindow';
import { canMoveAt, movedOrder, pinnedFirst } from './listOrder';
import { tagsInUse } from '../../lib/core/vault/tags';
import { takeOpeningRows } from '../vault/vaultOpening';
import { filterByQuery, filterByTag } from './search';

/** Called with every failed answer so the vault can react (E_LOCKED → unlock screen). */
export type ErrorSink = (error: WireError) => void;

/**
 * The account list as the popup shows it: one copy of the background's answer, one clock for
 * every countdown, and the calls that change accounts.
 */
export class AccountsModel {
  // Raw, not deeply reactive: every change replaces the array (and a changed account's object),
  // and a deep proxy over 2,000 accounts would cost a signal per field read in every row.
  accounts = $state.raw<AccountView[]>([]);
  loaded = $state(false);
  /**
   * Accounts the list has beyond `accounts` while only its first rows are here (the popup's
   * opening answer); 0 once the whole list is.
   */
  pending = $state(0);
  query = $state('');
  /** The tag chip the user pressed, or null: the list shows only accounts with that tag. */
  tag = $state<string | null>(null);
  /** The single clock all rows count down from. */
  now = $state(Date.now());
  /** Last failure of a list action (reorder, pin, …), shown above the list. */
  error = $state<WireError | null>(null);
  /** HOTP codes the user asked for in this popup session, by account id. */
  revealed = $state<Record<string, string>>({});

  ordered = $derived(pinnedFirst(this.accounts));
  /** Every tag in use, for the chips. */
  tags = $derived(tagsInUse(this.accounts.map((a) => a.tags)));
  visible = $derived(filterByTag(filterByQuery(this.ordered, this.query), this.tag));
  /** Rows the list will have below `visible` once the rest arrives (none under a filter). */
  rowsToCome = $derived(this.query === '' && this.tag === null ? this.pending : 0);
  /** Display position by id, so that a row's menu knows its neighbours without a search. */
  // Never mutated, only rebuilt with `ordered`, so a plain Map needs no reactivity of its own.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #orderIndex = $derived(new Map(this.ordered.map((account, index) => [account.id, index])));

  readonly #onError: ErrorSink;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #fetching = false;
  #lastFetchAt = 0;

  constructor(onError: ErrorSink) {
    this.#onError = onError;
  }

  /** Starts the one-second clock, aligned to whole seconds so countdowns flip together. */
  start(): void {
    this.stop();
    const tick = () => {
      this.now = Date.now();
      this.#refreshIfExpired();
      this.#timer = setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
    };
    tick();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #refreshIfExpired(): void {
    const expiry = earliestExpiry(this.accounts);
    if (expiry === null || this.now < expiry) return;
    // At most one fetch a second, even if the background keeps answering with old windows.
    if (this.#fetching || this.now - this.#lastFetchAt < 1000) return;
    void this.refresh();
  }

  async refresh(): Promise<void> {
    this.#fetching = true;
    this.#lastFetchAt = Date.now();
    try {
      const first = this.loaded ? null : await takeOpeningRows();
      if (first) {
        this.accounts = first.accounts;
        this.pending = Math.max(0, first.total - first.accounts.length);
        this.loaded = true;
        return;
      }
      const result = await this.#call(() => sendMessage('vault.list'));
      if (result.ok) {
        this.accounts = result.value;
        this.pending = 0;
        this.loaded = true;
      }
    } finally {
      this.#fetching = false;
    }
  }

  async add(input: AccountInput): Promise<Result<{ id: string; warnings: OtpWarning[] }>> {
    const result = await request(() => sendMessage('account.add', input));
    if (!result.ok) {
      // Form errors belong next to the form, not above the list.
      this.#onError(result.error);
      return result;
    }
    await this.refresh();
    return result;
  }

  /** Recovery codes and notes of one account, for its Edit dialog only. */
  details(id: string): Promise<Result<AccountDetails>> {
    return request(() => sendMessage('account.details', { id }));
  }

  async update(id: string, patch: AccountPatch): Promise<Result<AccountView>> {
    const result = await request(() => sendMessage('account.update', { id, patch }));
    if (!result.ok) {
      this.#onError(result.error);
      return result;
    }
    this.#replace(result.value);
    // A new name can start or end a "two different secrets" mark on other rows too.
    if (patch.issuer !== undefined || patch.label !== undefined) await this.refresh();
    return result;
  }

  async togglePin(id: string): Promise<void> {
    const account = this.accounts.find((a) => a.id === id);
    if (!account) return;
    this.error = null;
    const result = await this.update(id, { pinned: !account.pinned });
    if (!result.ok) this.error = result.error;
  }

  canMove(id: string, direction: -1 | 1): boolean {
    const index = this.#orderIndex.get(id);
    return this.pending === 0 && index !== undefined && canMoveAt(this.ordered, index, direction);
  }

  async move(id: string, direction: -1 | 1): Promise<void> {
    // The new order names every account: wait for the whole list.
    if (this.pending > 0) return;
    const ids = movedOrder(this.accounts, id, direction);
    if (!ids) return;
    this.error = null;
    // Show the move at once; the background's answer only confirms it.
    const byId = Object.fromEntries(this.accounts.map((a) => [a.id, a]));
    this.accounts = ids.flatMap((i) => byId[i] ?? []);
    const result = await this.#call(() => sendMessage('account.reorder', { ids }));
    if (!result.ok) await this.refresh();
  }

  /** Deletes at once; the caller offers Undo, which the background honours via a tombstone. */
  async remove(id: string): Promise<AccountView | null> {
    const account = this.accounts.find((a) => a.id === id);
    if (!account) return null;
    this.error = null;
    const result = await this.#call(() => sendMessage('account.delete', { id }));
    if (!result.ok) return null;
    this.accounts = this.accounts.filter((a) => a.id !== id);
    // The other account of a "two different secrets" pair loses its mark.
    if (account.secretConflict) await this.refresh();
    return account;
  }

  async undelete(id: string): Promise<void> {
    this.error = null;
    const result = await this.#call(() => sendMessage('account.undelete', { id }));
    if (result.ok) await this.refresh();
  }

  /** Asking for an HOTP code moves the counter on, so only do it on an explicit request. */
  async hotpNext(id: string): Promise<string | null> {
    this.error = null;
    const result = await this.#call(() => sendMessage('account.hotpNext', { id }));
    if (!result.ok) return null;
    this.#replace(result.value);
    if (result.value.code !== null) this.revealed[id] = result.value.code;
    return result.value.code;
  }

  #replace(view: AccountView): void {
    this.accounts = this.accounts.map((a) => (a.id === view.id ? view : a));
  }

  async #call<T>(send: () => Promise<Result<T>>): Promise<Result<T>> {
    const result = await request(send);
    if (!result.ok) {
      this.error = result.error;
      this.#onError(result.error);
    }
    return result;
  }
}
