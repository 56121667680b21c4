// Makes sure a Firefox exists before the Firefox browser tests run. The only install path is the
// distribution's package manager (Debian's firefox-esr, as root): no browser downloads from
// elsewhere. puppeteer-core drives it over WebDriver BiDi, which needs Firefox 129 or later.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findFirefox } from './find-firefox.mjs';

function run(cmd, args) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  // stdio inherited so apt's progress streams; noninteractive because CI has no stdin.
  const r = spawnSync(cmd, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
}

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

function ensureDebianLanguagePack(isRoot) {
  if (!existsSync('/usr/lib/firefox-esr/firefox-esr') || existsSync(LANGPACK)) return;
  if (!isRoot) {
    console.warn(
      "Debian's German Firefox langpack is missing: the Firefox locale test will fail.\n" +
        '  sudo apt-get install -y firefox-esr-l10n-de',
    );
    return;
  }
  console.log("Installing Debian's firefox-esr-l10n-de (the Firefox locale test's language).");
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', 'firefox-esr-l10n-de']);
}

/**
 * @returns {string} the browser path; throws with install instructions when none can be found
 *   or installed.
 */
export function ensureFirefox() {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv && findFirefox() !== fromEnv) {
    console.warn(`FIREFOX_PATH=${fromEnv} is not an executable file; looking elsewhere.`);
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const found = findFirefox();
  if (found) {
    ensureDebianLanguagePack(isRoot);
    return found;
  }
  // Debian names the package firefox-esr; Ubuntu's firefox is a snap wrapper, so only Debian.
  if (!isRoot || !existsSync('/etc/debian_version')) {
    throw new Error(`No Firefox found.\n${HOW_TO}`);
  }
  console.log('No Firefox found; installing the Debian package firefox-esr (running as root).');
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', 'firefox-esr', 'firefox-esr-l10n-de']);
  const installed = findFirefox();
  if (!installed)
    throw new Error(`apt-get installed firefox-esr but no executable was found.\n${HOW_TO}`);
  return installed;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    console.log(`Firefox: ${ensureFirefox()}`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
