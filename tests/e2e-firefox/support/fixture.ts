/**
 * Playwright Test as a plain runner for the Firefox journeys: each test gets a fresh Firefox
 * profile with Tessera installed, and the fixture server for pages under *.test host names.
 */
import { test as base } from '@playwright/test';
import { startFixtureServer, type FixtureServer } from '../../e2e/support/server';
import {
  launchFirefox,
  makeFirefoxProfileDir,
  removeProfileDir,
  type FirefoxSession,
} from './firefox';

export { expect } from '@playwright/test';

export interface FirefoxFixtures {
  profileDir: string;
  /** Firefox UI language for this test (intl.locale.requested). */
  firefoxLocale: string;
  /** More about:config prefs for this test's profile. */
  firefoxPrefs: Record<string, string | number | boolean>;
  firefox: FirefoxSession;
}

export interface FirefoxWorkerFixtures {
  server: FixtureServer;
}

export const test = base.extend<FirefoxFixtures, FirefoxWorkerFixtures>({
  server: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startFixtureServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  firefoxLocale: ['en-US', { option: true }],
  firefoxPrefs: [{}, { option: true }],
  // eslint-disable-next-line no-empty-pattern
  profileDir: async ({}, use) => {
    const dir = makeFirefoxProfileDir();
    await use(dir);
    await removeProfileDir(dir);
  },
  firefox: async ({ profileDir, firefoxLocale, firefoxPrefs }, use) => {
    const session = await launchFirefox({
      profileDir,
      locale: firefoxLocale,
      prefs: firefoxPrefs,
    });
    // A test may close it itself to restart the browser on the same profile.
    await use(session);
    await session.close().catch(() => {});
  },
});
