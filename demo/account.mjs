// The demo account behind `npm start`. Its secret is public on purpose (it is in this file):
// never enrol it anywhere that matters.
import * as OTPAuth from 'otpauth';

export const DEMO_HOST = 'demo.tessera.test';

export const DEMO_ACCOUNT = Object.freeze({
  issuer: 'Tessera Demo',
  label: 'alice@demo.tessera.test',
  /** DEMO ONLY: a fixed, published base32 secret. */
  secret: 'TESSERADEMOSECRETNOTFORREALUSE22',
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
});

export function demoTotp() {
  return new OTPAuth.TOTP({
    issuer: DEMO_ACCOUNT.issuer,
    label: DEMO_ACCOUNT.label,
    secret: OTPAuth.Secret.fromBase32(DEMO_ACCOUNT.secret),
    algorithm: DEMO_ACCOUNT.algorithm,
    digits: DEMO_ACCOUNT.digits,
    period: DEMO_ACCOUNT.period,
  });
}

/** The otpauth:// URI the enrollment QR code carries. */
export function demoUri() {
  return demoTotp().toString();
}

/**
 * Accepts the current code and its neighbours (one period of clock skew either way), as most
 * real sites do.
 * @param {string} code
 */
export function isValidDemoCode(code, timestamp = Date.now()) {
  const normalized = code.replace(/\s+/g, '');
  if (!/^\d+$/.test(normalized)) return false;
  return demoTotp().validate({ token: normalized, timestamp, window: 1 }) !== null;
}
