// `npm test`: every check the project has. CI runs exactly this (see .ci/run).
//
// Two stages, each made of lanes that run side by side; the steps of a lane run in order. On a
// two-core machine one step alone leaves a core idle: svelte-check, ESLint and vitest (one
// worker by default on two cores) are each mostly single-threaded, and the browser journeys
// mostly wait (on the browser, on timers, on the real clock). So the unit tests, the lint and
// type check + builds run at once, then the Chromium journeys (two Playwright workers) beside
// the Firefox journeys. The first failure stops every lane; the summary names it and repeats
// the end of its output. Each output line is prefixed with its lane.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { E2E_EXTENSION_DIR, PRODUCTION_EXTENSION_DIR, repoRoot } from './lib/launch-extension.mjs';

const isCI = process.env.CI === 'true' || process.env.CI === '1';
const bin = (name) => path.join(repoRoot, 'node_modules', '.bin', name);
const node = (script) => ({
  cmd: process.execPath,
  args: [path.join(repoRoot, 'scripts', script)],
});

/**
 * @typedef {{ name: string, cmd: string, args: string[], after?: () => void }} Step
 * @typedef {{ tag: string, steps: Step[] }} Lane
 * @typedef {{ name: string, lanes: Lane[] }} Stage
 * @type {Stage[]}
 */
const stages = [
  {
    name: 'Checks and builds',
    lanes: [
      { tag: 'unit', steps: [{ name: 'Unit tests (vitest)', cmd: bin('vitest'), args: ['run'] }] },
      {
        tag: 'lint',
        steps: [
          { name: 'Lint (ESLint + Prettier)', cmd: 'npm', args: ['run', '--silent', 'lint'] },
        ],
      },
      {
        tag: 'build',
        steps: [
          // Before the builds, not beside them: each build rewrites .wxt/types (its public paths
          // differ between Chromium and Firefox), which svelte-check reads.
          { name: 'Type-check (svelte-check)', cmd: 'npm', args: ['run', '--silent', 'typecheck'] },
          { name: 'Build Chromium (production)', cmd: bin('wxt'), args: ['build'] },
          { name: 'Build Firefox (production)', cmd: bin('wxt'), args: ['build', '-b', 'firefox'] },
          { name: 'Lint Firefox build (web-ext lint)', ...node('lint-firefox.mjs') },
          {
            name: 'Build Chromium (e2e)',
            cmd: bin('wxt'),
            args: ['build', '--mode', 'e2e'],
            // WXT suffixes non-production modes (.output/chrome-mv3-e2e); if that ever changes,
            // the e2e build would silently replace the production one the manifest test inspects.
            after: () => {
              for (const dir of [PRODUCTION_EXTENSION_DIR, E2E_EXTENSION_DIR]) {
                if (!existsSync(path.join(dir, 'manifest.json'))) {
                  throw new Error(
                    `Expected a build in ${path.relative(repoRoot, dir)}, found none.`,
                  );
                }
              }
            },
          },
          {
            name: 'Build Firefox (e2e)',
            cmd: bin('wxt'),
            args: ['build', '-b', 'firefox', '--mode', 'e2e'],
          },
          { name: 'Chromium available', ...node('ensure-chromium.mjs') },
          { name: 'Firefox available', ...node('ensure-firefox.mjs') },
        ],
      },
    ],
  },
  {
    name: 'Browser tests',
    lanes: [
      {
        tag: 'chromium',
        steps: [
          {
            name: 'Browser tests in Chromium (Playwright)',
            cmd: bin('playwright'),
            args: ['test'],
          },
        ],
      },
      {
        tag: 'firefox',
        steps: [
          {
            // Playwright Test runs these; puppeteer-core drives Firefox ESR over WebDriver BiDi.
            name: 'Browser tests in Firefox (puppeteer over BiDi)',
            cmd: bin('playwright'),
            args: ['test', '-c', 'playwright.firefox.config.ts'],
          },
        ],
      },
    ],
  },
];

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const rule = '─'.repeat(72);
/** Lines of a failed step's output repeated in the summary. */
const TAIL_LINES = 120;

/** @type {Set<import('node:child_process').ChildProcess>} */
const running = new Set();
let stopping = false;

function stopAll() {
  stopping = true;
  for (const child of running) {
    // Each step leads its own process group, so its browsers and workers stop with it.
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
}

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => {
    stopAll();
    process.exit(130);
  });
}

/**
 * Runs one step with every output line prefixed by its lane's tag (lanes interleave), and keeps
 * the last lines for the failure summary.
 * @param {Step} step
 * @param {string} tag
 * @returns {Promise<{ code: number, tail: string[] }>}
 */
function run(step, tag) {
  return new Promise((resolve) => {
    /** @type {string[]} */
    const tail = [];
    const prefix = `[${tag}] `;
    const child = spawn(step.cmd, step.args, {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
      detached: true,
    });
    running.add(child);
    for (const [stream, out] of /** @type {const} */ ([
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ])) {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const l of lines) {
          out.write(prefix + l + '\n');
          tail.push(l);
          if (tail.length > TAIL_LINES) tail.shift();
        }
      });
      stream.on('end', () => {
        if (partial) {
          out.write(prefix + partial + '\n');
          tail.push(partial);
        }
      });
    }
    child.on('error', (e) => {
      tail.push(e.message);
      console.error(prefix + e.message);
    });
    child.on('exit', (code, signal) => {
      running.delete(child);
      const result = { code: signal ? 1 : (code ?? 1), tail };
      // Whatever the step left behind in its group would hold its output open: end it, and
      // settle once the output is read (or soon after, if a leftover escaped the group).
      try {
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
      } catch {
        // The group is already empty.
      }
      const late = setTimeout(() => resolve(result), 5_000);
      child.on('close', () => {
        clearTimeout(late);
        resolve(result);
      });
    });
  });
}

const started = Date.now();
/** @type {string[]} */
const timings = [];
/** @type {{ step: string, tail: string[] } | null} */
let failure = null;
const total = stages.reduce((n, s) => n + s.lanes.reduce((m, l) => m + l.steps.length, 0), 0);
let done = 0;

/** @param {Lane} lane */
async function runLane(lane) {
  for (const step of lane.steps) {
    if (stopping) return;
    const n = ++done;
    console.log(
      `\n[${lane.tag}] ${rule}\n[${lane.tag}] ▶ (${n}/${total}) ${step.name}\n[${lane.tag}]   $ ${[path.basename(step.cmd), ...step.args].join(' ')}${isCI ? ' (CI)' : ''}`,
    );
    const t0 = Date.now();
    let { code, tail } = await run(step, lane.tag);
    if (code === 0 && step.after) {
      try {
        step.after();
      } catch (e) {
        tail = [...tail, e instanceof Error ? e.message : String(e)];
        code = 1;
      }
    }
    if (stopping && code !== 0) {
      timings.push(`  ■ [${lane.tag}] ${step.name} (stopped after ${seconds(Date.now() - t0)})`);
      return;
    }
    timings.push(
      `  ${code === 0 ? '✔' : '✖'} [${lane.tag}] ${step.name} (${seconds(Date.now() - t0)})`,
    );
    console.log(
      `[${lane.tag}] ${code === 0 ? '✔' : '✖'} ${step.name} (${seconds(Date.now() - t0)})`,
    );
    if (code !== 0) {
      failure ??= { step: step.name, tail };
      stopAll();
      return;
    }
  }
}

for (const stage of stages) {
  const t0 = Date.now();
  timings.push(`${stage.name}: ${stage.lanes.map((l) => l.tag).join(' | ')}`);
  await Promise.all(stage.lanes.map(runLane));
  timings.push(`  = ${stage.name} took ${seconds(Date.now() - t0)}`);
  if (failure) break;
}

console.log(`\n${rule}\n${timings.join('\n')}\n${rule}`);
if (failure) {
  console.log(`Last lines of "${failure.step}":\n${failure.tail.join('\n')}\n${rule}`);
  console.log(`npm test: FAILED at "${failure.step}" after ${seconds(Date.now() - started)}`);
  process.exit(1);
}
console.log(`npm test: all ${total} steps passed in ${seconds(Date.now() - started)}`);
