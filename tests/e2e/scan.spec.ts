// Scan QR codes end to end: the popup's "Scan QR code" captures the enrollment tab,
// the background decodes it, the user confirms, and the accounts land bound to the tab's site.
// One browser per device scale factor, shared by the cases (serial), to keep the suite short.
import { encodeMigrationBatches } from '../../lib/core/transfer';
import { decodeBase32 } from '../../lib/core/otp';
import type { OtpAccount } from '../../lib/core/otp/types';
import { expect, test } from './support/extension';
import { startFixtureServer, type FixtureServer } from './support/server';
import { otpauthUri, qrPng, ScanBrowser, secretFor, type QrSpec } from './pages/scan/scanHarness';

const WIFI = 'WIFI:S:Guest network;T:WPA;P:correct horse battery staple;;';

let server: FixtureServer;
test.beforeAll(async () => {
  server = await startFixtureServer();
});
test.afterAll(async () => {
  await server?.close();
});

function code(issuer: string, label: string, opts: Omit<QrSpec, 'text'> = {}) {
  const secret = secretFor(`${issuer}/${label}`);
  return { secret, spec: { text: otpauthUri(issuer, label, secret), ...opts } };
}

function totpAccount(issuer: string, label: string): { account: OtpAccount; secret: string } {
  const secret = secretFor(`${issuer}/${label}`);
  return {
    secret,
    account: {
      issuer,
      label,
      otp: {
        type: 'totp',
        secret: decodeBase32(secret),
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        counter: 0,
      },
    },
  };
}

test.describe.serial('scan at device scale factor 1', () => {
  let b: ScanBrowser;
  test.beforeAll(async () => {
    b = await ScanBrowser.launch(server);
  });
  test.afterAll(async () => {
    await b?.close();
  });

  test('a decoy Wi-Fi code next to the real one: the real one is added, bound to the page', async () => {
    const real = code('Decoy Test Bank', 'alice@example.org', { px: 4 });
    await b.show('login.example.test', [{ text: WIFI, px: 4, caption: 'Guest Wi-Fi' }, real.spec]);
    const dialog = await b.scan();
    const site = b.origin('login.example.test');
    await expect(dialog.getByTestId('scan-site')).toContainText(site);
    const rows = dialog.getByRole('listitem');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('Decoy Test Bank');
    await expect(rows.first()).toContainText('alice@example.org');
    await expect(rows.first()).toContainText('TOTP');
    await expect(dialog).toContainText('is not an authenticator code and was ignored');
    await b.add(dialog, 'Add');
    await expect(b.popup.getByRole('status')).toContainText('Added Decoy Test Bank');

    const account = await b.expectAccount('Decoy Test Bank', real.secret, site);
    // The popup lists it with the same code as an independent TOTP implementation.
    const row = b.popup.getByRole('listitem').filter({ hasText: 'Decoy Test Bank' });
    await expect(row.getByTestId('code')).toHaveText(/\d/);
    expect(account.code).not.toBeNull();
  });

  test('duplicates: scanning the same page again says "already in your vault" and adds nothing', async () => {
    const real = code('Decoy Test Bank', 'alice@example.org', { px: 4 });
    const fresh = code('Second Test Bank', 'alice@example.org', { px: 4 });
    await b.show('login.example.test', [real.spec]);
    let dialog = await b.scan();
    await expect(dialog.getByRole('listitem')).toContainText('already in your vault');
    await expect(dialog.getByRole('checkbox')).toBeDisabled();
    await expect(dialog.getByRole('button', { name: 'Add', exact: true })).toBeDisabled();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();

    // One known and one new code: only the new one is added.
    await b.show('login.example.test', [real.spec, fresh.spec]);
    dialog = await b.scan();
    await expect(dialog.getByRole('listitem')).toHaveCount(2);
    await expect(dialog.getByRole('listitem').filter({ hasText: 'Decoy Test Bank' })).toContainText(
      'already in your vault',
    );
    await b.add(dialog, 'Add');
    const all = await b.accounts();
    expect(all.filter((a) => a.issuer === 'Decoy Test Bank')).toHaveLength(1);
    await b.expectAccount('Second Test Bank', fresh.secret, b.origin('login.example.test'));
  });

  test('light-on-dark, low-contrast, small (2 px/module) and dense codes', async () => {
    const cases = [
      {
        host: 'dark.example.test',
        c: code('Dark Mode Inc', 'bob', { dark: '#e6edf3', light: '#0d1117' }),
        dark: true,
      },
      {
        host: 'faint.example.test',
        c: code('Low Contrast Ltd', 'carol', { dark: '#777777', light: '#999999' }),
        dark: false,
      },
      { host: 'tiny.example.test', c: code('Tiny Code GmbH', 'dave', { px: 2 }), dark: false },
    ];
    for (const { host, c, dark } of cases) {
      await b.show(host, [c.spec], { dark });
      const dialog = await b.scan();
      await expect(dialog.getByRole('listitem')).toHaveCount(1);
      await b.add(dialog, 'Add');
      const issuer = decodeURIComponent(c.spec.text.split('issuer=')[1]!);
      await b.expectAccount(issuer, c.secret, b.origin(host));
    }

    // 64-byte secret and a long label: a dense code (version 10+) at 3 px per module.
    const secret = secretFor('dense', 64);
    const label = `a.very.long.account.name.for.testing.dense.codes+${'x'.repeat(40)}@example.org`;
    await b.show('dense.example.test', [
      { text: otpauthUri('Dense Codes Corporation', label, secret), px: 3 },
    ]);
    const dialog = await b.scan();
    await b.add(dialog, 'Add');
    await b.expectAccount('Dense Codes Corporation', secret, b.origin('dense.example.test'), label);
  });

  test('a code inside a same-origin iframe is bound to the page', async () => {
    const c = code('Framed Services', 'erin');
    await b.show('frames.example.test', [c.spec], { frame: true });
    const dialog = await b.scan();
    await b.add(dialog, 'Add');
    await b.expectAccount('Framed Services', c.secret, b.origin('frames.example.test'));
  });

  test('several authenticator codes on one page: "Add 2 accounts"', async () => {
    const one = code('Multi One', 'frank');
    const two = code('Multi Two', 'frank');
    await b.show('multi.example.test', [one.spec, two.spec]);
    const dialog = await b.scan();
    await expect(dialog.getByRole('listitem')).toHaveCount(2);
    // Unticking one changes the button; ticking it again brings "Add 2 accounts" back.
    await dialog.getByRole('checkbox').first().uncheck();
    await expect(dialog.getByRole('button', { name: 'Add', exact: true })).toBeEnabled();
    await dialog.getByRole('checkbox').first().check();
    await b.add(dialog, 'Add 2 accounts');
    await expect(b.popup.getByRole('status')).toContainText('Added 2 accounts');
    await b.expectAccount('Multi One', one.secret, b.origin('multi.example.test'));
    await b.expectAccount('Multi Two', two.secret, b.origin('multi.example.test'));
  });

  test('a Google Authenticator transfer code with non-ASCII names', async () => {
    const a = totpAccount('Ünïcødé Bänk', 'józef@example.pl');
    const c = totpAccount('日本語サービス', 'ユーザー名');
    const [uri] = encodeMigrationBatches([a.account, c.account], 2000);
    await b.show('migrate.example.test', [{ text: uri!, px: 3 }]);
    const dialog = await b.scan();
    await expect(dialog.getByRole('listitem')).toHaveCount(2);
    await expect(dialog).toContainText('Ünïcødé Bänk');
    await expect(dialog).toContainText('ユーザー名');
    await b.add(dialog, 'Add 2 accounts');
    const site = b.origin('migrate.example.test');
    await b.expectAccount('Ünïcødé Bänk', a.secret, site, 'józef@example.pl');
    await b.expectAccount('日本語サービス', c.secret, site, 'ユーザー名');
  });

  test('a 3-code transfer: "1 of 3 scanned", then the next codes, each adding its accounts', async () => {
    const accounts = Array.from({ length: 6 }, (_, i) =>
      totpAccount(`Batch Issuer ${i + 1}`, `user${i + 1}`),
    );
    const uris = encodeMigrationBatches(
      accounts.map((x) => x.account),
      // Two accounts per code, as Google splits a big export.
      250,
      { batchId: 424242 },
    );
    expect(uris).toHaveLength(3);
    const expected = [
      /1 of 3 scanned.*show codes 2 and 3/,
      /2 of 3 scanned.*show code 3/,
      /3 of 3 scanned.*last code/,
    ];
    for (const [i, uri] of uris.entries()) {
      await b.show('batch.example.test', [{ text: uri, px: 3 }]);
      const dialog = await b.scan();
      await expect(dialog.getByTestId('scan-batch')).toHaveText(expected[i]!);
      const count = await dialog.getByRole('listitem').count();
      await b.add(dialog, count > 1 ? `Add ${count} accounts` : 'Add');
    }
    for (const x of accounts) {
      await b.expectAccount(
        x.account.issuer,
        x.secret,
        b.origin('batch.example.test'),
        x.account.label,
      );
    }
  });

  test('the preview never carries a secret, and "Add" takes only a scan id and positions', async () => {
    const c = code('Secretive Inc', 'lena');
    await b.show('secret.example.test', [c.spec]);
    const preview = await b.call<{ scanId: string; accounts: unknown[] }>('scan.tab', {
      tabId: b.tabId,
    });
    expect(preview.ok).toBe(true);
    const wire = JSON.stringify(preview);
    expect(wire).toContain('Secretive Inc');
    expect(wire).not.toContain(c.secret);
    expect(wire).not.toContain('otpauth');
    const bad = await b.call('scan.add', { scanId: preview.value!.scanId, indices: [5] });
    expect(bad.ok).toBe(false);
    const other = await b.call('scan.add', { scanId: 'not-a-scan', indices: [0] });
    expect(other.error?.code).toBe('E_NOT_FOUND');
    const ok = await b.call<{ added: number }>('scan.add', {
      scanId: preview.value!.scanId,
      indices: [0],
    });
    expect(ok.value?.added).toBe(1);
    await b.expectAccount('Secretive Inc', c.secret, b.origin('secret.example.test'));
  });

  test('only a Wi-Fi code: "This QR code is not an authenticator setup code"', async () => {
    await b.show('wifi.example.test', [{ text: WIFI }]);
    const dialog = await b.scan();
    await expect(dialog.getByRole('alert')).toHaveText(
      'This QR code is not an authenticator setup code: it is a Wi-Fi network code.',
    );
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  test('no QR code → clear message → "Select area" decodes only the dragged region', async () => {
    const left = code('Area Left', 'gina');
    const right = code('Area Right', 'gina');
    // The codes appear only after the first scan, as when the user opens the setup step late.
    await b.show(
      'area.example.test',
      [
        { ...left.spec, id: 'left' },
        { ...right.spec, id: 'right' },
      ],
      { hidden: true },
    );
    const dialog = await b.scan();
    await expect(dialog.getByRole('alert')).toContainText('No QR code was found on this page');
    await b.page.evaluate(() => (document.getElementById('content')!.style.display = ''));
    await dialog.getByRole('button', { name: 'Select area' }).click();
    await expect(dialog.getByRole('status')).toContainText('Drag a rectangle');
    await b.dragAround(b.page.locator('#right img'));
    await expect(dialog.getByTestId('scan-preview')).toBeVisible();
    // Only the framed code, although both are on screen.
    await expect(dialog.getByRole('listitem')).toHaveCount(1);
    await expect(dialog.getByRole('listitem')).toContainText('Area Right');
    await expect(b.page.locator('[data-tessera-scan-area]')).toHaveCount(0);
    await b.add(dialog, 'Add');
    await b.expectAccount('Area Right', right.secret, b.origin('area.example.test'));

    // Escape on the page cancels the overlay and brings the dialog back.
    await b.show('area.example.test', [], {});
    const again = await b.scan();
    await again.getByRole('button', { name: 'Select area' }).click();
    await expect(b.page.locator('[data-tessera-scan-area]')).toBeAttached();
    await b.page.keyboard.press('Escape');
    await expect(b.page.locator('[data-tessera-scan-area]')).toHaveCount(0);
    await expect(again.getByRole('alert')).toContainText('No QR code was found on this page');
    await again.getByRole('button', { name: 'Close' }).click();
  });

  test('"Select area" after the popup closed: the result waits for the next popup', async () => {
    // The toolbar popup closes when the user clicks into the page to drag.
    const c = code('Reopened Popup Ltd', 'mia');
    await b.show('reopen.example.test', [{ ...c.spec, id: 'only' }], { hidden: true });
    const dialog = await b.scan();
    await b.page.evaluate(() => (document.getElementById('content')!.style.display = ''));
    await dialog.getByRole('button', { name: 'Select area' }).click();
    await expect(b.page.locator('[data-tessera-scan-area]')).toBeAttached();
    await b.popup.close();
    await b.dragAround(b.page.locator('#only img'));
    await expect(b.page.locator('[data-tessera-scan-area]')).toHaveCount(0);
    // The next popup shows the result; it may open before the background finished decoding.
    // Each try waits a while for the preview; the whole is bounded by a hang guard, not a speed.
    await expect(async () => {
      const popup = await b.reopenPopup();
      await expect(popup.getByTestId('scan-preview')).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 60_000 });
    const reopened = b.popup.getByRole('dialog', { name: 'Scan QR code' });
    await expect(reopened.getByRole('listitem')).toContainText('Reopened Popup Ltd');
    await b.add(reopened, 'Add');
    await b.expectAccount('Reopened Popup Ltd', c.secret, b.origin('reopen.example.test'));
  });

  test('a page the browser forbids (chrome://version): clear message, no "Select area"', async () => {
    await b.page.goto('chrome://version');
    const dialog = await b.scan();
    await expect(dialog.getByRole('alert')).toContainText('does not let extensions see this page');
    await expect(dialog.getByRole('alert')).toContainText('image');
    await expect(dialog.getByRole('button', { name: 'Select area' })).toHaveCount(0);
    await expect(dialog.getByRole('button', { name: 'Choose image' })).toBeVisible();
  });

  test('an image file (Choose image) and a dropped image: added without a site', async () => {
    // The dialog is still open on the forbidden page's message, which offers images instead.
    const dialog = b.popup.getByRole('dialog', { name: 'Scan QR code' });
    const chosen = code('Image File Co', 'hank');
    await dialog.getByTestId('scan-file').setInputFiles({
      name: 'qr.png',
      mimeType: 'image/png',
      buffer: await qrPng(chosen.spec.text),
    });
    await expect(dialog.getByTestId('scan-preview')).toBeVisible();
    await expect(dialog.getByTestId('scan-site')).toContainText('Not bound to a site');
    await b.add(dialog, 'Add');
    await b.expectAccount('Image File Co', chosen.secret, null);

    const dropped = code('Dropped Image Co', 'ivy');
    const png = (await qrPng(dropped.spec.text)).toString('base64');
    await b.popup.getByRole('button', { name: 'Scan QR code' }).click();
    await expect(dialog.getByRole('alert')).toBeVisible();
    await dialog.getByTestId('scan-dialog').evaluate((zone, base64) => {
      const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
      zone.dispatchEvent(
        new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
      );
    }, png);
    await expect(dialog.getByTestId('scan-preview')).toBeVisible();
    await b.add(dialog, 'Add');
    await b.expectAccount('Dropped Image Co', dropped.secret, null);
  });
});

for (const dpr of [2, 3]) {
  test.describe.serial(`scan at device scale factor ${dpr}`, () => {
    let b: ScanBrowser;
    test.beforeAll(async () => {
      b = await ScanBrowser.launch(server, { dpr });
    });
    test.afterAll(async () => {
      await b?.close();
    });

    test('a small code next to a decoy, and a selected area, on a HiDPI capture', async () => {
      const host = `hidpi${dpr}.example.test`;
      const c = code(`HiDPI ${dpr}x Bank`, 'judy', { px: 2 });
      await b.show(host, [{ text: WIFI, px: 2 }, c.spec]);
      expect(await b.page.evaluate(() => devicePixelRatio)).toBe(dpr);
      // A hang guard: capturing and decoding a 3840 px wide tab took over 10 s on a loaded
      // 2-core machine.
      const decoded = { timeout: 45_000 };
      test.setTimeout(180_000);
      const dialog = await b.scan();
      await expect(dialog.getByRole('listitem')).toHaveCount(1, decoded);
      await b.add(dialog, 'Add');
      await b.expectAccount(`HiDPI ${dpr}x Bank`, c.secret, b.origin(host));

      // The overlay measures CSS px; the crop must land on the same code in device px.
      const left = code(`Area ${dpr}x Left`, 'kim');
      const right = code(`Area ${dpr}x Right`, 'kim');
      await b.show(
        host,
        [
          { ...left.spec, id: 'left' },
          { ...right.spec, id: 'right' },
        ],
        { hidden: true },
      );
      const select = await b.scan();
      await expect(select.getByRole('alert')).toContainText(
        'No QR code was found on this page',
        decoded,
      );
      await b.page.evaluate(() => (document.getElementById('content')!.style.display = ''));
      await select.getByRole('button', { name: 'Select area' }).click();
      await b.dragAround(b.page.locator('#left img'));
      await expect(select.getByRole('listitem')).toHaveCount(1, decoded);
      await expect(select.getByRole('listitem')).toContainText(`Area ${dpr}x Left`);
      await b.add(select, 'Add');
      await b.expectAccount(`Area ${dpr}x Left`, left.secret, b.origin(host));
    });
  });
}
