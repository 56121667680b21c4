// A Chromium that sees an admin's managed policy for Tessera, for the policy and settings tests.
// Chromium on Linux reads /etc/chromium/policies/managed/*.json; writing there would change
// every other Chromium on this machine (other test runs included), so the policy lives in a
// temporary directory that is bind-mounted over /etc/chromium inside a private mount namespace
// (unshare -m) of this test's browser only. Nothing outside that browser sees it, and the
// namespace disappears with the browser. This needs root (CI and the dev container).
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from '@playwright/test';
import {
  E2E_EXTENSION_DIR,
  EXPECTED_EXTENSION_ID,
  chromiumArgs,
  chromiumLaunch,
  makeProfileDir,
} from '../../../scripts/lib/launch-extension.mjs';

export const NO_PRIVATE_MOUNT = 'needs root and unshare to deploy a private Chromium policy';

export function canMountPrivately(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  try {
    execFileSync('unshare', ['--mount', '--propagation', 'private', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface PolicyBrowser {
  context: BrowserContext;
  /** Replaces the deployed policy, as an admin would; the running browser notices by itself. */
  deploy(policy: Record<string, unknown>): void;
  close(): Promise<void>;
}

/** The e2e build in a fresh profile of a Chromium that has `policy` deployed ("3rdparty"). */
export async function launchWithPolicy(policy: Record<string, unknown>): Promise<PolicyBrowser> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tessera-policy-'));
  const etc = path.join(dir, 'etc-chromium');
  const file = path.join(etc, 'policies', 'managed', 'tessera-test.json');
  const deploy = (p: Record<string, unknown>) =>
    writeFileSync(
      file,
      JSON.stringify({ '3rdparty': { extensions: { [EXPECTED_EXTENSION_ID]: p } } }),
    );
  // Keep what Debian ships there (master_preferences), so only the policy differs.
  if (existsSync('/etc/chromium')) cpSync('/etc/chromium', etc, { recursive: true });
  mkdirSync(path.dirname(file), { recursive: true });
  deploy(policy);
  const { executablePath, env } = chromiumLaunch();
  const launcher = path.join(dir, 'chromium-with-policy');
  writeFileSync(
    launcher,
    [
      '#!/bin/sh',
      // exec all the way down: Playwright's pipes (fds 3 and 4) and its process id stay intact.
      `exec unshare --mount --propagation private sh -c 'mkdir -p /etc/chromium && mount --bind "$0" /etc/chromium && exec "$@"' ${JSON.stringify(etc)} ${JSON.stringify(executablePath)} "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(launcher, 0o755);
  const profileDir = makeProfileDir('tessera-policy-profile-');
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: launcher,
    env,
    headless: true,
    args: chromiumArgs(E2E_EXTENSION_DIR),
  });
  return {
    context,
    deploy,
    async close() {
      await context.close();
      await rm(profileDir, { recursive: true, force: true, maxRetries: 3 });
      await rm(dir, { recursive: true, force: true });
    },
  };
}
