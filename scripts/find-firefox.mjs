// Locates a Firefox binary the browser tests may drive. As for Chromium, nothing is downloaded:
// the tests use the distribution's Firefox ESR (or FIREFOX_PATH).
import { findExecutable } from './lib/browser-install.mjs';

/** Where Debian/Ubuntu packages and common installers put Firefox. */
export const FIREFOX_CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/snap/bin/firefox'];

/**
 * @returns {string | null} FIREFOX_PATH when it points at an executable, else the first
 *   executable candidate, else null.
 */
export function findFirefox() {
  return findExecutable('FIREFOX_PATH', FIREFOX_CANDIDATES);
}
