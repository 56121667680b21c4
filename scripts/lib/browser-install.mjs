// What ensure-chromium.mjs and ensure-firefox.mjs share: find a browser the system installed,
// or install the distribution's package as root. Nothing is ever downloaded from elsewhere.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * @param {string} envVar e.g. CHROME_PATH
 * @param {readonly string[]} candidates
 * @returns {string | null} the variable's path when executable, else the first executable
 *   candidate, else null.
 */
export function findExecutable(envVar, candidates) {
  const fromEnv = process.env[envVar];
  if (fromEnv && isExecutable(fromEnv)) return fromEnv;
  return candidates.find(isExecutable) ?? null;
}

export function isDebianLike() {
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

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

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

function aptInstall(packages) {
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', ...packages]);
}

/**
 * @typedef {{
 *   name: string,
 *   envVar: string,
 *   find: () => string | null,
 *   howTo: string,
 *   packages: string[],
 *   installable: () => boolean,
 *   languagePack?: { missing: () => boolean, package: string, why: string },
 * }} BrowserSpec
 * @param {BrowserSpec} spec
 * @returns {string} the browser path; throws with install instructions when none can be found
 *   or installed.
 */
export function ensureBrowser(spec) {
  const fromEnv = process.env[spec.envVar];
  if (fromEnv && spec.find() !== fromEnv) {
    console.warn(`${spec.envVar}=${fromEnv} is not an executable file; looking elsewhere.`);
  }
  const found = spec.find();
  if (found) {
    const pack = spec.languagePack;
    if (pack?.missing()) {
      if (isRoot()) {
        console.log(`Installing ${pack.package} (${pack.why}).`);
        aptInstall([pack.package]);
      } else {
        console.warn(
          `${pack.package} is missing (${pack.why}).\n  sudo apt-get install -y ${pack.package}`,
        );
      }
    }
    return found;
  }
  if (!isRoot() || !spec.installable()) throw new Error(`No ${spec.name} found.\n${spec.howTo}`);
  console.log(`No ${spec.name} found; installing ${spec.packages.join(' ')} (running as root).`);
  aptInstall(spec.packages);
  const installed = spec.find();
  if (!installed) {
    throw new Error(
      `apt-get installed ${spec.packages[0]} but no executable was found.\n${spec.howTo}`,
    );
  }
  return installed;
}

/** Runs `ensure` when `moduleUrl` is the script node was started with, and prints the path. */
export function runWhenMain(moduleUrl, label, ensure) {
  if (!process.argv[1] || fileURLToPath(moduleUrl) !== process.argv[1]) return;
  try {
    console.log(`${label}: ${ensure()}`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
