// Encrypted exports of other apps, end to end through the options page: the file is recognised
// by its content, the password is asked for, the key derivation runs in the background service
// worker under the extension's CSP (Argon2id in hash-wasm, libsodium's secretstream), and the
// preview imports the accounts. Files are made by the unit tests' encoders.
import { makeEnteEncrypted, makeFreeOtp2, type FreeOtpToken } from '../core/transfer/encoders';
import { createVault, OptionsPage, popupIssuers } from './pages/transfer/transferPage';
import { expect, test } from './support/extension';

const PASS = 'A long and private passphrase';
const S1 = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

test('Ente Auth and FreeOTP 2 encrypted exports: password → preview → import', async ({
  context,
  extensionId,
  openPopup,
}) => {
  test.setTimeout(180_000);
  const popup = await openPopup();
  await createVault(popup, PASS);
  const options = await OptionsPage.open(await context.newPage(), extensionId);

  const ente = await makeEnteEncrypted(
    `otpauth://totp/Ente%20Bank:j%C3%BCrgen?secret=${S1}&issuer=Ente%20Bank&algorithm=SHA256&digits=8&period=60`,
    'ente pw',
    64 * 1024 * 1024,
    2,
  );
  await options.setFile({
    name: 'ente-auth-codes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(ente),
  });
  await options.enterPassword('ente-auth-codes.txt', 'ente pw');
  const preview = options.preview();
  await expect(preview).toContainText('Ente Auth (encrypted)', { timeout: 60_000 });
  await options.confirm(1);

  const tokens: FreeOtpToken[] = [
    {
      algo: 'SHA512',
      counter: 0,
      digits: 6,
      issuerExt: 'FreeOTP Shop',
      label: 'zoë',
      period: 30,
      type: 'TOTP',
      secret: new Uint8Array(20).fill(7),
    },
  ];
  const freeotp = await makeFreeOtp2(tokens, 'free pw', { iterations: 100_000 });
  await options.setFile({
    name: 'externalBackup.xml',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(freeotp),
  });
  await options.enterPassword('externalBackup.xml', 'free pw');
  await expect(options.preview()).toContainText('FreeOTP 2 (encrypted)', { timeout: 60_000 });
  await options.confirm(1);

  expect((await popupIssuers(popup)).sort()).toEqual(['Ente Bank', 'FreeOTP Shop']);
});
