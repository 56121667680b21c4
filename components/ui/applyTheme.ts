import { browser } from 'wxt/browser';
import { parseGeneralSettings, THEMES, type Theme } from '../../lib/core/settings/general';
import { sendMessage } from '../../lib/messaging';
import { request } from './request';

/**
 * The last theme seen, kept in this origin's localStorage so the next page paints in it at once
 * instead of flashing the system palette while the background answers. Not a secret.
 */
const CACHE_KEY = 'tessera.theme';

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

/** The settings object in a storage change, if that change is one (it carries a `theme`). */
function themeIn(value: unknown): Theme | null {
  if (typeof value !== 'object' || value === null || !('theme' in value)) return null;
  return parseGeneralSettings(value).theme;
}

/**
 * Call once per extension page before mounting: applies the cached theme synchronously, then
 * the stored setting from 'settings.get', then follows changes made in any other page. The
 * background mirrors the theme (cosmetic) into storage.local, so storage.onChanged reaches every
 * open page (popup, pop-out, settings tab) without the background having to broadcast anything.
 */
export function startTheme(): () => void {
  let cached: string | null = null;
  try {
    cached = localStorage.getItem(CACHE_KEY);
  } catch {
    cached = null;
  }
  if (isTheme(cached)) document.documentElement.dataset.theme = cached;

  void request(() => sendMessage('settings.get')).then((result) => {
    if (result.ok) applyTheme(result.value.theme);
  });

  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local') return;
    for (const change of Object.values(changes)) {
      const theme = themeIn(change.newValue);
      if (theme) applyTheme(theme);
    }
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
