import { defineConfig } from '@playwright/test';

// Firefox journeys: Playwright Test is only the runner here. Each test drives Debian's Firefox
// ESR through puppeteer-core over WebDriver BiDi (tests/e2e-firefox/support/firefox.ts), since
// Playwright's own Firefox client cannot create a context in stock Firefox.
export default defineConfig({
  testDir: 'tests/e2e-firefox',
  testMatch: '**/*.spec.ts',
  // One Firefox at a time: two Chromiums were already slower than one on the 2-core machine.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  // A hang guard for a small, busy machine; the e2e build's vaults use its cheap Argon2id, but the
  // kit journey opens a full-cost (64 MiB) slot on purpose.
  timeout: 180_000,
  expect: { timeout: 15_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: 'list',
  outputDir: 'test-results/firefox',
});
