// `web-ext lint` of the Firefox build: the checks addons.mozilla.org runs on upload (manifest
// keys, unsupported APIs, unsafe DOM writes). Fails on errors only; warnings are listed so a new
// one is noticed in review. Offline: the linter ships its rules, nothing is fetched.
//
// Usage: node scripts/lint-firefox.mjs [build dir, default .output/firefox-mv2]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = path.resolve(repoRoot, process.argv[2] ?? path.join('.output', 'firefox-mv2'));

if (!existsSync(path.join(sourceDir, 'manifest.json'))) {
  console.error(
    `No Firefox build at ${path.relative(repoRoot, sourceDir)}: run \`npm run build:firefox\`.`,
  );
  process.exit(1);
}

// Not --self-hosted: the package is meant for addons.mozilla.org, so its listing checks apply.
// JSON because the text table is cut to the terminal's width in CI logs.
const run = spawnSync(
  path.join(repoRoot, 'node_modules', '.bin', 'web-ext'),
  ['lint', '--source-dir', sourceDir, '--no-config-discovery', '--output', 'json'],
  {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // web-ext otherwise asks the npm registry whether a newer web-ext exists.
    env: { ...process.env, NO_UPDATE_NOTIFIER: '1' },
  },
);
if (run.error) throw run.error;

/** @typedef {{ code: string, message: string, description?: string | string[], file?: string, line?: number }} Message */
/** @type {{ summary: { errors: number, warnings: number, notices: number }, errors: Message[], warnings: Message[], notices: Message[] }} */
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error(run.stdout, run.stderr);
  console.error(`web-ext lint gave no report (exit code ${run.status}).`);
  process.exit(1);
}

/** @param {Message} m */
const where = (m) => (m.file ? ` (${m.file}${m.line ? `:${m.line}` : ''})` : '');
for (const kind of /** @type {const} */ (['errors', 'warnings', 'notices'])) {
  for (const m of report[kind])
    console.log(`${kind.slice(0, -1)}: ${m.code}: ${m.message}${where(m)}`);
}
const { errors, warnings, notices } = report.summary;
console.log(`web-ext lint: ${errors} errors, ${warnings} warnings, ${notices} notices`);
process.exit(errors > 0 || run.status !== 0 ? 1 : 0);
