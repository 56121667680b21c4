import { browser } from 'wxt/browser';

/**
 * The language the browser shows extension text in, so numbers, dates and lists match the words
 * around them (the catalogue follows the browser UI, not the page or navigator settings).
 */
export function uiLanguage(): string {
  try {
    const lang = browser.i18n.getUILanguage();
    if (lang) return lang;
  } catch {
    // Unit tests run in Node without browser.i18n; fall through to the platform's language.
  }
  return globalThis.navigator?.language ?? 'en';
}

// Building an Intl formatter costs far more than using one, and the list formats a number per
// visible row every second: one formatter per language and options, made once.
const numberFormats = new Map<string, Intl.NumberFormat>();

export function numberFormat(options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const lang = uiLanguage();
  const key = `${lang}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang, options);
    numberFormats.set(key, format);
  }
  return format;
}

export function formatNumber(n: number): string {
  return numberFormat().format(n);
}

/** 20 MB, 20 Mo, … in the UI language. */
export function formatMegabytes(mb: number): string {
  return numberFormat({ style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(mb);
}

/** "a, b or c" in the UI language. */
export function formatOrList(items: readonly string[]): string {
  return new Intl.ListFormat(uiLanguage(), { type: 'disjunction' }).format(items);
}

/** "a, b and c" in the UI language. */
export function formatAndList(items: readonly string[]): string {
  return new Intl.ListFormat(uiLanguage(), { type: 'conjunction' }).format(items);
}

/**
 * Splits a translated sentence around one substitution, so that markup (e.g. <strong>) can wrap
 * the substituted value without building HTML from strings. `render` gets a marker to substitute.
 */
export function splitAround(render: (marker: string) => string): [before: string, after: string] {
  const MARKER = '\uE000';
  const text = render(MARKER);
  const at = text.indexOf(MARKER);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + MARKER.length)];
}
