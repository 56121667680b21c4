import { defineConfig } from '@playwright/test';

// Browsers come from the system (scripts/find-chrome.mjs), never from Playwright's download:
// the fixture in tests/e2e/support/extension.ts launches Chromium itself with the extension.
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // Each test launches its own Chromium; two cores do not fit two of them plus Argon2id.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  // Vault creation runs Argon2id (64 MiB) in a headless browser on a small CI machine.
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
