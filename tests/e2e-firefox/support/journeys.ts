/** Steps shared by the Firefox journeys, through the same UI a person uses. */
import * as OTPAuth from 'otpauth';
import type { Page } from 'puppeteer-core';
import type { BrowserGlobal, FirefoxSession } from './firefox';
import { check, click, fill, KDF_TIMEOUT, waitForText } from './ui';

export const PASS = 'A long and private passphrase';

export function totpUri(issuer: string, label: string, secret: string): string {
  return `otpauth://totp/${encodeURIComponent(`${issuer}:${label}`)}?secret=${secret}&issuer=${encodeURIComponent(issuer)}`;
}

/** Codes around a moment: the page may cross a 30 s window between reading the clock and the text. */
export function codesAround(secret: string, atMs: number): string[] {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
  return [atMs - 30_000, atMs, atMs + 30_000].map((t) => totp.generate({ timestamp: t }));
}

/** First run in the popup; returns the recovery key shown once. */
export async function createVault(popup: Page, passphrase = PASS): Promise<string> {
  await fill(popup, 'Passphrase', passphrase);
  await fill(popup, 'Confirm passphrase', passphrase);
  await click(popup, 'Create vault');
  const block = await popup.waitForSelector('[data-testid=recovery-key]', {
    timeout: KDF_TIMEOUT,
    visible: true,
  });
  const recoveryKey = (await block!.evaluate((n) => (n as HTMLElement).innerText)).trim();
  await check(popup, 'I have saved my recovery key');
  await click(popup, 'Continue');
  await waitForText(popup, 'Add account');
  return recoveryKey;
}

export async function addByLink(popup: Page, uri: string, issuer: string): Promise<void> {
  await click(popup, 'Add account');
  await fill(popup, 'otpauth:// link', uri);
  await click(popup, 'Add');
  await popup.waitForFunction(
    (t: string) => [...document.querySelectorAll('li')].some((li) => li.innerText.includes(t)),
    { timeout: 15_000, polling: 100 },
    issuer,
  );
}

export async function unlock(popup: Page, passphrase = PASS): Promise<void> {
  await fill(popup, 'Passphrase', passphrase);
  await click(popup, 'Unlock');
  await waitForText(popup, 'Add account', KDF_TIMEOUT);
}

type WireResult<T> =
  { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** One protocol call in @webext-core/messaging's wire format, from an extension page. */
export async function call<T = unknown>(page: Page, type: string, data?: unknown): Promise<T> {
  const reply = (await page.evaluate(
    (type: string, data: unknown) =>
      (globalThis as unknown as BrowserGlobal).browser.runtime.sendMessage({
        id: 1,
        type,
        data,
        timestamp: Date.now(),
      }),
    type,
    data ?? null,
  )) as { res?: WireResult<T>; err?: unknown } | undefined;
  if (!reply?.res?.ok) throw new Error(`${type}: ${JSON.stringify(reply)}`);
  return reply.res.value;
}

/**
 * An extension page that runs none of Tessera's code: the add-on's own JSON file, which Firefox
 * opens on the moz-extension origin with the WebExtension API available. Reading or writing
 * storage from here cannot race with the popup.
 */
export async function inertPage(session: FirefoxSession): Promise<Page> {
  return session.extensionPage('managed_schema.json');
}

/**
 * What Firefox Sync would do between two profiles of one account: the source's storage.sync
 * items replace the target's, one key at a time (as sync delivers them). The target's
 * background sees storage.onChanged.
 */
export async function copySync(from: FirefoxSession, to: FirefoxSession): Promise<number> {
  const read = await inertPage(from);
  const items = await read.evaluate(() =>
    (globalThis as unknown as BrowserGlobal).browser.storage.sync.get(null),
  );
  await read.close();
  const write = await inertPage(to);
  await write.evaluate(async (items: Record<string, unknown>) => {
    const sync = (globalThis as unknown as BrowserGlobal).browser.storage.sync;
    const current = await sync.get(null);
    const gone = Object.keys(current).filter((k) => !(k in items));
    if (gone.length > 0) await sync.remove(gone);
    for (const [k, v] of Object.entries(items)) {
      if (JSON.stringify(current[k]) !== JSON.stringify(v)) await sync.set({ [k]: v });
    }
  }, items);
  await write.close();
  return Object.keys(items).length;
}

/** The backup status line of the popup, once it says the backup holds `accounts` accounts. */
export async function backedUp(popup: Page, accounts: number): Promise<void> {
  await popup.waitForFunction(
    (n: number) => {
      const line = document.querySelector('[data-testid=backup-status]') as HTMLElement | null;
      return (
        line !== null && new RegExp(`^Backed up .* · ${n} accounts · `).test(line.innerText.trim())
      );
    },
    { timeout: 45_000, polling: 200 },
    accounts,
  );
}
