import { defineConfig } from '@playwright/test';

// Browsers come from the system (scripts/find-chrome.mjs), never from Playwright's download:
// the fixture in tests/e2e/support/extension.ts launches Chromium itself with the extension.
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // Each test launches its own Chromium with its own profile, server port and output folder, so
  // files run side by side. Two workers even on two cores: one worker kept the CPU busy only a
  // fraction of the time (the journeys mostly wait on the browser, timers and the real clock),
  // so a second one overlaps that waiting. Other machines: set E2E_WORKERS.
  workers: Number(process.env.E2E_WORKERS ?? 2),
  fullyParallel: false,
  retries: 0,
  // A hang guard for a busy machine; vault creation uses the e2e build's cheap Argon2id.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: 'list',
  // Beside test-results/firefox, not around it: npm test runs both suites at once, and each run
  // empties its own folder when it starts.
  outputDir: 'test-results/chromium',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
});
