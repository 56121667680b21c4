// Locates a Firefox binary the browser tests may drive. As for Chromium, nothing is downloaded:
// the tests use the distribution's Firefox ESR (or FIREFOX_PATH).
import { accessSync, constants } from 'node:fs';

/** Where Debian/Ubuntu packages and common installers put Firefox. */
export const FIREFOX_CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/snap/bin/firefox'];

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * @returns {string | null} FIREFOX_PATH when it points at an executable, else the first
 *   executable candidate, else null.
 */
export function findFirefox() {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv && isExecutable(fromEnv)) return fromEnv;
  return FIREFOX_CANDIDATES.find(isExecutable) ?? null;
}
