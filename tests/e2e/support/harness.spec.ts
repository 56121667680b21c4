// Self-test of the e2e harness: the helpers other specs rely on must really do what they say.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_HOST, demoTotp, isValidDemoCode } from '../../../demo/account.mjs';
import {
  dumpStorage,
  EXPECTED_EXTENSION_ID,
  chromiumArgs,
  expect,
  reloadExtension,
  repoRoot,
  stopServiceWorker,
  test,
} from './extension';
import { startFixtureServer } from './server';

const PROBE_DIR = path.join(repoRoot, 'tests', 'e2e', 'support', 'probe-extension');

test.describe('the Tessera e2e build', () => {
  test('loads with its service worker and the id pinned by the manifest key', async ({
    extensionId,
    serviceWorker,
  }) => {
    expect(extensionId).toBe(EXPECTED_EXTENSION_ID);
    expect(serviceWorker.url()).toBe(`chrome-extension://${EXPECTED_EXTENSION_ID}/background.js`);
  });
});

/** The command line of this profile's browser process (Linux: /proc). */
function browserCommandLine(profileDir: string): string[] {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let args: string[];
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // Gone meanwhile.
    }
    const ours = args.some((a) => a === `--user-data-dir=${profileDir}`);
    if (ours && !args.some((a) => a.startsWith('--type='))) return args;
  }
  throw new Error(`No browser process with --user-data-dir=${profileDir}`);
}

test("Chromium gets one feature list: ours joined to Playwright's, neither replacing the other", async ({
  context,
  profileDir,
}) => {
  expect(context.pages().length).toBeGreaterThan(0);
  const args = browserCommandLine(profileDir);
  const lists = (switchName: string, from: string[]) =>
    from
      .filter((a) => a.startsWith(`${switchName}=`))
      .map((a) => a.slice(switchName.length + 1).split(','));
  expect(lists('--enable-features', args)).toHaveLength(1);
  const disabled = lists('--disable-features', args);
  expect(disabled).toHaveLength(1);
  const names = disabled.flat();
  const ours = lists('--disable-features', chromiumArgs(null)).flat();
  expect(ours.length).toBeGreaterThan(0);
  expect(names).toEqual(expect.arrayContaining(ours));
  // Playwright's own list (which keeps the browser off the network at startup) is still there.
  expect(names.filter((n) => !ours.includes(n)).length).toBeGreaterThan(3);
});

test.describe('harness helpers (probe extension)', () => {
  test.use({ extensionDir: PROBE_DIR });

  test('stopServiceWorker really stops it: the next message starts a fresh instance', async ({
    context,
    extensionId,
  }) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/manifest.json`);
    const instance = () =>
      page.evaluate(
        async () =>
          ((await chrome.runtime.sendMessage({ op: 'instance' })) as { instance: string }).instance,
      );
    await page.evaluate(() => chrome.storage.session.set({ kept: 'yes' }));
    const before = await instance();
    expect(await instance()).toBe(before);

    await stopServiceWorker(context, extensionId);

    const after = await instance();
    expect(after).not.toBe(before);
    // A worker restart is not a browser restart: the session area survives it.
    expect(await page.evaluate(() => chrome.storage.session.get('kept'))).toEqual({ kept: 'yes' });
  });

  test('reloadExtension restarts the extension and clears storage.session only', async ({
    context,
    extensionId,
  }) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/manifest.json`);
    await page.evaluate(async () => {
      await chrome.storage.session.set({ s: 1 });
      await chrome.storage.local.set({ l: 1 });
    });
    const before = await page.evaluate(
      async () =>
        ((await chrome.runtime.sendMessage({ op: 'instance' })) as { instance: string }).instance,
    );

    const worker = await reloadExtension(context, extensionId);
    expect(worker.url()).toContain(extensionId);

    const fresh = await context.newPage();
    await fresh.goto(`chrome-extension://${extensionId}/manifest.json`);
    const after = await fresh.evaluate(async () => ({
      session: await chrome.storage.session.get(null),
      local: await chrome.storage.local.get(null),
      instance: ((await chrome.runtime.sendMessage({ op: 'instance' })) as { instance: string })
        .instance,
    }));
    expect(after.session).toEqual({});
    expect(after.local).toEqual({ l: 1 });
    expect(after.instance).not.toBe(before);
  });

  test('dumpStorage shows IndexedDB bytes as text and leaves storage.session out', async ({
    context,
    extensionId,
  }) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/manifest.json`);
    await page.evaluate(async () => {
      await chrome.runtime.sendMessage({ op: 'putBytes', text: 'PLAINTEXT-IN-BYTES' });
      await chrome.storage.local.set({ note: btoa('HIDDEN-IN-BASE64') });
      await chrome.storage.sync.set({ synced: 'SYNCED-VALUE' });
      await chrome.storage.session.set({ key: 'SESSION-ONLY' });
    });

    const dump = await dumpStorage(context, extensionId);

    expect(dump).toContain('PLAINTEXT-IN-BYTES');
    expect(dump).toContain('HIDDEN-IN-BASE64');
    expect(dump).toContain('SYNCED-VALUE');
    expect(dump).not.toContain('SESSION-ONLY');
  });

  test('the fixture server serves the demo site under its .test host name', async ({ context }) => {
    const server = await startFixtureServer();
    try {
      const page = await context.newPage();
      await page.goto(server.url(DEMO_HOST, '/enroll.html'));
      await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
      await page.goto(server.url(DEMO_HOST, '/signin.html'));
      const wrong = ['000000', '111111', '222222'].find((c) => !isValidDemoCode(c))!;
      await page.getByLabel('Verification code').fill(wrong);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('status')).toContainText('not right');
      await page.getByLabel('Verification code').fill(demoTotp().generate());
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('status')).toContainText('Signed in');
    } finally {
      await server.close();
    }
  });
});
