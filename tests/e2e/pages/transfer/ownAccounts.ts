/**
 * Seven accounts of the project's own (made-up names, random secrets) for the import & export
 * journeys that are not about another app's file, so they run without ../shared. They span what
 * the exports must handle: TOTP with each algorithm and odd digits/periods, HOTP, Steam, and
 * names outside ASCII.
 */
import * as OTPAuth from 'otpauth';
import { expect, type Page } from '@playwright/test';

const LINES = [
  'otpauth://totp/Example%20Mail:ada%40example.test?secret=MM3KYDMM7WPSIVM3EEXCRSMW4A&issuer=Example%20Mail&algorithm=SHA1&digits=6&period=30',
  'otpauth://totp/Fjord%20Bank:erik?secret=C6VUY6DW67QJDBPINCK2FUADSA&issuer=Fjord%20Bank&algorithm=SHA256&digits=7&period=20',
  'otpauth://totp/Atelier:chlo%C3%A9?secret=YMJLV5EQCSMTYKUZ27EHIHQIGA&issuer=Atelier&algorithm=SHA512&digits=8&period=50',
  'otpauth://hotp/Ortolano:giulia?secret=QXN6O2MEJRHEZLVLYCJLNAA5GA&issuer=Ortolano&algorithm=SHA1&digits=6&counter=1',
  'otpauth://hotp/Polder%20Post:daan?secret=2DDNLRYEIULQ5G7GMYRNMOFBEA&issuer=Polder%20Post&algorithm=SHA256&digits=7&counter=50',
  'otpauth://hotp/Br%C3%BCcke:j%C3%BCrgen?secret=LFCZBSHSJ66GZGXOLOT2D4LT6A&issuer=Br%C3%BCcke&algorithm=SHA512&digits=8&counter=10300',
  'otpauth://steam/Lagan:sof%C3%ADa?secret=Y4MSZKMOBUTB5M3EJKROOGBVPA&issuer=Lagan&algorithm=SHA1&digits=5&period=30',
];

export const OWN_TEXT = `${LINES.join('\n')}\n`;

/** Issuers in file order. */
export const OWN_ISSUERS = [
  'Example Mail',
  'Fjord Bank',
  'Atelier',
  'Ortolano',
  'Polder Post',
  'Brücke',
  'Lagan',
] as const;

/** Google Authenticator's format holds only 6/8-digit, 30-second codes and no Steam. */
export const OWN_GOOGLE_COMPATIBLE = 3;

const FIRST_SECRET = 'MM3KYDMM7WPSIVM3EEXCRSMW4A';

/** The first account's code as the popup shows it must match an independent TOTP. */
export async function expectFirstAccountCode(popup: Page): Promise<void> {
  const row = popup.getByRole('listitem').filter({ hasText: OWN_ISSUERS[0] });
  const code = (await row.getByTestId('code').innerText()).replace(/\s/g, '');
  const now = await popup.evaluate(() => Date.now());
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(FIRST_SECRET) });
  const around = [now - 30_000, now, now + 30_000].map((t) => totp.generate({ timestamp: t }));
  expect(around).toContain(code);
}
