// Makes sure a Chromium exists before browser tests run. The only install path is the
// distribution's package manager (Debian/Ubuntu, as root): no browser downloads from elsewhere.
import { existsSync } from 'node:fs';
import { ensureBrowser, isDebianLike, runWhenMain } from './lib/browser-install.mjs';
import { findChrome } from './find-chrome.mjs';

const HOW_TO = [
  'Tessera needs a Chromium-family browser for its browser tests and demo.',
  'Install one with your package manager, for example:',
  '  Debian/Ubuntu:  sudo apt-get install -y chromium',
  '  Fedora:         sudo dnf install -y chromium',
  '  Arch:           sudo pacman -S chromium',
  'or point CHROME_PATH at an existing Chrome/Chromium executable:',
  '  CHROME_PATH=/path/to/chrome npm test',
].join('\n');

/**
 * @returns {string} the browser path; throws with install instructions when none can be found
 *   or installed.
 */
export function ensureChromium() {
  return ensureBrowser({
    name: 'Chromium',
    envVar: 'CHROME_PATH',
    find: findChrome,
    howTo: HOW_TO,
    packages: ['chromium', 'chromium-l10n'],
    installable: isDebianLike,
    // Debian splits Chromium's UI languages into chromium-l10n; without it the browser (and so
    // the extension's i18n.getUILanguage) is English whatever --lang says, and the per-language
    // browser tests cannot run.
    languagePack: {
      missing: () =>
        isDebianLike() &&
        existsSync('/usr/lib/chromium/chromium') &&
        !existsSync('/usr/lib/chromium/locales/it.pak'),
      package: 'chromium-l10n',
      why: "Chromium's UI languages, for the locale tests",
    },
  });
}

runWhenMain(import.meta.url, 'Chromium', ensureChromium);
