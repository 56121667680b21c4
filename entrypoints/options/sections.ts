import { i18n } from '#i18n';

/**
 * The settings page's sections, one per capability, all on one page in this order. Each has an
 * anchor (#general, #transfer…), so a link or a reload lands on it; options.html without a hash
 * shows the page from the top.
 */
export type SectionId = 'general' | 'autofill' | 'backup' | 'security' | 'transfer' | 'about';

export interface SettingsSectionInfo {
  id: SectionId;
  /** A function so the text is read in the page's language when the page renders. */
  label: () => string;
}

export const SECTIONS: readonly SettingsSectionInfo[] = [
  { id: 'general', label: () => i18n.t('settings.nav.general') },
  { id: 'autofill', label: () => i18n.t('settings.nav.autofill') },
  { id: 'backup', label: () => i18n.t('settings.nav.backup') },
  { id: 'security', label: () => i18n.t('settings.nav.security') },
  { id: 'transfer', label: () => i18n.t('settings.nav.transfer') },
  { id: 'about', label: () => i18n.t('settings.nav.about') },
];

/** The section named in the address, or the first one. */
export function sectionFromHash(hash: string): SettingsSectionInfo {
  const id = hash.replace(/^#/, '');
  return SECTIONS.find((s) => s.id === id) ?? SECTIONS[0]!;
}
