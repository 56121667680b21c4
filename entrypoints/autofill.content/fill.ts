import type { CodeField } from './detect';

/**
 * The value setter of this (isolated) world's prototype. Frameworks watch writes to `value`
 * (React installs its own setter on the element in the page's world); the native setter
 * changes the value without telling their tracker, so the input event below reads as a change.
 * Looked up at the first fill, not at load: every page pays for what runs at load.
 */
function nativeSetter(): ((this: HTMLInputElement, value: string) => void) | undefined {
  return Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
}

function put(input: HTMLInputElement, value: string): void {
  // Split fields often track "the active box" from focus events, so each box gets focus first.
  input.focus({ preventScroll: true });
  const setValue = nativeSetter();
  if (setValue) setValue.call(input, value);
  else input.value = value;
  // React, Vue and Angular listen to `input`; some plain pages only to `change`.
  input.dispatchEvent(
    new InputEvent('input', {
      bubbles: true,
      composed: true,
      inputType: 'insertText',
      data: value,
    }),
  );
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Puts the code into the field: all of it into one input, one character per box otherwise. */
export function fillField(field: CodeField, code: string): boolean {
  if (field.length === 0 || !field.every((i) => i.isConnected && !i.disabled)) return false;
  const [single] = field;
  if (field.length === 1 && single) {
    put(single, code);
    return true;
  }
  const chars = [...code];
  field.forEach((box, i) => put(box, chars[i] ?? ''));
  return true;
}

export function isEmpty(field: CodeField): boolean {
  return field.every((i) => i.value === '');
}
