/** Steps shared by the Firefox journeys, through the same UI a person uses. */
import * as OTPAuth from 'otpauth';
import type { Page } from 'puppeteer-core';
import type { BrowserGlobal } from './firefox';
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
