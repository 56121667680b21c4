import { defineConfig } from '@playwright/test';

// Firefox journeys: Playwright Test is only the runner here. Each test drives Debian's Firefox
// ESR through puppeteer-core over WebDriver BiDi (tests/e2e-firefox/support/firefox.ts), since
// Playwright's own Firefox client cannot create a context in stock Firefox.
export default defineConfig({
  testDir: 'tests/e2e-firefox',
  testMatch: '**/*.spec.ts',
  // One Firefox at a time: two cores do not fit two of them plus Argon2id.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  // Argon2id (64 MiB) in a headless Firefox on a small, busy machine, sometimes twice per test.
  timeout: 180_000,
  expect: { timeout: 15_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: 'list',
  outputDir: 'test-results/firefox',
});
