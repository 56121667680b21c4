// `npm test`: every check the project has, in the order a failure is cheapest to find, stopping
// at the first failure. CI runs exactly this (see .ci/run).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { E2E_EXTENSION_DIR, PRODUCTION_EXTENSION_DIR, repoRoot } from './lib/launch-extension.mjs';

const isCI = process.env.CI === 'true' || process.env.CI === '1';
const bin = (name) => path.join(repoRoot, 'node_modules', '.bin', name);

/**
 * @typedef {{ name: string, cmd: string, args: string[], after?: () => void }} Step
 * @type {Step[]}
 */
const steps = [
  { name: 'Type-check (svelte-check)', cmd: 'npm', args: ['run', '--silent', 'typecheck'] },
  { name: 'Lint (ESLint + Prettier)', cmd: 'npm', args: ['run', '--silent', 'lint'] },
  { name: 'Unit tests (vitest)', cmd: bin('vitest'), args: ['run'] },
  { name: 'Build Chromium (production)', cmd: bin('wxt'), args: ['build'] },
  { name: 'Build Firefox (production)', cmd: bin('wxt'), args: ['build', '-b', 'firefox'] },
  {
    name: 'Lint Firefox build (web-ext lint)',
    cmd: process.execPath,
    args: [path.join(repoRoot, 'scripts', 'lint-firefox.mjs')],
  },
  {
    name: 'Build Chromium (e2e)',
    cmd: bin('wxt'),
    args: ['build', '--mode', 'e2e'],
    // WXT suffixes non-production modes (.output/chrome-mv3-e2e); if that ever changes, the
    // e2e build would silently replace the production one the manifest test inspects.
    after: () => {
      for (const dir of [PRODUCTION_EXTENSION_DIR, E2E_EXTENSION_DIR]) {
        if (!existsSync(path.join(dir, 'manifest.json'))) {
          throw new Error(`Expected a build in ${path.relative(repoRoot, dir)}, found none.`);
        }
      }
    },
  },
  {
    name: 'Chromium available',
    cmd: process.execPath,
    args: [path.join(repoRoot, 'scripts', 'ensure-chromium.mjs')],
  },
  {
    name: 'Build Firefox (e2e)',
    cmd: bin('wxt'),
    args: ['build', '-b', 'firefox', '--mode', 'e2e'],
  },
  { name: 'Browser tests in Chromium (Playwright)', cmd: bin('playwright'), args: ['test'] },
  {
    name: 'Firefox available',
    cmd: process.execPath,
    args: [path.join(repoRoot, 'scripts', 'ensure-firefox.mjs')],
  },
  {
    // Playwright Test runs these; puppeteer-core drives Firefox ESR over WebDriver BiDi.
    name: 'Browser tests in Firefox (puppeteer over BiDi)',
    cmd: bin('playwright'),
    args: ['test', '-c', 'playwright.firefox.config.ts'],
  },
];

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: process.env,
    });
    child.on('error', (e) => {
      console.error(e.message);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const line = '─'.repeat(72);
const started = Date.now();
const timings = [];

for (const [i, step] of steps.entries()) {
  console.log(
    `\n${line}\n▶ [${i + 1}/${steps.length}] ${step.name}\n  $ ${[path.basename(step.cmd), ...step.args].join(' ')}${isCI ? ` (CI)` : ''}\n${line}`,
  );
  const t0 = Date.now();
  let code = await run(step.cmd, step.args);
  if (code === 0 && step.after) {
    try {
      step.after();
    } catch (e) {
      console.error(e instanceof Error ? e.message : String(e));
      code = 1;
    }
  }
  timings.push(`${code === 0 ? '✔' : '✖'} ${step.name} (${seconds(Date.now() - t0)})`);
  if (code !== 0) {
    console.log(`\n${line}\n${timings.join('\n')}\n${line}`);
    console.log(
      `npm test: FAILED at step ${i + 1}/${steps.length} "${step.name}" after ${seconds(Date.now() - started)}`,
    );
    process.exit(code);
  }
}

console.log(`\n${line}\n${timings.join('\n')}\n${line}`);
console.log(`npm test: all ${steps.length} steps passed in ${seconds(Date.now() - started)}`);
