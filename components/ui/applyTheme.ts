import { browser } from 'wxt/browser';
import {
  DENSITIES,
  parseGeneralSettings,
  THEMES,
  type Density,
  type GeneralSettings,
  type Theme,
} from '../../lib/core/settings/general';
import { sendMessage } from '../../lib/messaging';
import { request } from './request';

/**
 * The last theme seen, kept in this origin's localStorage so the next page paints in it at once
 * instead of flashing the system palette while the background answers. Not a secret.
 */
const CACHE_KEY = 'tessera.theme';
const DENSITY_CACHE_KEY = 'tessera.density';

function isTheme(value: unknown): value is Theme {
  return THEMES.includes(value as Theme);
}

/** Sets `<html data-theme>`, which components/ui/theme.css keys every palette on. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(CACHE_KEY, theme);
  } catch {
    // Storage can be unavailable (quota, policy); the setting itself still applies.
  }
}

/** Sets `<html data-density>`; the popup's rows read it (components/ui/theme.css). */
export function applyDensity(density: Density): void {
  document.documentElement.dataset.density = density;
  try {
    localStorage.setItem(DENSITY_CACHE_KEY, density);
  } catch {
    // As for the theme: the setting applies even when it cannot be cached.
  }
}

/** The settings object in a storage change, if that change is one (it carries a `theme`). */
function generalIn(value: unknown): GeneralSettings | null {
  if (typeof value !== 'object' || value === null || !('theme' in value)) return null;
  return parseGeneralSettings(value);
}

function cached(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/**
 * Call once per extension page before mounting: applies the cached theme and density
 * synchronously, then the stored settings from 'settings.get', then follows changes made in
 * any other page. The background mirrors both (cosmetic) into storage.local, so
 * storage.onChanged reaches every open page (popup, pop-out, settings tab) without the
 * background having to broadcast anything.
 */
export function startTheme(): () => void {
  const theme = cached(CACHE_KEY);
  if (isTheme(theme)) document.documentElement.dataset.theme = theme;
  const density = cached(DENSITY_CACHE_KEY);
  if (DENSITIES.includes(density as Density)) {
    document.documentElement.dataset.density = density as Density;
  }

  void request(() => sendMessage('settings.get')).then((result) => {
    if (!result.ok) return;
    applyTheme(result.value.theme);
    applyDensity(result.value.density);
  });

  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local') return;
    for (const change of Object.values(changes)) {
      const general = generalIn(change.newValue);
      if (!general) continue;
      applyTheme(general.theme);
      applyDensity(general.density);
    }
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
