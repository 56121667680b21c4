import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import type { KitAutoSaveView } from '../../lib/core/kit/autoSave';
import type { WireError } from '../../lib/core/errors';
import { sendMessage } from '../../lib/messaging';
import { DOWNLOADS } from '../../lib/platform/kitAutoSave';
import { FormAction } from '../ui/formAction.svelte';
import { request } from '../ui/request';

/** Settings → Emergency kit → "Save an updated emergency kit to Downloads …". */
export class KitAutoSaveModel {
  view = $state<KitAutoSaveView | null>(null);
  /** Why the setting is off although the user wanted it on. */
  note = $state<string | null>(null);
  readonly #onError: (error: WireError) => void;
  /** Only the busy flag is used: errors go to the page's alert, and `note` is not an error. */
  readonly #toggling = new FormAction<never>();

  /** True while a toggle runs (the checkbox is disabled, a second click ignored). */
  get busy(): boolean {
    return this.#toggling.busy;
  }

  constructor(onError: (error: WireError) => void = () => {}) {
    this.#onError = onError;
  }

  async load(): Promise<void> {
    const answer = await request(() => sendMessage('transfer.kitAutoSave', undefined));
    if (!answer.ok) return this.#onError(answer.error);
    this.#show(answer.value);
  }

  /**
   * Called straight from the click: the permission prompt needs the user's gesture, so the
   * request comes before anything else is awaited.
   */
  async toggle(enabled: boolean): Promise<void> {
    if (this.busy) return;
    this.note = null;
    await this.#toggling.run(async () => {
      if (enabled) {
        let granted = false;
        try {
          granted = await browser.permissions.request(DOWNLOADS);
        } catch {
          granted = false;
        }
        if (!granted) {
          this.note = i18n.t('transfer.kit.autoSave.denied');
          return;
        }
      }
      const answer = await request(() => sendMessage('transfer.kitAutoSaveSet', { enabled }));
      if (!answer.ok) return this.#onError(answer.error);
      this.#show(answer.value);
      if (enabled && !answer.value.enabled) this.note = i18n.t('transfer.kit.autoSave.denied');
      // Off means no access to downloads either; turning it on again asks again.
      if (!enabled) await browser.permissions.remove(DOWNLOADS).catch(() => false);
    });
  }

  #show(view: KitAutoSaveView): void {
    this.view = view;
    if (view.permissionLost) this.note = i18n.t('transfer.kit.autoSave.lost');
  }
}
