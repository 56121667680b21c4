import QRCode from 'qrcode';
import { useKdfSetting } from '../lib/core/crypto/kdf';
import { E2E_KDF, E2E_KDF_NOTICE } from '../lib/core/crypto/e2eKdf';
import { isTesseraError } from '../lib/core/errors';
import { KIT_DATA_ID, parseKitData, type KitData } from '../lib/core/kit/kitFile';
import { codeAt, formatOtpauthUri, hotpCode, timeWindow } from '../lib/core/otp';
import { openKit, type KitAccount } from './accounts';

/**
 * The emergency kit's decryptor. It runs from a file on disk under the kit's own CSP (no
 * network, no inline handlers), so every element is built here and every listener attached
 * here. It keeps nothing: closing the tab (or "Close") forgets the accounts.
 */

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) if (v !== undefined) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function readData(): KitData {
  const block = document.getElementById(KIT_DATA_ID);
  return parseKitData(block?.textContent ?? '');
}

function main(): void {
  let data: KitData;
  try {
    data = readData();
  } catch {
    document.body.append(el('p', { role: 'alert' }, 'This emergency kit is damaged.'));
    return;
  }
  const t = data.strings;
  const root = el('main', { id: 'kit' });
  document.body.append(root);
  let ticker: ReturnType<typeof setInterval> | undefined;

  function showForm(): void {
    if (ticker !== undefined) clearInterval(ticker);
    ticker = undefined;
    const input = el('input', {
      id: 'kit-secret',
      type: 'password',
      autocomplete: 'current-password',
      spellcheck: 'false',
      autocapitalize: 'off',
      'aria-describedby': 'kit-error',
    });
    const button = el('button', { type: 'submit', class: 'primary' }, t.open);
    const error = el('p', { id: 'kit-error', role: 'alert', class: 'error' });
    const form = el(
      'form',
      { class: 'unlock', novalidate: '' },
      el('label', { for: 'kit-secret' }, t.secretLabel),
      input,
      button,
      error,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void unlock(input, button, error);
    });
    root.replaceChildren(
      el('h1', {}, t.title),
      el('p', { class: 'hint' }, t.intro),
      el('p', { class: 'hint' }, t.made),
      form,
    );
    input.focus();
  }

  async function unlock(
    input: HTMLInputElement,
    button: HTMLButtonElement,
    error: HTMLElement,
  ): Promise<void> {
    const secret = input.value;
    error.textContent = '';
    button.disabled = true;
    button.textContent = t.opening;
    input.setAttribute('aria-invalid', 'false');
    try {
      const accounts = await openKit(data.backup, secret);
      input.value = '';
      showAccounts(accounts);
    } catch (e) {
      button.disabled = false;
      button.textContent = t.open;
      input.setAttribute('aria-invalid', 'true');
      if (isTesseraError(e) && e.code === 'E_BAD_PASSPHRASE') error.textContent = t.wrong;
      else if (isTesseraError(e)) error.textContent = t.damaged;
      else error.textContent = t.unsupported;
      input.select();
      input.focus();
    }
  }

  function showAccounts(accounts: KitAccount[]): void {
    const heading = el('h2', { id: 'kit-accounts', tabindex: '-1' }, t.accounts);
    const list = el('ul', { class: 'accounts', 'aria-labelledby': 'kit-accounts' });
    const updates: ((now: number) => void)[] = [];
    accounts.forEach((item, i) => {
      const { li, update } = accountItem(item, i);
      list.append(li);
      if (update) updates.push(update);
    });
    const close = el('button', { type: 'button' }, t.close);
    close.addEventListener('click', showForm);
    const tools = el('div', { class: 'tools no-print' }, close);
    if (data.plainExport) tools.append(saveListControl(accounts));
    root.replaceChildren(
      el('h1', {}, t.title),
      el('p', { class: 'hint' }, t.made),
      tools,
      heading,
      accounts.length === 0 ? el('p', {}, t.noAccounts) : list,
    );
    const tick = () => {
      const now = Date.now();
      for (const update of updates) update(now);
    };
    tick();
    ticker = setInterval(tick, 1000);
    heading.focus();
  }

  function accountItem(
    { account, recoveryCodes, notes }: KitAccount,
    index: number,
  ): { li: HTMLLIElement; update?: (now: number) => void } {
    const { otp } = account;
    const code = el('span', { class: 'code', 'data-testid': 'kit-code' });
    const extra = el('span', { class: 'when' });
    const li = el(
      'li',
      { class: 'account' },
      el('span', { class: 'issuer' }, account.issuer),
      ' ',
      el('span', { class: 'label' }, account.label),
      ' ',
      code,
      ' ',
      extra,
    );
    let update: ((now: number) => void) | undefined;
    if (otp.type === 'hotp') {
      code.textContent = hotpCode(otp, otp.counter);
      extra.textContent = `${t.counter}: ${otp.counter}`;
    } else {
      update = (now) => {
        code.textContent = codeAt(otp, now);
        const left = Math.ceil((timeWindow(otp, now).validUntil - now) / 1000);
        extra.textContent = `${t.secondsLeft}: ${left}`;
      };
    }
    if (recoveryCodes.length > 0) {
      li.append(
        el(
          'div',
          { class: 'extra' },
          el('h3', {}, t.recoveryCodes),
          el('ul', { class: 'recovery' }, ...recoveryCodes.map((c) => el('li', {}, c))),
        ),
      );
    }
    if (notes !== '') {
      li.append(
        el('div', { class: 'extra' }, el('h3', {}, t.notes), el('p', { class: 'notes' }, notes)),
      );
    }
    li.append(qrToggle(account, index));
    return { li, ...(update ? { update } : {}) };
  }

  function qrToggle(account: KitAccount['account'], index: number): HTMLElement {
    const id = `kit-qr-${index}`;
    const button = el(
      'button',
      { type: 'button', 'aria-expanded': 'false', 'aria-controls': id },
      t.showQr,
    );
    const box = el('div', { id, class: 'qr', hidden: '' });
    let uri: string | null = null;
    try {
      uri = formatOtpauthUri(account);
    } catch {
      // An account whose names exceed what a link can hold has codes but no QR code.
    }
    if (uri === null) return el('span');
    button.addEventListener('click', async () => {
      const open = box.hidden;
      if (open && box.childElementCount === 0) {
        const svg = await QRCode.toString(uri, {
          type: 'svg',
          errorCorrectionLevel: 'M',
          margin: 2,
        });
        const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
        const node = document.importNode(doc.documentElement, true);
        node.setAttribute('role', 'img');
        node.setAttribute('aria-label', `${account.issuer} ${account.label}`.trim());
        box.append(node);
      }
      box.hidden = !open;
      button.setAttribute('aria-expanded', String(open));
      button.textContent = open ? t.hideQr : t.showQr;
    });
    return el('div', { class: 'qr-toggle' }, button, box);
  }

  function saveListControl(accounts: KitAccount[]): HTMLElement {
    const start = el('button', { type: 'button' }, t.saveList);
    const confirm = el('button', { type: 'button', class: 'danger' }, t.saveConfirm);
    const cancel = el('button', { type: 'button' }, t.cancel);
    const warning = el(
      'div',
      { class: 'warning', role: 'alertdialog', 'aria-labelledby': 'kit-save-warning', hidden: '' },
      el('p', { id: 'kit-save-warning' }, t.saveWarning),
      confirm,
      cancel,
    );
    start.addEventListener('click', () => {
      warning.hidden = false;
      cancel.focus();
    });
    cancel.addEventListener('click', () => {
      warning.hidden = true;
      start.focus();
    });
    confirm.addEventListener('click', () => {
      const lines: string[] = [];
      for (const { account } of accounts) {
        try {
          lines.push(formatOtpauthUri(account));
        } catch {
          // Left out as the plain export leaves it out: a link cannot hold those names.
        }
      }
      const url = URL.createObjectURL(new Blob([lines.join('\n') + '\n'], { type: 'text/plain' }));
      const a = el('a', { href: url, download: 'tessera-otpauth.txt', hidden: '' });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      warning.hidden = true;
      start.focus();
    });
    return el('div', { class: 'save' }, start, warning);
  }

  showForm();
}

// The e2e build's kit opens the e2e build's fast test slots; kit/build.ts defines the mode.
if (import.meta.env.MODE === 'e2e') {
  useKdfSetting(E2E_KDF);
  console.info(E2E_KDF_NOTICE);
}
main();
