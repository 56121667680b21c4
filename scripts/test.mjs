// `npm test`: every check the project has. CI runs exactly this (see .ci/run).
//
// Lanes run side by side; the steps of a lane run in order, and a lane may wait for a step of
// another lane (`needs`). The Chromium journeys are the longest lane by far, so the build lane
// makes the Chromium e2e build first and the Chromium journeys begin as soon as it exists, while
// the unit tests, the lint and the other builds still run; the Firefox journeys begin once the
// Firefox e2e build exists. Nothing waits for a step it does not need. On two cores this mostly
// moves the waiting around: the whole run is bound by CPU (the Chromium journeys alone kept two
// cores about 88 % busy, measured while an open popup still redrew every frame), so the steps
// beside them slow them down by about what starting early gains. With more cores it should
// shorten the run (not measured yet). The first failure stops every lane (and every lane still
// waiting); the summary names it and repeats the end of its output. Each output line is
// prefixed with its lane.
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

/** @param {string} dir */
const expectBuild = (dir) => () => {
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    throw new Error(`Expected a build in ${path.relative(repoRoot, dir)}, found none.`);
  }
};

/**
 * `done` names the step for lanes that wait on it (`needs`).
 * @typedef {{ name: string, cmd: string, args: string[], after?: () => void, done?: string }} Step
 * @typedef {{ tag: string, needs?: string[], steps: Step[] }} Lane
 * @type {Lane[]}
 */
const lanes = [
  { tag: 'unit', steps: [{ name: 'Unit tests (vitest)', cmd: bin('vitest'), args: ['run'] }] },
  {
    tag: 'lint',
    steps: [{ name: 'Lint (ESLint + Prettier)', cmd: 'npm', args: ['run', '--silent', 'lint'] }],
  },
  {
    tag: 'build',
    steps: [
      {
        name: 'Build Chromium (e2e)',
        cmd: bin('wxt'),
        args: ['build', '--mode', 'e2e'],
        // WXT suffixes non-production modes (.output/chrome-mv3-e2e); if that ever changes, the
        // e2e build and the production one the manifest test inspects would replace each other.
        after: expectBuild(E2E_EXTENSION_DIR),
      },
      { name: 'Chromium available', ...node('ensure-chromium.mjs'), done: 'chromium-e2e' },
      {
        name: 'Build Firefox (e2e)',
        cmd: bin('wxt'),
        args: ['build', '-b', 'firefox', '--mode', 'e2e'],
      },
      { name: 'Firefox available', ...node('ensure-firefox.mjs'), done: 'firefox-e2e' },
      {
        name: 'Build Chromium (production)',
        cmd: bin('wxt'),
        args: ['build'],
        after: () => [E2E_EXTENSION_DIR, PRODUCTION_EXTENSION_DIR].forEach((d) => expectBuild(d)()),
      },
      { name: 'Build Firefox (production)', cmd: bin('wxt'), args: ['build', '-b', 'firefox'] },
      { name: 'Lint Firefox build (web-ext lint)', ...node('lint-firefox.mjs') },
      {
        // The manifest checks read all four builds (tests/e2e/manifest.spec.ts); no browser.
        name: 'Check the builds (Playwright, manifest.spec.ts)',
        cmd: bin('playwright'),
        args: ['test', '--project', 'builds'],
      },
      // Last, once no build runs any more: each build rewrites .wxt/types (its public paths
      // differ between Chromium and Firefox), which svelte-check reads. `wxt prepare` puts the
      // Chromium types back, as `npm install` leaves them.
      { name: 'Types for the type check (wxt prepare)', cmd: bin('wxt'), args: ['prepare'] },
      { name: 'Type-check (svelte-check)', cmd: 'npm', args: ['run', '--silent', 'typecheck'] },
    ],
  },
  {
    tag: 'chromium',
    needs: ['chromium-e2e'],
    steps: [
      {
        name: 'Browser tests in Chromium (Playwright)',
        cmd: bin('playwright'),
        args: ['test', '--project', 'chromium'],
      },
    ],
  },
  {
    tag: 'firefox',
    needs: ['firefox-e2e'],
    steps: [
      {
        // Playwright Test runs these; puppeteer-core drives Firefox ESR over WebDriver BiDi.
        name: 'Browser tests in Firefox (puppeteer over BiDi)',
        cmd: bin('playwright'),
        args: ['test', '-c', 'playwright.firefox.config.ts'],
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
/** Summary lines per lane, printed in lane order whatever order the lanes finish in. */
const timingsOf = new Map(lanes.map((l) => [l.tag, /** @type {string[]} */ ([])]));
/** @type {{ step: string, tail: string[] } | null} */
let failure = null;
const total = lanes.reduce((n, l) => n + l.steps.length, 0);
let done = 0;

/** Steps other lanes wait on, settled true once passed, false if the run stops before. */
const milestones = new Map(
  lanes
    .flatMap((l) => l.steps.flatMap((s) => (s.done ? [s.done] : [])))
    .map((name) => {
      /** @type {(passed: boolean) => void} */
      let settle = () => {};
      const passed = new Promise((resolve) => (settle = resolve));
      return [name, { passed, settle }];
    }),
);
for (const lane of lanes) {
  for (const need of lane.needs ?? []) {
    if (!milestones.has(need)) throw new Error(`Lane ${lane.tag} waits for unknown "${need}".`);
  }
}
const settleAllMilestones = () => {
  for (const m of milestones.values()) m.settle(false);
};

/** @param {Lane} lane */
async function runLane(lane) {
  const timings = timingsOf.get(lane.tag) ?? [];
  const needs = lane.needs ?? [];
  if (needs.length > 0) {
    const ready = await Promise.all(needs.map((n) => milestones.get(n)?.passed));
    if (stopping || !ready.every(Boolean)) {
      timings.push(`  ■ [${lane.tag}] not started (it waited for ${needs.join(', ')})`);
      return;
    }
    console.log(`[${lane.tag}] starts at ${seconds(Date.now() - started)} (${needs.join(', ')})`);
  }
  const laneStart = Date.now();
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
      settleAllMilestones();
      return;
    }
    if (step.done) milestones.get(step.done)?.settle(true);
  }
  timings.push(
    `  = [${lane.tag}] from ${seconds(laneStart - started)} to ${seconds(Date.now() - started)}`,
  );
}

await Promise.all(lanes.map(runLane));

const timings = [...timingsOf.values()].flat();
console.log(`\n${rule}\n${timings.join('\n')}\n${rule}`);
if (failure) {
  console.log(`Last lines of "${failure.step}":\n${failure.tail.join('\n')}\n${rule}`);
  console.log(`npm test: FAILED at "${failure.step}" after ${seconds(Date.now() - started)}`);
  process.exit(1);
}
console.log(`npm test: all ${total} steps passed in ${seconds(Date.now() - started)}`);
