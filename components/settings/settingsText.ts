import { i18n } from '#i18n';
import type { Density, Theme } from '../../lib/core/settings/general';

// Literal keys in lookup tables, so the catalogue test can see that each one is used.
const THEME_TEXT: Record<Theme, () => string> = {
  system: () => i18n.t('settings.general.themes.system'),
  light: () => i18n.t('settings.general.themes.light'),
  dark: () => i18n.t('settings.general.themes.dark'),
  'high-contrast': () => i18n.t('settings.general.themes.highContrast'),
};

export function themeText(theme: Theme): string {
  return THEME_TEXT[theme]();
}

const DENSITY_TEXT: Record<Density, () => string> = {
  comfortable: () => i18n.t('settings.general.densities.comfortable'),
  compact: () => i18n.t('settings.general.densities.compact'),
};

export function densityText(density: Density): string {
  return DENSITY_TEXT[density]();
}

/** "Never", "After 30 seconds", "After 2 minutes" for a CLIPBOARD_CLEAR_CHOICES value. */
export function clipboardClearText(seconds: number): string {
  if (seconds === 0) return i18n.t('settings.general.clipboardNever');
  if (seconds % 60 === 0) return i18n.t('settings.general.clipboardMinutes', seconds / 60);
  return i18n.t('settings.general.clipboardSeconds', seconds);
}
