import { i18n } from '#i18n';
import type { AutofillChoice } from '../../lib/core/autofill/protocol';
import type { CodeField } from './detect';

export type InlineMode = 'fill' | 'locked';

/** What the button asks for. Called only for trusted (user-made) clicks and key presses. */
export interface InlineActions {
  fill(accountId?: string): void;
  unlock(): void;
}

const SIZE = 24;
const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * The host sits in the top layer (popover) so page dialogs and z-index wars cannot cover it,
 * and is `position: fixed` at the field's edge, so it never takes part in the page's layout.
 * Inline `!important` beats any page rule that targets it.
 */
const HOST_STYLE: Record<string, string> = {
  display: 'block',
  position: 'fixed',
  inset: 'auto',
  width: `${SIZE}px`,
  height: `${SIZE}px`,
  margin: '0',
  padding: '0',
  border: '0',
  overflow: 'visible',
  background: 'transparent',
  'z-index': '2147483647',
  opacity: '1',
  visibility: 'visible',
  transform: 'none',
  filter: 'none',
  'clip-path': 'none',
  'pointer-events': 'auto',
};

const CSS = `
* { box-sizing: border-box; }
.fill { all: initial; box-sizing: border-box; display: grid; place-items: center; width: ${SIZE}px;
  height: ${SIZE}px; border: 1px solid #8b93a1; border-radius: 6px; background: #fff; color: #1f4fd1;
  cursor: pointer; box-shadow: 0 1px 2px rgba(0,0,0,.18); position: relative; }
.fill:hover { background: #eef2ff; }
.fill:focus-visible { outline: 2px solid #1f4fd1; outline-offset: 1px; }
.fill svg { width: 16px; height: 16px; fill: currentColor; pointer-events: none; }
.fill .lock { position: absolute; right: -4px; bottom: -4px; width: 11px; height: 11px; fill: #b45309; }
.menu, .status { position: absolute; right: 0; top: ${SIZE + 4}px; font: 13px/1.35 system-ui, sans-serif;
  color: #111827; background: #fff; border: 1px solid #c7ccd4; border-radius: 8px;
  box-shadow: 0 4px 16px rgba(0,0,0,.18); }
.above .menu, .above .status { top: auto; bottom: ${SIZE + 4}px; }
.menu { min-width: 200px; max-width: 320px; padding: 4px; }
.menu[hidden], .status[hidden] { display: none; }
.menu button { all: initial; display: block; width: 100%; box-sizing: border-box; padding: 6px 8px;
  border-radius: 6px; font: inherit; color: inherit; cursor: pointer; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; }
.menu button:hover, .menu button.active { background: #eef2ff; }
.status { width: max-content; max-width: 280px; padding: 6px 8px; }
@media (prefers-color-scheme: dark) {
  .fill { background: #1f2937; color: #93b4ff; border-color: #4b5563; }
  .fill:hover, .menu button:hover, .menu button.active { background: #374151; }
  .menu, .status { background: #1f2937; color: #f3f4f6; border-color: #4b5563; }
}`;

function svg(path: string, className?: string): SVGSVGElement {
  const icon = document.createElementNS(SVG_NS, 'svg');
  icon.setAttribute('viewBox', '0 0 16 16');
  icon.setAttribute('aria-hidden', 'true');
  if (className) icon.setAttribute('class', className);
  const p = document.createElementNS(SVG_NS, 'path');
  p.setAttribute('d', path);
  icon.append(p);
  return icon;
}

// A key: "a code for this lock".
const KEY_ICON =
  'M10.5 1a4.5 4.5 0 0 0-4.3 5.8L1 12v3h3v-1.5h1.5V12H7l1.2-1.2A4.5 4.5 0 1 0 10.5 1zm1 2.5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3z';
const LOCK_ICON = 'M4 7V5a4 4 0 1 1 8 0v2h1v9H3V7h1zm2 0h4V5a2 2 0 1 0-4 0v2z';

function addStyles(root: ShadowRoot): void {
  try {
    // A constructed sheet is not subject to the page's style-src CSP, unlike a <style> element.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = CSS;
    root.append(style);
  }
}

/**
 * The inline "Fill one-time code" button and its small account picker, in a closed shadow root:
 * the page can neither read nor restyle what is inside, and a script's click() or synthetic
 * event never counts (event.isTrusted).
 */
export class InlineButton {
  #host: HTMLDivElement | null = null;
  #box!: HTMLDivElement;
  #button!: HTMLButtonElement;
  #menu!: HTMLDivElement;
  #status!: HTMLDivElement;
  #field: CodeField | null = null;
  #mode: InlineMode = 'fill';
  #choices: AutofillChoice[] = [];
  #active = -1;
  #placing = 0;
  readonly #actions: InlineActions;
  readonly #onViewportChange = () => this.#schedulePlace();
  readonly #onKey = (event: KeyboardEvent) => this.#key(event);

  constructor(actions: InlineActions) {
    this.#actions = actions;
  }

  get field(): CodeField | null {
    return this.#field;
  }

  get mode(): InlineMode | 'choose' | null {
    if (!this.#field) return null;
    return this.#menu.hidden ? this.#mode : 'choose';
  }

  isOwnHost(node: EventTarget | null): boolean {
    return node !== null && node === this.#host;
  }

  show(field: CodeField, mode: InlineMode): void {
    const host = this.#host ?? this.#create();
    this.#field = field;
    this.#mode = mode;
    this.#button.replaceChildren(svg(KEY_ICON));
    if (mode === 'locked') {
      this.#button.append(svg(LOCK_ICON, 'lock'));
      this.#button.title = i18n.t('autofill.lockedTitle');
      this.#button.setAttribute('aria-description', i18n.t('autofill.lockedDescription'));
    } else {
      this.#button.title = i18n.t('autofill.buttonTitle');
      this.#button.removeAttribute('aria-description');
    }
    this.#closeMenu();
    this.#status.hidden = true;
    if (!host.isConnected) {
      (document.documentElement ?? document.body).append(host);
      host.showPopover?.();
      addEventListener('scroll', this.#onViewportChange, { capture: true, passive: true });
      addEventListener('resize', this.#onViewportChange, { passive: true });
      document.addEventListener('keydown', this.#onKey, true);
    }
    this.#place();
  }

  /** Several accounts are bound to this site: let the user pick one. */
  choose(choices: AutofillChoice[]): void {
    if (!this.#field) return;
    this.#choices = choices;
    this.#active = -1;
    this.#menu.replaceChildren(
      ...choices.map((c, i) => {
        const item = document.createElement('button');
        item.type = 'button';
        item.setAttribute('role', 'menuitem');
        item.textContent = c.name;
        item.title = c.name;
        keepFocusInField(item);
        item.addEventListener('click', (event) => {
          if (!event.isTrusted) return;
          this.#pick(i);
        });
        return item;
      }),
    );
    this.#status.hidden = true;
    this.#menu.hidden = false;
    this.#button.setAttribute('aria-expanded', 'true');
    this.#place();
  }

  say(text: string): void {
    if (!this.#field) return;
    this.#closeMenu();
    this.#status.textContent = text;
    this.#status.hidden = false;
  }

  hide(): void {
    this.#field = null;
    this.#choices = [];
    cancelAnimationFrame(this.#placing);
    this.#placing = 0;
    const host = this.#host;
    if (!host?.isConnected) return;
    removeEventListener('scroll', this.#onViewportChange, { capture: true });
    removeEventListener('resize', this.#onViewportChange);
    document.removeEventListener('keydown', this.#onKey, true);
    if (host.matches?.(':popover-open')) host.hidePopover();
    host.remove();
  }

  #create(): HTMLDivElement {
    const host = document.createElement('div');
    for (const [name, value] of Object.entries(HOST_STYLE)) {
      host.style.setProperty(name, value, 'important');
    }
    if ('popover' in host) host.popover = 'manual';
    const root = host.attachShadow({ mode: 'closed' });
    addStyles(root);
    this.#box = document.createElement('div');
    this.#button = document.createElement('button');
    this.#button.type = 'button';
    this.#button.className = 'fill';
    this.#button.setAttribute('aria-label', i18n.t('autofill.fillOneTimeCode'));
    this.#button.setAttribute('aria-haspopup', 'menu');
    this.#button.setAttribute('aria-expanded', 'false');
    keepFocusInField(this.#button);
    this.#button.addEventListener('click', (event) => {
      // A page script's click() or dispatchEvent() is not the user.
      if (!event.isTrusted) return;
      if (this.#mode === 'locked') this.#actions.unlock();
      else if (this.#choices.length > 0 && this.#menu.hidden) this.choose(this.#choices);
      else this.#actions.fill();
    });
    this.#menu = document.createElement('div');
    this.#menu.className = 'menu';
    this.#menu.setAttribute('role', 'menu');
    this.#menu.setAttribute('aria-label', i18n.t('autofill.chooseAccount'));
    this.#menu.hidden = true;
    this.#status = document.createElement('div');
    this.#status.className = 'status';
    this.#status.setAttribute('role', 'status');
    this.#status.hidden = true;
    this.#box.append(this.#button, this.#menu, this.#status);
    root.append(this.#box);
    this.#host = host;
    return host;
  }

  #pick(index: number): void {
    const choice = this.#choices[index];
    if (!choice) return;
    this.#closeMenu();
    this.#actions.fill(choice.id);
  }

  #closeMenu(): void {
    if (!this.#menu) return;
    this.#menu.hidden = true;
    this.#menu.replaceChildren();
    this.#active = -1;
    this.#button.setAttribute('aria-expanded', 'false');
  }

  /** Keyboard use of the picker while focus stays in the field. */
  #key(event: KeyboardEvent): void {
    if (!event.isTrusted || !this.#field) return;
    if (event.key === 'Escape') {
      if (!this.#menu.hidden) this.#closeMenu();
      else this.hide();
      return;
    }
    if (this.#menu.hidden) return;
    const items = [...this.#menu.children] as HTMLElement[];
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.#active = (this.#active + step + items.length) % items.length;
      items.forEach((item, i) => item.classList.toggle('active', i === this.#active));
    } else if (event.key === 'Enter' && this.#active >= 0) {
      this.#pick(this.#active);
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  #schedulePlace(): void {
    if (this.#placing) return;
    this.#placing = requestAnimationFrame(() => {
      this.#placing = 0;
      this.#place();
    });
  }

  /** Inside the right end of a wide field; just after a narrow field or the last box. */
  #place(): void {
    const field = this.#field;
    const host = this.#host;
    const first = field?.[0];
    const last = field?.[field.length - 1];
    if (!field || !host || !first || !last || !first.isConnected) {
      this.hide();
      return;
    }
    const a = first.getBoundingClientRect();
    const b = last.getBoundingClientRect();
    const inside = field.length === 1 && a.width >= 120;
    const left = inside ? a.right - SIZE - 6 : b.right + 6;
    const top = inside ? a.top + (a.height - SIZE) / 2 : b.top + (b.height - SIZE) / 2;
    const x = Math.max(0, Math.min(left, innerWidth - SIZE));
    const y = Math.max(0, Math.min(top, innerHeight - SIZE));
    host.style.setProperty('left', `${Math.round(x)}px`, 'important');
    host.style.setProperty('top', `${Math.round(y)}px`, 'important');
    this.#box.classList.toggle('above', y > innerHeight - 160);
  }
}

/** Clicking our button must not move focus out of the field (and so hide the button). */
function keepFocusInField(el: HTMLElement): void {
  el.addEventListener('mousedown', (event) => event.preventDefault());
}
