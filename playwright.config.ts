import { defineConfig } from '@playwright/test';

// Browsers come from the system (scripts/find-chrome.mjs), never from Playwright's download:
// the fixture in tests/e2e/support/extension.ts launches Chromium itself with the extension.
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // Each test launches its own Chromium with its own profile, server port and output folder, so
  // files could run side by side; on the 2-core machine two workers were slower than one (and
  // pushed the axe test past its guard), measured with the fast e2e KDF. More cores: set
  // E2E_WORKERS.
  workers: Number(process.env.E2E_WORKERS ?? 1),
  fullyParallel: false,
  retries: 0,
  // A hang guard for a busy machine; vault creation uses the e2e build's cheap Argon2id.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: 'list',
  outputDir: 'test-results',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
});
