import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import type { KitStrings } from '../core/kit/strings';

function uiLanguage(): string {
  try {
    const lang = browser.i18n.getUILanguage();
    if (lang) return lang;
  } catch {
    // Node (unit tests) has no browser.i18n.
  }
  return globalThis.navigator?.language ?? 'en';
}

/**
 * The kit's words in the language Tessera shows now: the kit speaks the language it was made in.
 * Here, not in a component: the background's kit auto-save needs them too.
 */
export function kitStrings(now: number): KitStrings {
  const lang = uiLanguage();
  const date = new Intl.DateTimeFormat(lang, { dateStyle: 'long' }).format(now);
  return {
    lang,
    title: i18n.t('transfer.kit.page.title'),
    intro: i18n.t('transfer.kit.page.intro'),
    made: i18n.t('transfer.kit.page.made', [date]),
    secretLabel: i18n.t('transfer.kit.page.secretLabel'),
    open: i18n.t('transfer.kit.page.open'),
    opening: i18n.t('transfer.kit.page.opening'),
    wrong: i18n.t('transfer.kit.page.wrong'),
    damaged: i18n.t('transfer.kit.page.damaged'),
    unsupported: i18n.t('transfer.kit.page.unsupported'),
    accounts: i18n.t('transfer.kit.page.accounts'),
    noAccounts: i18n.t('transfer.kit.page.noAccounts'),
    secondsLeft: i18n.t('transfer.kit.page.secondsLeft'),
    counter: i18n.t('transfer.kit.page.counter'),
    showQr: i18n.t('transfer.kit.page.showQr'),
    hideQr: i18n.t('transfer.kit.page.hideQr'),
    recoveryCodes: i18n.t('transfer.kit.page.recoveryCodes'),
    notes: i18n.t('transfer.kit.page.notes'),
    close: i18n.t('transfer.kit.page.close'),
    saveList: i18n.t('transfer.kit.page.saveList'),
    saveWarning: i18n.t('transfer.kit.page.saveWarning'),
    saveConfirm: i18n.t('transfer.kit.page.saveConfirm'),
    cancel: i18n.t('transfer.kit.page.cancel'),
  };
}
