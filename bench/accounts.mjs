// Builds the otpauth:// links the popup benchmark seeds, from the shared capacity fixture.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Digits become letters so that any digit in a list row can only come from its code. */
const undigit = (s) => s.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]);

/** 0 -> "a", 25 -> "z", 26 -> "ba": a digit-free unique suffix. */
function letters(n) {
  let out = '';
  do {
    out = String.fromCharCode(97 + (n % 26)) + out;
    n = Math.floor(n / 26);
  } while (n > 0);
  return out;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Deterministic pseudo-random base32 secret (20 bytes), for when the fixture is absent. */
function generatedSecret(i) {
  let x = (i + 1) * 2654435761;
  let s = '';
  for (let k = 0; k < 32; k++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += BASE32[x % 32];
  }
  return s;
}

/**
 * Every account is seeded as TOTP (HOTP rows show no code until asked and Steam codes are
 * letters), with 6 or 8 digits, so "all codes shown" is well defined for every row. Issuers and
 * labels lose their digits and gain a unique suffix, so a row's text holds digits only in its code.
 * @param {string} repoRoot
 * @param {number} count
 * @returns {{ uris: string[], source: string }}
 */
export function benchAccountUris(repoRoot, count) {
  const fixture = path.resolve(
    repoRoot,
    '..',
    'shared',
    'fixtures',
    'capacity',
    'accounts-2000.json',
  );
  /** @type {{ issuer: string, label: string, secret: string, algorithm?: string, digits?: number, period?: number }[]} */
  let accounts = [];
  let source = 'generated';
  if (existsSync(fixture)) {
    accounts = JSON.parse(readFileSync(fixture, 'utf8'));
    source = path.relative(repoRoot, fixture);
  }
  const uris = [];
  for (let i = 0; i < count; i++) {
    const a = accounts[i] ?? {
      issuer: `Service ${letters(i)}`,
      label: 'user',
      secret: generatedSecret(i),
    };
    const issuer = undigit(a.issuer);
    const label = `${undigit(a.label)}-${letters(i)}`;
    // Percent-encoding throughout: '+' for a space is form encoding, which URI parsers may not undo.
    const query = Object.entries({
      secret: a.secret,
      issuer,
      algorithm: a.algorithm ?? 'SHA1',
      digits: String(a.digits === 8 ? 8 : 6),
      period: String(a.period ?? 30),
    })
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join('&');
    uris.push(`otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(label)}?${query}`);
  }
  return { uris, source };
}
