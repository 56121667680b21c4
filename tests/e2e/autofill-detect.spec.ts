// Code-field detection by the built content script, in real Chromium, over the fixture corpus
// in tests/e2e/pages/autofill/detect-*.html. Every input there says what it is (data-expect);
// the e2e build marks what it detected (data-tessera-field). No vault is needed to detect.
import type { BrowserContext, Frame, Page, Worker } from '@playwright/test';
import { expect, test } from './support/extension';
import { startFixtureServer, type FixtureServer } from './support/server';
import { clickInlineButton, codesAround, seen, tabIdOf, vaultWith } from './pages/autofill/harness';

let server: FixtureServer;
test.beforeAll(async () => {
  server = await startFixtureServer();
});
test.afterAll(async () => {
  await server?.close();
});

/** Asks every frame for a full scan, as the popup does when it opens. */
async function scanAllFrames(serviceWorker: Worker, page: Page): Promise<number[]> {
  const tabId = await tabIdOf(serviceWorker, page);
  return serviceWorker.evaluate(async (id) => {
    const frames = (await chrome.webNavigation.getAllFrames({ tabId: id })) ?? [];
    return Promise.all(
      frames.map(async (f) => {
        const reply = (await chrome.tabs.sendMessage(
          id,
          { tessera: 'autofill', op: 'scan' },
          { frameId: f.frameId },
        )) as { fields: number };
        return reply.fields;
      }),
    );
  }, tabId);
}

interface Mark {
  name: string;
  expected: string;
  detected: string;
}

/** Every annotated input of a frame (open shadow roots included: Playwright pierces them). */
async function marks(frame: Page | Frame): Promise<Mark[]> {
  return frame.locator('input[data-expect]').evaluateAll((inputs) =>
    inputs.map((el) => {
      const input = el as HTMLInputElement;
      return {
        name:
          input.name ||
          input.id ||
          input.getAttribute('aria-label') ||
          input.outerHTML.slice(0, 80),
        expected: input.dataset.expect ?? '',
        detected: input.dataset.tesseraField ?? 'none',
      };
    }),
  );
}

function expectAllAsAnnotated(found: Mark[]): void {
  expect(found.length).toBeGreaterThan(0);
  const wrong = found.filter((m) => m.expected !== m.detected);
  expect(wrong, `misdetected: ${JSON.stringify(wrong, null, 1)}`).toEqual([]);
}

// How many code fields each page holds: single fields plus split groups (a group counts once).
for (const [name, fieldCount] of [
  ['detect-corpus.html', 15],
  ['detect-multilingual.html', 24],
  ['detect-split.html', 3],
  ['detect-shadow.html', 2],
] as const) {
  test(`detects exactly the annotated code fields: ${name}`, async ({ context, serviceWorker }) => {
    const page = await context.newPage();
    await page.goto(server.url('corpus.test', `/autofill/${name}`));
    expect(await scanAllFrames(serviceWorker, page)).toEqual([fieldCount]);
    expectAllAsAnnotated(await marks(page));
  });
}

test('same-origin iframe: the frame detects its own fields', async ({ context, serviceWorker }) => {
  const page = await context.newPage();
  await page.goto(server.url('corpus.test', '/autofill/detect-iframe.html'));
  const inner = page.frames().find((f) => f !== page.mainFrame())!;
  await inner.waitForLoadState();
  const counts = await scanAllFrames(serviceWorker, page);
  expect(counts.sort()).toEqual([0, 3]);
  expectAllAsAnnotated(await marks(page));
  expectAllAsAnnotated(await marks(inner));
});

test('late render: the one MutationObserver finds a field that appears after load', async ({
  context,
}) => {
  const page = await context.newPage();
  // The page renders its field when told to, not after a timer a busy machine could outrun.
  await page.goto(server.url('corpus.test', '/autofill/detect-late.html?after=manual'));
  // Nothing is scanned on load: the page as loaded is looked at only when asked.
  await page.waitForTimeout(300);
  expect(await page.locator('html').getAttribute('data-tessera-scans')).toBeNull();
  await page.evaluate(() => (window as unknown as { renderLate: () => void }).renderLate());
  await expect(page.locator('#late')).toHaveAttribute('data-tessera-field', 'code', {
    timeout: 15_000,
  });
  await expect(page.locator('html')).toHaveAttribute('data-tessera-scans', '1');
  expectAllAsAnnotated(await marks(page));
});

test('no work on load, and DOM churn without inputs triggers no scan', async ({ context }) => {
  const page = await context.newPage();
  await page.goto(server.url('corpus.test', '/autofill/detect-corpus.html'));
  // Text and non-input elements churn; the observer ignores what cannot hold a field.
  await page.evaluate(async () => {
    for (let i = 0; i < 200; i++) {
      const p = document.createElement('p');
      p.textContent = `tick ${i}`;
      document.body.append(p);
      await new Promise((r) => setTimeout(r, 5));
    }
  });
  await page.waitForTimeout(800);
  expect(await page.locator('html').getAttribute('data-tessera-scans')).toBeNull();
  expect(await page.locator('[data-tessera-field]').count()).toBe(0);
});

/** A vault with one account bound to corpus.test, and a tab on `path` there. */
async function corpusPage(context: BrowserContext, popup: Page, path: string): Promise<Page> {
  await vaultWith(popup, [
    { issuer: 'Corpus', sites: [server.url('corpus.test', '/').replace(/\/$/, '')] },
  ]);
  const page = await context.newPage();
  await page.goto(server.url('corpus.test', path));
  return page;
}

for (const where of ['page', 'shadow'] as const) {
  test(`a code field focused before the script ran (${where}) gets the button with no event`, async ({
    context,
    openPopup,
  }) => {
    const page = await corpusPage(
      context,
      await openPopup(),
      `/autofill/detect-autofocus.html?in=${where}`,
    );
    // The page focused the field itself while loading; the test neither clicks nor focuses.
    expect(
      await page.evaluate(() => {
        let active = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        return active?.id;
      }),
    ).toBe('c');
    await expect(page.locator('html')).toHaveAttribute('data-tessera-inline', 'fill', {
      timeout: 15_000,
    });
    await clickInlineButton(page);
    const field = page.getByLabel('Verification code');
    await expect(field).toHaveValue(/^\d{6}$/);
    expect(codesAround(Date.now())).toContain(await field.inputValue());
  });
}

test('a field inside an open shadow root gets the button on focus and is filled', async ({
  context,
  openPopup,
}) => {
  const page = await corpusPage(context, await openPopup(), '/autofill/detect-shadow.html');
  const field = page.getByLabel('Verification code');
  await field.click();
  await clickInlineButton(page);
  await expect(field).toHaveValue(/^\d{6}$/);
  expect(codesAround(Date.now())).toContain(await field.inputValue());
  expect(await seen(page)).toContainEqual({
    field: 'shadow_code',
    value: await field.inputValue(),
  });
});
