// Locates a Chromium/Chrome binary we are allowed to drive. We never download a browser:
// tests and the demo use the one the system package manager installed (or CHROME_PATH).
import { findExecutable } from './lib/browser-install.mjs';

/** Where Debian/Ubuntu packages and the common installers put Chromium-family browsers. */
export const CHROME_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
];

/**
 * @returns {string | null} CHROME_PATH when it points at an executable, else the first
 *   executable candidate, else null.
 */
export function findChrome() {
  return findExecutable('CHROME_PATH', CHROME_CANDIDATES);
}
