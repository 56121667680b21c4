import { toWireError } from '../../lib/core/errors';
import {
  checkedCodes,
  formatRecoveryCodeText,
  normalizeNotes,
  parseRecoveryCodeText,
  recoveryCodeLines,
  type RecoveryCode,
} from '../../lib/core/vault/recoveryCodes';
import { formatTagText, parseTagText } from '../../lib/core/vault/tags';
import type { AccountView } from '../../lib/messaging';
import type { AccountsModel } from './accountsModel.svelte';
import { FormAction } from '../ui/formAction.svelte';
import { parseSites } from './sites';

export class EditAccountForm extends FormAction {
  issuer = $state('');
  label = $state('');
  /** One https origin per line. */
  sitesText = $state('');
  /** Autofill choices; off unless the user opts in, since a code filled unasked surprises. */
  subdomains = $state(false);
  autoFill = $state(false);
  /** Tags separated by commas (vault/tags.ts parses them). */
  tagsText = $state('');
  /** 'auto', 'none', or an icon key. */
  icon = $state('auto');
  /** Seconds added to the clock for this account's codes (a number field: 0 = none). */
  timeOffset = $state<number | null>(0);
  /** One recovery code per line; `used` holds the codes marked as used. */
  codesText = $state('');
  used = $state<Record<string, boolean>>({});
  notes = $state('');
  /**
   * Codes and notes come from the background after the dialog opens (the list never holds
   * them). Until they have arrived nothing about them is sent, so a failed read never erases.
   */
  detailsLoaded = $state(false);
  /** A client-side problem with the sites, shown before anything is sent. */
  problem = $state<string | null>(null);

  readonly #accounts: AccountsModel;
  readonly #id: string;

  constructor(accounts: AccountsModel, view: AccountView) {
    super();
    this.#accounts = accounts;
    this.#id = view.id;
    this.issuer = view.issuer;
    this.label = view.label;
    this.sitesText = view.sites.join('\n');
    this.subdomains = view.subdomains;
    this.autoFill = view.autoFill;
    this.tagsText = formatTagText(view.tags);
    this.icon = view.icon === null ? 'auto' : view.icon === '' ? 'none' : view.icon;
    this.timeOffset = view.timeOffset;
  }

  async loadDetails(): Promise<void> {
    const result = await this.#accounts.details(this.#id);
    if (!result.ok) {
      this.error = result.error;
      return;
    }
    this.codesText = formatRecoveryCodeText(result.value.recoveryCodes);
    this.used = Object.fromEntries(
      result.value.recoveryCodes.map((c) => [c.code, c.used === true]),
    );
    this.notes = result.value.notes;
    this.detailsLoaded = true;
  }

  /** The codes in the box as they will be kept, for the "used" checkboxes (leniently). */
  get codeList(): string[] {
    return recoveryCodeLines(this.codesText);
  }

  #recoveryPatch(): { recoveryCodes: RecoveryCode[]; notes: string } | null {
    if (!this.detailsLoaded) return null;
    return {
      recoveryCodes: parseRecoveryCodeText(this.codesText, checkedCodes(this.used)),
      notes: normalizeNotes(this.notes),
    };
  }

  /** True when saved; the caller then closes the dialog. */
  async submit(): Promise<boolean> {
    if (this.busy) return false;
    this.error = null;
    const sites = parseSites(this.sitesText);
    if (!sites.ok) {
      this.problem = sites.message;
      return false;
    }
    this.problem = null;
    let recovery;
    try {
      recovery = this.#recoveryPatch();
    } catch (e) {
      return this.fail(toWireError(e));
    }
    return this.run(async () => {
      const result = await this.#accounts.update(this.#id, {
        issuer: this.issuer.trim(),
        label: this.label.trim(),
        sites: sites.sites,
        subdomains: this.subdomains,
        autoFill: this.autoFill,
        tags: parseTagText(this.tagsText),
        icon: this.icon === 'auto' ? null : this.icon === 'none' ? '' : this.icon,
        // An empty field means no offset; the background refuses anything out of range.
        timeOffset: this.timeOffset ?? 0,
        ...(recovery ?? {}),
      });
      return result.ok ? null : result.error;
    });
  }
}
