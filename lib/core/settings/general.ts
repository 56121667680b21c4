/** How pages look: the system's light/dark choice, or one the user picked. */
export type Theme = 'system' | 'light' | 'dark' | 'high-contrast';

export const THEMES: readonly Theme[] = ['system', 'light', 'dark', 'high-contrast'];

/** How tightly the popup packs its account rows. */
export type Density = 'comfortable' | 'compact';

export const DENSITIES: readonly Density[] = ['comfortable', 'compact'];

/** Preferences that are not secret (storage.local), shown on the settings page. */
export interface GeneralSettings {
  theme: Theme;
  /** Seconds after a copy before the clipboard is cleared (if it still holds the code); 0 = never. */
  clipboardClearSeconds: number;
  density: Density;
}

export const CLIPBOARD_CLEAR_CHOICES: readonly number[] = [0, 15, 30, 60, 120];

export const DEFAULT_GENERAL_SETTINGS: GeneralSettings = {
  theme: 'system',
  clipboardClearSeconds: 30,
  density: 'comfortable',
};

/** Anything unexpected read from storage falls back to the default, field by field. */
export function parseGeneralSettings(value: unknown): GeneralSettings {
  const v = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const theme = THEMES.includes(v.theme as Theme)
    ? (v.theme as Theme)
    : DEFAULT_GENERAL_SETTINGS.theme;
  const clear = v.clipboardClearSeconds;
  const clipboardClearSeconds =
    typeof clear === 'number' && CLIPBOARD_CLEAR_CHOICES.includes(clear)
      ? clear
      : DEFAULT_GENERAL_SETTINGS.clipboardClearSeconds;
  const density = DENSITIES.includes(v.density as Density)
    ? (v.density as Density)
    : DEFAULT_GENERAL_SETTINGS.density;
  return { theme, clipboardClearSeconds, density };
}
