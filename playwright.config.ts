import { defineConfig } from '@playwright/test';

// Browsers come from the system (scripts/find-chrome.mjs), never from Playwright's download:
// the fixture in tests/e2e/support/extension.ts launches Chromium itself with the extension.
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // `builds` only reads the four builds in .output (no browser), so npm test runs it once they
  // all exist, while `chromium` starts as soon as the Chromium e2e build does. Plain
  // `playwright test` runs both.
  projects: [
    { name: 'builds', testMatch: 'manifest.spec.ts', outputDir: 'test-results/builds' },
    { name: 'chromium', testIgnore: 'manifest.spec.ts', outputDir: 'test-results/chromium' },
  ],
  // Each test launches its own Chromium with its own profile, server port and output folder, so
  // tests run side by side. Two workers on two cores: three were faster on an idle machine and
  // much slower on a busy one (README, "The test suite"). Other machines: set E2E_WORKERS.
  workers: Number(process.env.E2E_WORKERS ?? 2),
  // Tests, not files, are handed out, so that neither worker sits idle while the other finishes
  // a long file. A file-level beforeAll (the fixture page server) then runs once per worker that
  // takes tests of that file; tests that share one browser are grouped with describe.serial.
  fullyParallel: true,
  retries: 0,
  // A hang guard for a busy machine; vault creation uses the e2e build's cheap Argon2id.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: 'list',
  // Each project's outputDir is beside test-results/firefox, not around it: npm test runs the
  // suites at once, and each run empties its own folder when it starts.
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
});
