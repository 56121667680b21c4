/**
 * Shared steps of tests/e2e/scan.spec.ts: one browser per device scale factor, an enrollment
 * tab in the main window and the popup (`popup.html?tab=<id>`) in a window of its own, so the
 * enrollment page stays the visible tab that captureVisibleTab captures.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import type { BrowserContext, Locator, Page, Worker } from '@playwright/test';
import {
  E2E_EXTENSION_DIR,
  extensionIdOf,
  launchChromium,
  makeProfileDir,
  waitForServiceWorker,
} from '../../../../scripts/lib/launch-extension.mjs';
import { expect } from '../../support/extension';
import type { FixtureServer } from '../../support/server';

export const PASS = 'A long and private passphrase';

/** A stable secret per name (base32), so a failing case can be replayed with the same codes. */
export function secretFor(name: string, bytes = 20): string {
  const digest = Buffer.concat(
    Array.from({ length: Math.ceil(bytes / 32) }, (_, i) =>
      createHash('sha256').update(`${name}#${i}`).digest(),
    ),
  ).subarray(0, bytes);
  return new OTPAuth.Secret({ buffer: Uint8Array.from(digest).buffer }).base32;
}

export function otpauthUri(issuer: string, label: string, secret: string): string {
  return `otpauth://totp/${encodeURIComponent(`${issuer}:${label}`)}?secret=${secret}&issuer=${encodeURIComponent(issuer)}`;
}

/** The codes for the windows around a moment: a window may roll over between two reads. */
export function codesAround(atMs: number, secret: string): string[] {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
  return [atMs - 30_000, atMs, atMs + 30_000].map((t) => totp.generate({ timestamp: t }));
}

export interface QrSpec {
  text: string;
  /** CSS px per module. */
  px?: number;
  /** Quiet zone in modules. */
  margin?: number;
  dark?: string;
  light?: string;
  ec?: 'L' | 'M' | 'Q' | 'H';
  caption?: string;
  /** Marks the figure for locators. */
  id?: string;
}

/** One QR code as page markup: a 1-px-per-module PNG scaled up crisply by the browser. */
export async function qrFigure(spec: QrSpec): Promise<string> {
  const margin = spec.margin ?? 4;
  const px = spec.px ?? 4;
  const ec = spec.ec ?? 'M';
  const size = QRCode.create(spec.text, { errorCorrectionLevel: ec }).modules.size;
  const src = await QRCode.toDataURL(spec.text, {
    errorCorrectionLevel: ec,
    margin,
    scale: 1,
    color: { dark: spec.dark ?? '#000000ff', light: spec.light ?? '#ffffffff' },
  });
  const side = (size + 2 * margin) * px;
  const id = spec.id ? ` id="${spec.id}"` : '';
  const caption = spec.caption ? `<figcaption>${spec.caption}</figcaption>` : '';
  return `<figure${id}><img class="qr" alt="QR code" src="${src}" width="${side}" height="${side}">${caption}</figure>`;
}

export async function qrPng(text: string, scale = 6): Promise<Buffer> {
  return QRCode.toBuffer(text, { errorCorrectionLevel: 'M', margin: 4, scale });
}

interface WireResult<T> {
  ok: boolean;
  value?: T;
  error?: { code: string; message: string };
}

export interface AccountView {
  id: string;
  issuer: string;
  label: string;
  type: string;
  sites: string[];
  code: string | null;
}

async function openPopupWindow(
  context: BrowserContext,
  serviceWorker: Worker,
  extensionId: string,
  tabId: number,
): Promise<Page> {
  const url = `chrome-extension://${extensionId}/popup.html?tab=${tabId}`;
  const opened = context.waitForEvent('page', { predicate: (p) => p.url() === url });
  await serviceWorker.evaluate(
    (url) => chrome.windows.create({ url, type: 'popup', width: 420, height: 760 }),
    url,
  );
  const popup = await opened;
  await popup.waitForLoadState();
  return popup;
}

export class ScanBrowser {
  private constructor(
    readonly context: BrowserContext,
    readonly profileDir: string,
    readonly serviceWorker: Worker,
    readonly extensionId: string,
    /** The enrollment tab, in the main window. */
    readonly page: Page,
    readonly tabId: number,
    /** popup.html?tab=<tabId>, in a window of its own (replaced by reopenPopup). */
    public popup: Page,
    private readonly server: FixtureServer,
  ) {}

  /**
   * A browser with a vault, the enrollment tab and the popup window. `dpr` renders the whole
   * browser at that device scale factor, as a HiDPI screen does (not emulation of one page).
   */
  static async launch(server: FixtureServer, opts: { dpr?: number } = {}): Promise<ScanBrowser> {
    const profileDir = makeProfileDir('tessera-scan-');
    const hidpi = opts.dpr !== undefined && opts.dpr !== 1;
    const context = await launchChromium({
      extensionDir: E2E_EXTENSION_DIR,
      profileDir,
      ...(hidpi
        ? {
            viewport: null,
            extraArgs: [`--force-device-scale-factor=${opts.dpr}`, '--window-size=1280,800'],
          }
        : {}),
    });
    const serviceWorker = await waitForServiceWorker(context);
    const extensionId = extensionIdOf(serviceWorker);
    const page = context.pages()[0] ?? (await context.newPage());
    const start = server.url('start.scan.test', '/scan/enroll.html');
    await page.goto(start);
    const tabId = await serviceWorker.evaluate(
      async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id,
      start,
    );
    if (tabId === undefined) throw new Error('The enrollment tab has no id');

    const popup = await openPopupWindow(context, serviceWorker, extensionId, tabId);
    const browser = new ScanBrowser(
      context,
      profileDir,
      serviceWorker,
      extensionId,
      page,
      tabId,
      popup,
      server,
    );
    const created = await browser.call('vault.create', { passphrase: PASS, confirm: PASS });
    if (!created.ok) throw new Error(`vault.create: ${created.error?.message}`);
    await popup.reload();
    await expect(popup.getByRole('button', { name: 'Scan QR code' })).toBeVisible();
    return browser;
  }

  /** Closes the popup window and opens a new one, as the toolbar popup does between two clicks. */
  async reopenPopup(): Promise<Page> {
    await this.popup.close();
    this.popup = await openPopupWindow(
      this.context,
      this.serviceWorker,
      this.extensionId,
      this.tabId,
    );
    return this.popup;
  }

  async close(): Promise<void> {
    await this.context.close();
    await rm(this.profileDir, { recursive: true, force: true, maxRetries: 3 });
  }

  /** A background route, called from the popup exactly as its sendMessage does. */
  async call<T>(type: string, data?: unknown): Promise<WireResult<T>> {
    return this.popup.evaluate(
      async ({ type, data }) => {
        const reply = (await chrome.runtime.sendMessage({
          id: 1,
          type,
          data,
          timestamp: Date.now(),
        })) as { res?: unknown; err?: unknown };
        if (reply?.err) throw new Error(JSON.stringify(reply.err));
        return reply?.res as never;
      },
      { type, data },
    );
  }

  async accounts(): Promise<AccountView[]> {
    const r = await this.call<AccountView[]>('vault.list');
    if (!r.ok || !r.value) throw new Error(`vault.list: ${r.error?.message}`);
    return r.value;
  }

  origin(host: string): string {
    return this.server.url(host, '/').replace(/\/$/, '');
  }

  /**
   * Shows QR codes on an enrollment page of `host` (in a same-origin iframe with `frame`), and
   * waits until every image has been decoded and painted.
   */
  async show(
    host: string,
    codes: QrSpec[],
    opts: { dark?: boolean; frame?: boolean; hidden?: boolean } = {},
  ): Promise<void> {
    const figures = (await Promise.all(codes.map(qrFigure))).join('');
    await this.page.goto(this.server.url(host, '/scan/enroll.html'));
    await this.page.evaluate(
      async ({ figures, dark, frame, hidden }) => {
        document.body.classList.toggle('dark', dark);
        const content = document.getElementById('content')!;
        if (hidden) content.style.display = 'none';
        if (!frame) {
          content.innerHTML = `<div class="codes">${figures}</div>`;
          return;
        }
        const iframe = document.createElement('iframe');
        iframe.src = '/scan/frame.html';
        iframe.width = '640';
        iframe.height = '360';
        iframe.title = 'Authenticator setup';
        await new Promise((resolve) => {
          iframe.onload = resolve;
          content.append(iframe);
        });
        iframe.contentDocument!.getElementById('content')!.innerHTML = figures;
      },
      {
        figures,
        dark: opts.dark === true,
        frame: opts.frame === true,
        hidden: opts.hidden === true,
      },
    );
    for (const frame of this.page.frames()) {
      await frame.waitForFunction(() =>
        Array.from(document.images).every((i) => i.complete && i.naturalWidth > 0),
      );
    }
    // Two frames, so the decoded images are on screen before a capture.
    await this.page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
    );
  }

  /** Popup: "Scan QR code"; resolves with the dialog once it shows a preview or an error. */
  async scan(): Promise<Locator> {
    const dialog = this.popup.getByRole('dialog', { name: 'Scan QR code' });
    if (!(await dialog.isVisible())) {
      await this.popup.getByRole('button', { name: 'Scan QR code' }).click();
    } else {
      await dialog.getByRole('button', { name: 'Scan the page again' }).click();
    }
    await expect(dialog.getByTestId('scan-preview').or(dialog.getByRole('alert'))).toBeVisible({
      timeout: 15_000,
    });
    return dialog;
  }

  /** Confirms the preview with the given button text and waits for the dialog to close. */
  async add(dialog: Locator, button: string): Promise<void> {
    await dialog.getByRole('button', { name: button, exact: true }).click();
    await expect(dialog).toBeHidden();
  }

  /** The user's drag on the page, around `target` (plus a little margin), with a real mouse. */
  async dragAround(target: Locator, margin = 12): Promise<void> {
    await expect(this.page.locator('[data-tessera-scan-area]')).toBeAttached();
    const box = await target.boundingBox();
    if (!box) throw new Error('The drag target is not on screen');
    await this.page.mouse.move(box.x - margin, box.y - margin);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width + margin, box.y + box.height + margin, {
      steps: 8,
    });
    await this.page.mouse.up();
  }

  /** The account by issuer: bound to `site` (or nothing), with the code `secret` gives now. */
  async expectAccount(
    issuer: string,
    secret: string,
    site: string | null,
    label?: string,
  ): Promise<AccountView> {
    const all = await this.accounts();
    const matches = all.filter(
      (a) => a.issuer === issuer && (label === undefined || a.label === label),
    );
    expect(matches, `one account "${issuer}" ${label ?? ''}`).toHaveLength(1);
    const account = matches[0]!;
    expect(account.sites).toEqual(site === null ? [] : [site]);
    expect(codesAround(Date.now(), secret)).toContain(account.code);
    return account;
  }
}
