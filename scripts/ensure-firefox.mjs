// Makes sure a Firefox exists before the Firefox browser tests run. The only install path is the
// distribution's package manager (Debian's firefox-esr, as root): no browser downloads from
// elsewhere. puppeteer-core drives it over WebDriver BiDi, which needs Firefox 129 or later.
import { existsSync } from 'node:fs';
import { ensureBrowser, runWhenMain } from './lib/browser-install.mjs';
import { findFirefox } from './find-firefox.mjs';

const HOW_TO = [
  'Tessera runs its Firefox browser tests in Firefox ESR (128 or later).',
  'Install it with your package manager, for example:',
  '  Debian:         sudo apt-get install -y firefox-esr',
  '  Ubuntu:         sudo apt-get install -y firefox   (or the Mozilla APT repository)',
  '  Fedora:         sudo dnf install -y firefox',
  'or point FIREFOX_PATH at an existing Firefox executable:',
  '  FIREFOX_PATH=/path/to/firefox npm test',
].join('\n');

/** Debian's German langpack: the Firefox locale journey needs a UI language other than English. */
const LANGPACK = '/usr/lib/firefox-esr/browser/extensions/langpack-de@firefox-esr.mozilla.org.xpi';

/**
 * @returns {string} the browser path; throws with install instructions when none can be found
 *   or installed.
 */
export function ensureFirefox() {
  return ensureBrowser({
    name: 'Firefox',
    envVar: 'FIREFOX_PATH',
    find: findFirefox,
    howTo: HOW_TO,
    packages: ['firefox-esr', 'firefox-esr-l10n-de'],
    // Debian names the package firefox-esr; Ubuntu's firefox is a snap wrapper, so only Debian.
    installable: () => existsSync('/etc/debian_version'),
    languagePack: {
      missing: () => existsSync('/usr/lib/firefox-esr/firefox-esr') && !existsSync(LANGPACK),
      package: 'firefox-esr-l10n-de',
      why: "the Firefox locale test's language",
    },
  });
}

runWhenMain(import.meta.url, 'Firefox', ensureFirefox);
