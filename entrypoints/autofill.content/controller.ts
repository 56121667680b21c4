import { i18n } from '#i18n';
import type {
  AutofillChoice,
  AutofillFillReply,
  AutofillQuery,
  AutofillScanReply,
  AutofillTabMessage,
  AutofillTrigger,
} from '../../lib/core/autofill/protocol';
import type { Result } from '../../lib/core/errors';
import { deepActiveElement, fieldOf, findFields, type CodeField } from './detect';
import { markDetected, markInline } from './e2eMarks';
import { fillField, isEmpty } from './fill';
import { InlineButton } from './inlineButton';
import { send } from './messages';

/** Late fields: at most one rescan per this long, however busy the page's DOM is. */
const RESCAN_MS = 500;
/** A focus on the same field within this time reuses the last answer. */
const QUERY_REUSE_MS = 3000;

async function ask<T>(call: () => Promise<Result<T>>): Promise<Result<T> | null> {
  try {
    return await call();
  } catch {
    // The extension was updated or reloaded: this copy of the script is orphaned.
    return null;
  }
}

/**
 * The copy-after-fill setting. The async clipboard exists only in secure contexts; elsewhere
 * the copy command (allowed by the clipboardWrite permission) puts the text there. The
 * background has already scheduled the 30 s clear.
 */
async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Not a secure context, or the page is not focused: fall through.
  }
  const onCopy = (event: ClipboardEvent) => {
    event.clipboardData?.setData('text/plain', text);
    event.preventDefault();
    event.stopImmediatePropagation();
  };
  document.addEventListener('copy', onCopy, true);
  try {
    document.execCommand('copy');
  } finally {
    document.removeEventListener('copy', onCopy, true);
  }
}

function sameField(a: CodeField | null, b: CodeField | null): boolean {
  return a !== null && b !== null && a.length === b.length && a.every((input, i) => input === b[i]);
}

function textInput(target: EventTarget | null): HTMLInputElement | null {
  return target instanceof HTMLInputElement ? target : null;
}

/**
 * Everything the content script does in one frame, once boot.ts has seen a reason to load it
 * (a text field focused, inputs added, a request) and passes it the page's events. Real work
 * (labels, layout, shadow roots, messages) happens only for inputs the page adds later, a
 * focus on a code field, or a request: the popup opening (a full scan), the keyboard command
 * or the context menu.
 */
export class AutofillFrame {
  readonly #button = new InlineButton({
    fill: (accountId) => void this.#fill('button', accountId),
    unlock: () => void this.#unlock(),
  });
  #fields: CodeField[] = [];
  #reported = 0;
  #focused: CodeField | null = null;
  #answer: { field: CodeField; query: AutofillQuery; at: number } | null = null;
  #rescan: ReturnType<typeof setTimeout> | undefined;
  #lastScan = 0;
  /** Elements the page added that hold inputs, waiting for the throttled look. */
  readonly #added = new Set<Element>();
  #contextTarget: HTMLInputElement | null = null;
  #filling = false;
  readonly #autoFilled = new WeakSet<HTMLInputElement>();

  /**
   * Called once the frame exists (boot.ts creates it on the first sign of a text field): a
   * field focused before that (autofocus, or the focus that loaded this code) is looked at now.
   */
  begin(): void {
    const active = textInput(deepActiveElement());
    if (active) void this.#onFocusInput(active);
  }

  /** Where the user right-clicked: the target read while the contextmenu event ran. */
  onContextMenu(target: EventTarget | null): void {
    this.#contextTarget = textInput(target);
  }

  /** Late fields. Runs for every DOM change of the page, so it only notes where inputs appeared. */
  onMutations(records: MutationRecord[]): void {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== Node.ELEMENT_NODE || this.#button.isOwnHost(node)) continue;
        const el = node as Element;
        if (el.tagName === 'INPUT' || el.querySelector('input') !== null) this.#added.add(el);
      }
    }
    if (this.#added.size === 0 || this.#rescan !== undefined) return;
    const wait = Math.max(RESCAN_MS - (Date.now() - this.#lastScan), 50);
    this.#rescan = setTimeout(() => {
      this.#rescan = undefined;
      this.#scanAdded();
    }, wait);
  }

  /** Looks only inside what was added, and keeps the fields found before that are still there. */
  #scanAdded(): void {
    this.#lastScan = Date.now();
    const roots = [...this.#added].filter((el) => el.isConnected);
    this.#added.clear();
    const kept = this.#fields.filter((f) => f.every((i) => i.isConnected));
    const found = roots.flatMap((root) => findFields(root, false));
    const fresh = found.filter((f) => !kept.some((k) => sameField(k, f)));
    this.#setFields([...kept, ...fresh], false);
  }

  /** Finds the frame's code fields; `deep` also looks inside open shadow roots. */
  #scan(deep: boolean): Promise<void> {
    this.#lastScan = Date.now();
    return this.#setFields(findFields(document, deep), deep);
  }

  /** Tells the background when the number of fields changes (always, for a requested scan). */
  #setFields(fields: CodeField[], always: boolean): Promise<void> {
    this.#fields = fields;
    if (import.meta.env.MODE === 'e2e') markDetected(this.#fields);
    if (this.#fields.length === this.#reported && !always) return Promise.resolve();
    return this.#report();
  }

  async #report(focused = false): Promise<void> {
    this.#reported = this.#fields.length;
    await ask(() => send('autofill.found', { fields: this.#reported, focused }));
  }

  onFocusIn(event: FocusEvent): void {
    const target = event.composedPath()[0] ?? null;
    if (this.#button.isOwnHost(target)) return;
    const input = textInput(target);
    if (input) void this.#onFocusInput(input);
    else this.#leave();
  }

  onFocusOut(): void {
    if (!this.#focused && !this.#button.field) return;
    // Focus may be moving to another box of the same split field: look once it has landed.
    setTimeout(() => {
      const active = textInput(deepActiveElement());
      if (!active || !this.#focused?.includes(active)) this.#leave();
    }, 0);
  }

  #leave(): void {
    if (this.#filling) return;
    this.#focused = null;
    this.#button.hide();
    if (import.meta.env.MODE === 'e2e') markInline(null);
  }

  async #onFocusInput(input: HTMLInputElement): Promise<void> {
    if (this.#filling) return;
    const field = fieldOf(input);
    if (!field) {
      this.#leave();
      return;
    }
    const again = sameField(this.#focused, field);
    this.#focused = field;
    if (again && this.#button.field) return;
    if (!this.#fields.some((f) => sameField(f, field))) {
      this.#fields = [...this.#fields, field];
    }
    // The popup fills the frame whose field had focus last.
    void this.#report(true);
    const query = await this.#query(field);
    if (this.#focused !== field) return;
    // No answer means refused (a cross-origin or sandboxed frame) or no extension: no button.
    if (
      !query ||
      query.state === 'none' ||
      (query.state === 'unlocked' && query.accounts.length === 0) ||
      !query.inlineButton
    ) {
      this.#button.hide();
      if (import.meta.env.MODE === 'e2e') markInline(null);
      // The inline button is the user's to turn off; fill-on-focus is chosen per account.
      if (query?.autoFill) this.#autoFill(field, query);
      return;
    }
    this.#showButton(field, query.state === 'locked' ? 'locked' : 'fill');
    this.#autoFill(field, query);
  }

  #autoFill(field: CodeField, query: AutofillQuery): void {
    const first = field[0];
    if (query.autoFill && first && isEmpty(field) && !this.#autoFilled.has(first)) {
      // Once per field: a user who clears it wants to type, not to get it back.
      this.#autoFilled.add(first);
      void this.#fill('focus', query.accounts[0]?.id);
    }
  }

  async #query(field: CodeField): Promise<AutofillQuery | null> {
    const last = this.#answer;
    if (last && sameField(last.field, field) && Date.now() - last.at < QUERY_REUSE_MS) {
      return last.query;
    }
    const result = await ask(() => send('autofill.query'));
    if (!result?.ok) return null;
    this.#answer = { field, query: result.value, at: Date.now() };
    return result.value;
  }

  #showButton(field: CodeField, mode: 'fill' | 'locked'): void {
    this.#button.show(field, mode);
    if (import.meta.env.MODE === 'e2e') markInline(mode);
  }

  #showChoices(field: CodeField, choices: AutofillChoice[]): void {
    if (!this.#button.field) this.#button.show(field, 'fill');
    this.#button.choose(choices);
    if (import.meta.env.MODE === 'e2e') markInline('choose');
  }

  /** The field a request acts on: the focused one, else the first one found. */
  #target(): CodeField | null {
    const focused = this.#focused;
    if (focused?.every((i) => i.isConnected)) return focused;
    return this.#fields.find((f) => f.every((i) => i.isConnected)) ?? null;
  }

  async #fill(trigger: AutofillTrigger, accountId?: string, field = this.#target()): Promise<void> {
    if (!field) return;
    const result = await ask(() =>
      send('autofill.fill', { trigger, ...(accountId ? { accountId } : {}) }),
    );
    if (!result) return;
    if (!result.ok) {
      if (result.error.code === 'E_LOCKED') {
        this.#showButton(field, 'locked');
        // A command or menu click is the user asking now; the button waits for its own click.
        if (trigger === 'command' || trigger === 'menu') await this.#unlock(accountId);
      }
      return;
    }
    if (result.value.kind === 'choose') {
      this.#showChoices(field, result.value.accounts);
      return;
    }
    const { code, copy } = result.value;
    this.#put(field, code);
    if (copy) await copyText(code);
  }

  #put(field: CodeField, code: string): boolean {
    this.#filling = true;
    try {
      return fillField(field, code);
    } finally {
      this.#filling = false;
      this.#focused = field;
      this.#button.hide();
      if (import.meta.env.MODE === 'e2e') markInline(null);
    }
  }

  async #unlock(accountId?: string): Promise<void> {
    const result = await ask(() => send('autofill.unlock', accountId ? { accountId } : {}));
    if (result?.ok) this.#button.say(i18n.t('autofill.unlockToFill'));
  }

  onMessage(
    message: AutofillTabMessage,
    sender: chrome.runtime.MessageSender,
    reply: (response: AutofillScanReply | AutofillFillReply) => void,
  ): boolean {
    // Only our own extension can message this script; the page has no way in.
    if (sender.id !== chrome.runtime.id || message?.tessera !== 'autofill') return false;
    switch (message.op) {
      case 'scan':
        void this.#scan(true).then(() => reply({ fields: this.#fields.length }));
        return true;
      case 'fill': {
        const field = this.#target();
        // The origin this document has (inherited by about:blank and srcdoc frames).
        const here = message.origin === self.origin;
        reply({
          filled:
            here &&
            field !== null &&
            typeof message.code === 'string' &&
            this.#put(field, message.code),
        });
        return false;
      }
      case 'command':
        this.#onCommand();
        return false;
      case 'menu':
        this.#onMenu();
        return false;
      default:
        return false;
    }
  }

  /** Every frame hears the keyboard command; only the one holding focus acts. */
  #onCommand(): void {
    if (!document.hasFocus()) return;
    const active = deepActiveElement();
    // Focus is inside a child frame: that frame's own script answers.
    if (active instanceof HTMLIFrameElement || active instanceof HTMLFrameElement) return;
    const input = textInput(active);
    const field =
      (input && fieldOf(input)) ?? this.#target() ?? findFields(document, true)[0] ?? null;
    if (field) void this.#fill('command', undefined, field);
  }

  /** The context-menu item on an input the user right-clicked: they chose the field. */
  #onMenu(): void {
    const input = this.#contextTarget;
    if (!input?.isConnected || input.type === 'password' || input.type === 'email') return;
    const field = fieldOf(input) ?? [input];
    void this.#fill('menu', undefined, field);
  }
}
