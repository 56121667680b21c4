// Makes sure a Chromium exists before browser tests run. The only install path is the
// distribution's package manager (Debian/Ubuntu, as root): no browser downloads from elsewhere.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findChrome } from './find-chrome.mjs';

function isDebianLike() {
  if (existsSync('/etc/debian_version')) return true;
  try {
    const osRelease = readFileSync('/etc/os-release', 'utf8');
    const ids = [...osRelease.matchAll(/^(?:ID|ID_LIKE)=(.*)$/gm)].flatMap((m) =>
      m[1].replace(/["']/g, '').split(/\s+/),
    );
    return ids.includes('debian') || ids.includes('ubuntu');
  } catch {
    return false;
  }
}

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
  'Tessera needs a Chromium-family browser for its browser tests and demo.',
  'Install one with your package manager, for example:',
  '  Debian/Ubuntu:  sudo apt-get install -y chromium',
  '  Fedora:         sudo dnf install -y chromium',
  '  Arch:           sudo pacman -S chromium',
  'or point CHROME_PATH at an existing Chrome/Chromium executable:',
  '  CHROME_PATH=/path/to/chrome npm test',
].join('\n');

/**
 * Debian splits Chromium's UI languages into chromium-l10n; without it the browser (and so the
 * extension's i18n.getUILanguage) is English whatever --lang says, and the per-language browser
 * tests cannot run. Installed alongside, from the same package source.
 */
function ensureDebianLanguagePacks(isRoot) {
  const debianChromium = existsSync('/usr/lib/chromium/chromium');
  if (!debianChromium || existsSync('/usr/lib/chromium/locales/it.pak')) return;
  if (!isRoot) {
    console.warn(
      "Debian's chromium-l10n is missing: the browser tests in other languages will fail.\n" +
        '  sudo apt-get install -y chromium-l10n',
    );
    return;
  }
  console.log("Installing Debian's chromium-l10n (Chromium's UI languages, for the locale tests).");
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', 'chromium-l10n']);
}

/**
 * @returns {string} the browser path; throws with install instructions when none can be found
 *   or installed.
 */
export function ensureChromium() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv && findChrome() !== fromEnv) {
    console.warn(`CHROME_PATH=${fromEnv} is not an executable file; looking elsewhere.`);
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const found = findChrome();
  if (found) {
    if (isDebianLike()) ensureDebianLanguagePacks(isRoot);
    return found;
  }
  if (!isRoot || !isDebianLike()) {
    throw new Error(`No Chromium found.\n${HOW_TO}`);
  }
  console.log('No Chromium found; installing the Debian package (running as root).');
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', 'chromium', 'chromium-l10n']);
  const installed = findChrome();
  if (!installed)
    throw new Error(`apt-get installed chromium but no executable was found.\n${HOW_TO}`);
  return installed;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    console.log(`Chromium: ${ensureChromium()}`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
