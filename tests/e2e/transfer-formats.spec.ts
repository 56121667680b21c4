// The new import formats through the options page, as a person uses it: each file is made by
// the tests' own encoders (tests/core/transfer/encoders.ts), picked, unlocked with its password
// where it has one, previewed under the app's name and imported; the popup then lists the
// accounts. This runs the readers inside the real service worker (zip.js without workers,
// kdbxweb with Argon2 in WASM, under the extension's CSP).
import type { OtpAccount } from '../../lib/core/otp/types';
import {
  makeEncryptedZip,
  makeKdbx,
  makeProtonPassJson,
  makeWinAuthText,
  makeZip,
} from '../core/transfer/moreFormatEncoders';
import { OptionsPage, popupIssuers } from './pages/transfer/transferPage';
import { expect, test } from './support/extension';
import { createVault } from './support/vault';

const PASS = 'A long and private passphrase';

const account = (issuer: string, label: string, seed: number): OtpAccount => ({
  issuer,
  label,
  otp: {
    type: 'totp',
    secret: new Uint8Array(20).map((_, i) => (seed * 17 + i * 3) & 0xff),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: 0,
  },
});

test('KeePass, a WinAuth encrypted zip and a Proton Pass zip: password, preview, import', async ({
  context,
  extensionId,
  openPopup,
}) => {
  test.setTimeout(180_000);
  const popup = await openPopup();
  await createVault(popup, PASS);
  const options = await OptionsPage.open(await context.newPage(), extensionId);

  const kdbx = await makeKdbx(
    [
      { kind: 'otp-uri', account: account('KeePassXC Bank', 'ana', 1) },
      { kind: 'timeotp', account: account('KeePass Mail', 'ana', 2), encoding: 'base32' },
    ],
    'kdbx pässword',
    { version: 4, kdf: 'argon2id', argon2: { memoryKiB: 1024, iterations: 2, parallelism: 2 } },
  );
  await options.setFile({
    name: 'Passwords.kdbx',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(kdbx),
  });
  await expect(options.page.getByLabel('Password for Passwords.kdbx')).toBeFocused();
  await options.enterPassword('Passwords.kdbx', 'not it');
  await expect(options.page.getByRole('alert')).toContainText('Passwords.kdbx', {
    timeout: 30_000,
  });
  await options.enterPassword('Passwords.kdbx', 'kdbx pässword');
  await expect(options.preview()).toContainText('KeePass (KDBX)', { timeout: 30_000 });
  await options.confirm(2);

  const winauth = await makeEncryptedZip(
    { 'winauth-2026-12-06.txt': makeWinAuthText([account('WinAuth Game', 'ana', 3)]) },
    'zip password',
    'aes',
  );
  await options.setFile({
    name: 'winauth.zip',
    mimeType: 'application/zip',
    buffer: Buffer.from(winauth),
  });
  await options.enterPassword('winauth.zip', 'zip password');
  await expect(options.preview()).toContainText('otpauth:// links', { timeout: 30_000 });
  await options.confirm(1);

  const proton = makeZip({
    'Proton Pass/data.json': makeProtonPassJson([
      { name: 'Proton Forum', username: 'ana', totpUri: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
    ]),
  });
  await options.setFile({
    name: 'Proton Pass_export.zip',
    mimeType: 'application/zip',
    buffer: Buffer.from(proton),
  });
  await expect(options.preview()).toContainText('Proton Pass', { timeout: 30_000 });
  await options.confirm(1);

  expect((await popupIssuers(popup)).sort()).toEqual(
    ['KeePass Mail', 'KeePassXC Bank', 'Proton Forum', 'WinAuth Game'].sort(),
  );
});
