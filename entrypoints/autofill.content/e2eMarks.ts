/**
 * Observable traces for the Playwright tests, compiled only into the e2e build (every call site
 * is guarded by `import.meta.env.MODE === 'e2e'`, so production bundles drop this module).
 * Tests read what the real content script detected without opening its closed shadow root.
 */
import type { CodeField } from './detect';

let scans = 0;

export function markDetected(fields: readonly CodeField[]): void {
  for (const old of document.querySelectorAll('[data-tessera-field]')) {
    old.removeAttribute('data-tessera-field');
  }
  for (const field of fields) {
    for (const input of field)
      input.setAttribute('data-tessera-field', field.length === 1 ? 'code' : 'box');
  }
  document.documentElement.setAttribute('data-tessera-scans', String(++scans));
}

export function markInline(state: 'fill' | 'locked' | 'choose' | null): void {
  document.documentElement.setAttribute('data-tessera-inline', state ?? 'hidden');
}
