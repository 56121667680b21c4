import {
  HARD_NEGATIVE,
  MEDIUM,
  normalizeText,
  OTHER_AUTOCOMPLETE,
  SOFT_NEGATIVE,
  STRONG,
} from './words';

/** A code field: one input, or the 4–8 one-character boxes of a split field, in page order. */
export type CodeField = readonly HTMLInputElement[];

type Verdict = 'code' | 'box' | null;

const MIN_BOXES = 4;
const MAX_BOXES = 8;

function isOneTimeCode(input: HTMLInputElement): boolean {
  return /(?:^|\s)one-time-code(?:\s|$)/i.test(input.getAttribute('autocomplete') ?? '');
}

/** Types a code can be typed into. Password only when the page itself says one-time-code. */
function isTextLike(input: HTMLInputElement): boolean {
  const type = input.type;
  return type === 'text' || type === 'number' || type === 'tel' || type === 'password';
}

function labelText(input: HTMLInputElement): string {
  const parts: string[] = [];
  for (const label of input.labels ?? []) parts.push(label.textContent ?? '');
  const ids = input.getAttribute('aria-labelledby');
  if (ids) {
    const root = input.getRootNode() as Document | ShadowRoot;
    for (const id of ids.split(/\s+/)) parts.push(root.getElementById?.(id)?.textContent ?? '');
  }
  return normalizeText(parts.join(' '));
}

function hasDigitsOnlyHint(input: HTMLInputElement): boolean {
  const mode = input.getAttribute('inputmode');
  const pattern = input.getAttribute('pattern') ?? '';
  return (
    mode === 'numeric' ||
    mode === 'decimal' ||
    input.type === 'number' ||
    input.type === 'tel' ||
    /^\^?(?:\[0-9\]|\\d)/.test(pattern)
  );
}

/**
 * What one input is, from its attributes and labels alone (no layout): a code field, a
 * one-character box that may belong to a split field, or neither. Cheapest checks first, since
 * this runs over every input of every page.
 */
export function inputVerdict(input: HTMLInputElement): Verdict {
  if (input.disabled || !isTextLike(input)) return null;
  const box = input.maxLength === 1;
  const autocomplete = (input.getAttribute('autocomplete') ?? '').toLowerCase();
  if (isOneTimeCode(input)) return box ? 'box' : 'code';
  if (input.type === 'password' || OTHER_AUTOCOMPLETE.test(autocomplete)) return null;
  if (input.name === 'q' || input.name === 's' || input.getAttribute('role') === 'searchbox') {
    return null;
  }
  const attrs = normalizeText(
    [
      input.name,
      input.id,
      input.placeholder,
      input.getAttribute('aria-label') ?? '',
      input.title,
    ].join(' '),
  );
  if (HARD_NEGATIVE.test(attrs)) return null;
  if (STRONG.test(attrs)) return box ? 'box' : 'code';
  const label = labelText(input);
  if (HARD_NEGATIVE.test(label)) return null;
  if (STRONG.test(label)) return box ? 'box' : 'code';
  const text = attrs + label;
  if (SOFT_NEGATIVE.test(text)) return null;
  if (box) return 'box';
  const digits = hasDigitsOnlyHint(input);
  const maxLength = input.maxLength;
  if (MEDIUM.test(text) && (digits || (maxLength >= 4 && maxLength <= 10))) return 'code';
  // The "inputmode=numeric with a short maxlength": a code box with no words at all.
  if (digits && maxLength >= 4 && maxLength <= MAX_BOXES) return 'code';
  return null;
}

/**
 * The split field a one-character box belongs to: the largest ancestor (up to four levels up)
 * whose text inputs are all such boxes, 4–8 of them. A lone box, or boxes mixed with other
 * fields, are not a code field.
 */
function boxGroup(box: HTMLInputElement): HTMLInputElement[] | null {
  let best: HTMLInputElement[] | null = null;
  let node = box.parentElement;
  for (let level = 0; node && level < 4; level++, node = node.parentElement) {
    const inputs = node.getElementsByTagName('input');
    if (inputs.length > MAX_BOXES * 2) break;
    const boxes: HTMLInputElement[] = [];
    let others = 0;
    for (const input of inputs) {
      if (!isTextLike(input)) continue;
      if (inputVerdict(input) === 'box') boxes.push(input);
      else others++;
    }
    if (others > 0 || boxes.length > MAX_BOXES) break;
    if (boxes.length >= MIN_BOXES) best = boxes;
  }
  return best;
}

/** Layout is read only for inputs that already look like code fields. */
function isRendered(input: HTMLInputElement): boolean {
  return input.getClientRects().length > 0;
}

/** The code field an input is part of (the focused one, a right-clicked one), or null. */
export function fieldOf(input: HTMLInputElement): CodeField | null {
  const verdict = inputVerdict(input);
  if (verdict === 'code') return [input];
  if (verdict === 'box') return boxGroup(input);
  return null;
}

/**
 * Inputs a code can be typed into, filtered by the browser's selector engine: a page can have
 * hundreds of checkboxes, and touching each from the content script's world costs time.
 * (`type` values match case-insensitively in HTML.)
 */
const TEXT_INPUTS =
  'input:not([type]),input[type=""],input[type=text],input[type=number],input[type=tel],input[type=password]';

/**
 * All visible code fields under a root. `deep` also walks into open shadow roots, which means
 * visiting every element: done only when asked (the popup opened, a command), never on load.
 */
export function findFields(root: Document | ShadowRoot | Element, deep: boolean): CodeField[] {
  const fields: CodeField[] = [];
  const seen = new Set<HTMLInputElement>();
  const visit = (scope: Document | ShadowRoot | Element) => {
    const inputs = scope.querySelectorAll<HTMLInputElement>(TEXT_INPUTS);
    const all = scope instanceof HTMLInputElement ? [scope, ...inputs] : inputs;
    for (const input of all) {
      if (seen.has(input)) continue;
      seen.add(input);
      const field = fieldOf(input);
      if (!field) continue;
      for (const i of field) seen.add(i);
      if (field.every(isRendered)) fields.push(field);
    }
    if (!deep) return;
    for (const el of scope.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot);
    if (scope instanceof Element && scope.shadowRoot) visit(scope.shadowRoot);
  };
  visit(root);
  return fields;
}

/** The focused element, looking inside open shadow roots. */
export function deepActiveElement(doc: Document = document): Element | null {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
