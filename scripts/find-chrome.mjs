// Locates a Chromium/Chrome binary we are allowed to drive. We never download a browser:
// tests and the demo use the one the system package manager installed (or CHROME_PATH).
import { accessSync, constants } from 'node:fs';

/** Where Debian/Ubuntu packages and the common installers put Chromium-family browsers. */
export const CHROME_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
];

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * @returns {string | null} CHROME_PATH when it points at an executable, else the first
 *   executable candidate, else null.
 */
export function findChrome() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv && isExecutable(fromEnv)) return fromEnv;
  return CHROME_CANDIDATES.find(isExecutable) ?? null;
}
