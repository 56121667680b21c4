import { i18n } from '#i18n';
import { getContext, setContext } from 'svelte';
import { browser } from 'wxt/browser';
import type { AutofillTabState } from '../../lib/core/autofill/protocol';
import { isSamePage } from '../../lib/core/autofill/pin';
import { isKnownIssuer, suggestedSites } from '../../lib/core/autofill/knownIssuers';
import { sendMessage, type AccountView } from '../../lib/messaging';
import { copyCode } from '../codes/clipboard';
import { getPopupTarget, type PopupTarget } from '../popupTarget';
import { hostOf } from './hosts';
import { errorText } from '../ui/errorText';
import { formatOrList } from '../ui/locale';
import type { Notice } from '../ui/notice.svelte';
import { request } from '../ui/request';

const KEY = Symbol('tessera.tabFill');

function nameOf(view: AccountView): string {
  return view.issuer || view.label;
}

/**
 * "Fill" in the popup: whether the tab it acts on (`?tab=` or the active tab) has a code field
 * Tessera may fill, which accounts are bound to that page, and the fill itself. The background
 * decides everything again; this only shapes the list.
 */
export class TabFill {
  state = $state<AutofillTabState | null>(null);
  busyId = $state<string | null>(null);
  /** The account waiting for "Remember this site for …". */
  confirming = $state<AccountView | null>(null);

  readonly #notice: Notice;
  readonly #onAccountsChanged: () => void | Promise<void>;
  readonly #target: PopupTarget;

  constructor(notice: Notice, onAccountsChanged: () => void | Promise<void>, target: PopupTarget) {
    this.#notice = notice;
    this.#onAccountsChanged = onAccountsChanged;
    this.#target = target;
  }

  /** The toolbar popup closes after a fill so the user is back in the page; a window stays. */
  get #isToolbarPopup(): boolean {
    return !this.#target.windowed;
  }

  async load(): Promise<void> {
    const tabId = await this.#target.tabId;
    if (tabId === null) return;
    this.#watch(tabId);
    const result = await request(() => sendMessage('autofill.tabState', { tabId }));
    const before = this.state?.frame ?? null;
    this.state = result.ok ? result.value : null;
    const now = this.state?.frame ?? null;
    // The dialog names a site; it must never go on to name another one under the same buttons.
    if (this.confirming && !(before && now && isSamePage(before, now))) this.#pageChanged();
  }

  #pageChanged(): void {
    this.confirming = null;
    this.#notice.show(i18n.t('errors.pageChanged'), { ms: 5000 });
  }

  #watching = false;

  /**
   * What the popup shows must follow the tab: when the page it showed is replaced (a link, a
   * reload, or the page that opened this window navigating it), an open "Remember this site"
   * dialog closes with a notice, since it names a site the tab no longer shows, and the list
   * is refreshed. The background refuses a stale request anyway; this only spares the click.
   */
  #watch(tabId: number): void {
    if (this.#watching) return;
    this.#watching = true;
    try {
      browser.webNavigation.onCommitted.addListener((d) => {
        if (d.tabId !== tabId) return;
        const shown = this.state?.frame;
        const replaced = d.frameId === 0 || d.frameId === shown?.frameId;
        if (replaced && this.confirming) this.#pageChanged();
        void this.load();
      });
    } catch {
      // No webNavigation in this context: the background's check still refuses stale fills.
    }
  }

  /** After unlocking: the fill an inline button asked for while the vault was locked. */
  async resume(): Promise<void> {
    const result = await request(() => sendMessage('autofill.resume'));
    if (!result.ok || !result.value.filled) return;
    if (result.value.code !== null) await copyCode(result.value.code);
    const name = result.value.name;
    this.#notice.show(
      name ? i18n.t('autofill.filledCodeFor', [name]) : i18n.t('autofill.filledCode'),
    );
    if (this.#isToolbarPopup) setTimeout(() => window.close(), 600);
  }

  isBound(view: AccountView): boolean {
    return this.state?.boundIds.includes(view.id) ?? false;
  }

  /** Bound accounts fill at once; accounts with no site yet ask to remember this one first. */
  canFill(view: AccountView): boolean {
    const state = this.state;
    if (!state?.hasField) return false;
    return state.boundIds.includes(view.id) || state.unboundIds.includes(view.id);
  }

  /** Where this account's issuer usually signs in, when the page is not one of those places. */
  unusualSiteWarning(view: AccountView): string | null {
    const origin = this.state?.origin;
    if (!origin || !isKnownIssuer(view.issuer) || this.state?.suggestedIds.includes(view.id)) {
      return null;
    }
    const usual = suggestedSites(view.issuer).map(hostOf);
    return usual.length > 0
      ? i18n.t('autofill.unusualSite', [view.issuer, formatOrList(usual), hostOf(origin)])
      : i18n.t('autofill.unusualSiteElsewhere', [view.issuer, hostOf(origin)]);
  }

  get origin(): string | null {
    return this.state?.origin ?? null;
  }

  async fill(view: AccountView): Promise<void> {
    if (!this.canFill(view)) return;
    if (!this.isBound(view)) {
      this.confirming = view;
      return;
    }
    await this.#fill(view, false);
  }

  async confirmRemember(): Promise<void> {
    const view = this.confirming;
    this.confirming = null;
    if (view) await this.#fill(view, true);
  }

  cancelRemember(): void {
    this.confirming = null;
  }

  async #fill(view: AccountView, remember: boolean): Promise<void> {
    const tabId = this.state?.tabId;
    // The page this popup showed travels with the request: the background fills only there.
    const frame = this.state?.frame;
    if (tabId === undefined || !frame || this.busyId !== null) return;
    this.busyId = view.id;
    try {
      const result = await request(() =>
        sendMessage('autofill.fillTab', {
          tabId,
          accountId: view.id,
          // A plain copy: Firefox's structured clone refuses Svelte's state proxies.
          frame: $state.snapshot(frame),
          ...(remember ? { remember: true } : {}),
        }),
      );
      if (!result.ok) {
        // Fill failures carry a reason about this page and account (see errorText).
        this.#notice.show(errorText(result.error), { ms: 5000 });
        if (result.error.code === 'E_PAGE_CHANGED') await this.load();
        return;
      }
      if (remember) await this.#onAccountsChanged();
      if (result.value.code !== null) await copyCode(result.value.code);
      this.#notice.show(
        result.value.code !== null
          ? i18n.t('autofill.filledAndCopied', [nameOf(view)])
          : i18n.t('autofill.filled', [nameOf(view)]),
      );
      if (this.#isToolbarPopup) setTimeout(() => window.close(), 600);
      else await this.load();
    } finally {
      this.busyId = null;
    }
  }
}

export function provideTabFill(
  notice: Notice,
  onAccountsChanged: () => void | Promise<void>,
): TabFill {
  const tabFill = new TabFill(notice, onAccountsChanged, getPopupTarget());
  setContext(KEY, tabFill);
  return tabFill;
}

export function useTabFill(): TabFill | undefined {
  return getContext<TabFill | undefined>(KEY);
}
