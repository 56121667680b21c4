import { i18n } from '#i18n';
import type { OtpWarning } from '../../lib/core/otp/types';
import type { AccountView } from '../../lib/messaging';
import { warningText } from '../ui/errorText';
import { Notice } from '../ui/notice.svelte';
import type { VaultModel } from '../vault/vaultModel.svelte';
import { AccountsModel } from './accountsModel.svelte';
import { copyCode } from './clipboard';
import { codeDisplayAt } from './codeWindow';

export type CodesDialog =
  | { kind: 'add' }
  | { kind: 'edit'; id: string; focus?: 'recoveryCodes' }
  | { kind: 'help'; id: string }
  | null;

/** How long Undo stays on offer after a delete. */
export const UNDO_MS = 8000;

/** View state of the unlocked popup: the list, its one status line, and which dialog is up. */
export class CodesScreen {
  readonly accounts: AccountsModel;
  readonly notice = new Notice();
  dialog = $state<CodesDialog>(null);
  /** Warnings about the account just added; stay until dismissed. */
  warnings = $state<string[]>([]);
  /** The account just added, whose recovery codes the screen offers to save; null when not. */
  offerCodesFor = $state<string | null>(null);
  /** The row the user last focused: the list keeps it rendered while it scrolls out of view. */
  activeId = $state<string | null>(null);

  editing = $derived.by(() => {
    const dialog = this.dialog;
    return dialog?.kind === 'edit'
      ? (this.accounts.accounts.find((a) => a.id === dialog.id) ?? null)
      : null;
  });

  /** The account whose "Code not accepted?" guide is open. */
  helping = $derived.by(() => {
    const dialog = this.dialog;
    return dialog?.kind === 'help'
      ? (this.accounts.accounts.find((a) => a.id === dialog.id) ?? null)
      : null;
  });

  constructor(vault: VaultModel) {
    this.accounts = new AccountsModel((error) => void vault.noticeError(error));
  }

  /** The code a row shows right now (HOTP: the one the user asked for, if any). */
  currentCode(view: AccountView, now = this.accounts.now): string | null {
    if (view.type === 'hotp') return this.accounts.revealed[view.id] ?? null;
    return codeDisplayAt(view, now).current;
  }

  /** Opens the Edit dialog on the Recovery codes field of the account just added. */
  pasteRecoveryCodes(): void {
    const id = this.offerCodesFor;
    this.offerCodesFor = null;
    if (id !== null) this.dialog = { kind: 'edit', id, focus: 'recoveryCodes' };
  }

  async copy(view: AccountView): Promise<void> {
    // Read the clock afresh: the shared tick may be up to a second old at a window edge.
    const code = this.currentCode(view, Date.now());
    if (code === null) {
      this.notice.show(i18n.t('codes.pressNextFirst'));
      return;
    }
    this.notice.show((await copyCode(code)) ? i18n.t('codes.copied') : i18n.t('codes.copyFailed'));
  }

  async remove(view: AccountView): Promise<boolean> {
    const removed = await this.accounts.remove(view.id);
    if (!removed) return false;
    const name = removed.issuer || removed.label;
    this.notice.show(i18n.t('codes.deleted', [name]), {
      ms: UNDO_MS,
      action: {
        label: i18n.t('common.undo'),
        run: async () => {
          await this.accounts.undelete(removed.id);
          this.activeId = removed.id;
        },
      },
    });
    return true;
  }

  added(id: string, warnings: OtpWarning[]): void {
    this.dialog = null;
    // Clear the search so the new account is visible however the user filtered before.
    this.accounts.query = '';
    this.activeId = id;
    this.warnings = warnings.map(warningText);
    this.offerCodesFor = id;
    const view = this.accounts.accounts.find((a) => a.id === id);
    const name = view ? view.issuer || view.label : '';
    this.notice.show(name ? i18n.t('codes.added', [name]) : i18n.t('codes.accountAdded'));
  }
}
