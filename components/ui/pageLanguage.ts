import { i18n } from '#i18n';

/**
 * <html lang> names the language the page's text is really in, the catalogue the browser
 * picked (a Japanese browser gets English text, so "en", not "ja"): screen readers choose their
 * voice, and browsers their hyphenation, by it.
 */
export function setPageLanguage(): void {
  document.documentElement.lang = i18n.t('app.lang');
}
