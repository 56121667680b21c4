/**
 * Shared steps of the autofill e2e specs (tests/e2e/autofill*.spec.ts). Lives beside the pages
 * it drives; the fixture server never serves .ts files to the tests' browser on purpose.
 */
import * as OTPAuth from 'otpauth';
import type { Page, Worker } from '@playwright/test';
import { expect } from '../../support/extension';

export const PASS = 'A long and private passphrase';
export const SECRET = 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ';
export const OTHER_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export function uriFor(issuer: string, label: string, secret = SECRET): string {
  return `otpauth://totp/${encodeURIComponent(`${issuer}:${label}`)}?secret=${secret}&issuer=${encodeURIComponent(issuer)}`;
}

/** The codes around a moment: the page may cross a 30 s window between fill and read. */
export function codesAround(atMs: number, secret = SECRET): string[] {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
  return [atMs - 30_000, atMs, atMs + 30_000].map((t) => totp.generate({ timestamp: t }));
}

type WireResult<T> =
  { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/**
 * Calls a background route from an extension page, in the wire format of
 * @webext-core/messaging: exactly what the popup's sendMessage sends.
 */
export async function call<T = unknown>(
  page: Page,
  type: string,
  data?: unknown,
): Promise<WireResult<T>> {
  return page.evaluate(
    async ({ type, data }) => {
      const reply = (await chrome.runtime.sendMessage({
        id: 1,
        type,
        data,
        timestamp: Date.now(),
      })) as {
        res?: unknown;
        err?: unknown;
      };
      if (reply?.err) throw new Error(JSON.stringify(reply.err));
      return reply?.res as never;
    },
    { type, data },
  );
}

export async function ok<T>(result: Promise<WireResult<T>>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** A fresh vault with one account per entry, bound to the given sites (through the routes). */
export async function vaultWith(
  popup: Page,
  accounts: { issuer: string; label?: string; secret?: string; sites: string[] }[],
): Promise<string[]> {
  await ok(call(popup, 'vault.create', { passphrase: PASS, confirm: PASS }));
  const ids: string[] = [];
  for (const a of accounts) {
    const { id } = await ok(
      call<{ id: string }>(popup, 'account.add', {
        kind: 'uri',
        uri: uriFor(a.issuer, a.label ?? 'octocat@example.org', a.secret ?? SECRET),
      }),
    );
    if (a.sites.length > 0)
      await ok(call(popup, 'account.update', { id, patch: { sites: a.sites } }));
    ids.push(id);
  }
  return ids;
}

/** What the keyboard command makes the background send (Playwright cannot press it). */
export async function pressFillCommand(serviceWorker: Worker, tabId: number): Promise<void> {
  await serviceWorker.evaluate(
    (id) => chrome.tabs.sendMessage(id, { tessera: 'autofill', op: 'command' }),
    tabId,
  );
}

/** The browser's id for a page's tab, asked from the service worker (as the pop-out gets it). */
export async function tabIdOf(serviceWorker: Worker, page: Page): Promise<number> {
  const url = page.url();
  const id = await serviceWorker.evaluate(
    async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id,
    url,
  );
  if (id === undefined) throw new Error(`No tab for ${url}`);
  return id;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Finds the inline button the way assistive technology does: by role and accessible name in
 * the accessibility tree, which includes closed shadow roots (Playwright's locators do not
 * enter those). Returns its box in page coordinates, or null.
 */
export async function inlineButtonBox(page: Page): Promise<Box | null> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: 0 })) as {
      root: { backendNodeId: number };
    };
    const { nodes } = (await cdp.send('Accessibility.queryAXTree', {
      backendNodeId: root.backendNodeId,
      accessibleName: 'Fill one-time code',
      role: 'button',
    })) as { nodes: { backendDOMNodeId?: number; ignored?: boolean }[] };
    const node = nodes.find((n) => n.backendDOMNodeId !== undefined && !n.ignored);
    if (!node) return null;
    const { model } = (await cdp.send('DOM.getBoxModel', {
      backendNodeId: node.backendDOMNodeId,
    })) as { model: { content: number[]; width: number; height: number } };
    const [x1 = 0, y1 = 0] = model.content;
    return { x: x1, y: y1, width: model.width, height: model.height };
  } finally {
    await cdp.detach();
  }
}

/** Waits for the inline button and clicks it like a person: a real (trusted) mouse click. */
export async function clickInlineButton(page: Page): Promise<Box> {
  let box: Box | null = null;
  await expect
    .poll(async () => (box = await inlineButtonBox(page)), { timeout: 10_000 })
    .not.toBeNull();
  const b = box as unknown as Box;
  await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
  return b;
}

/** What the page's own input listeners recorded (page.js). */
export function seen(page: Page): Promise<{ field: string; value: string }[]> {
  return page.evaluate(
    () => (window as unknown as { seen: { field: string; value: string }[] }).seen,
  );
}
