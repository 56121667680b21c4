// The strings the scan corpus encodes. Deterministic (seeded), so two runs of the generator
// produce the same pages and the manifest can be compared across machines.

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * Small seeded PRNG (mulberry32): secrets must look random but stay the same run to run.
 * @param {number} seed
 * @returns {() => number} uniform in [0, 1)
 */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * @param {() => number} rnd
 * @param {number} n
 * @returns {Uint8Array}
 */
export function randomBytes(rnd, n) {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(rnd() * 256);
  return out;
}

/**
 * RFC 4648 base32 without padding, as authenticator URIs carry it.
 * @param {Uint8Array} bytes
 */
export function base32(bytes) {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/**
 * @param {{ issuer: string; account: string; secret: Uint8Array; extra?: string }} a
 */
export function otpauthUri(a) {
  const label = `${encodeURIComponent(a.issuer)}:${encodeURIComponent(a.account)}`;
  const issuer = encodeURIComponent(a.issuer);
  return `otpauth://totp/${label}?secret=${base32(a.secret)}&issuer=${issuer}${a.extra ?? ''}`;
}

// Minimal protobuf writer: enough for Google Authenticator's MigrationPayload (varints,
// length-delimited fields), so the dense corpus code has the real shape of an export batch.
/** @param {number} n */
function varint(n) {
  const out = [];
  let v = n >>> 0;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}
/** @param {number} field @param {number} value */
function vField(field, value) {
  return [...varint(field << 3), ...varint(value)];
}
/** @param {number} field @param {Uint8Array | number[]} bytes */
function lenField(field, bytes) {
  return [...varint((field << 3) | 2), ...varint(bytes.length), ...bytes];
}

/**
 * otpauth-migration://offline?data=... for a batch of TOTP accounts.
 * @param {{ issuer: string; account: string; secret: Uint8Array }[]} accounts
 * @param {number} batchId
 */
export function migrationUri(accounts, batchId) {
  const enc = new TextEncoder();
  const payload = [];
  for (const a of accounts) {
    const params = [
      ...lenField(1, a.secret),
      ...lenField(2, enc.encode(`${a.issuer}:${a.account}`)),
      ...lenField(3, enc.encode(a.issuer)),
      ...vField(4, 1), // SHA1
      ...vField(5, 1), // six digits
      ...vField(6, 2), // TOTP
    ];
    payload.push(...lenField(1, params));
  }
  payload.push(...vField(2, 1), ...vField(3, 1), ...vField(4, 0), ...vField(5, batchId));
  const data = Buffer.from(payload).toString('base64');
  return `otpauth-migration://offline?data=${encodeURIComponent(data)}`;
}

const rnd = seededRandom(0x7e55e4a);

/** Every text a corpus page may show, named so the page builders read like the issue. */
export const TEXTS = {
  github: otpauthUri({
    issuer: 'GitHub',
    account: 'octo-cat',
    secret: randomBytes(rnd, 20),
  }),
  acme: otpauthUri({
    issuer: 'ACME Cloud',
    account: 'jane.doe@example.com',
    secret: randomBytes(rnd, 20),
  }),
  bank: otpauthUri({
    issuer: 'Northwind Bank',
    account: 'jdoe',
    secret: randomBytes(rnd, 20),
    extra: '&algorithm=SHA256&digits=8',
  }),
  shortSecret: otpauthUri({ issuer: 'Tiny', account: 'me', secret: randomBytes(rnd, 10) }),
  dense: otpauthUri({
    issuer: 'Contoso Enterprise Identity Platform',
    account: 'firstname.middlename.lastname+security-team@subsidiary.contoso-corporation.example',
    secret: randomBytes(rnd, 64),
    extra: '&algorithm=SHA512&digits=8&period=30',
  }),
  migration: migrationUri(
    [
      ['Google', 'jane.doe@gmail.com'],
      ['GitHub', 'janedoe'],
      ['Microsoft', 'jane.doe@outlook.com'],
      ['Amazon Web Services', 'root@acme-prod'],
      ['Dropbox', 'jane.doe@example.com'],
      ['Slack', 'jane@acme.slack.com'],
      ['Discord', 'janed#4242'],
      ['Proton', 'jane.doe@proton.me'],
      ['Cloudflare', 'ops@acme.example'],
      ['npm', 'janedoe'],
    ].map(([issuer, account]) => ({ issuer, account, secret: randomBytes(rnd, 20) })),
    0x1234567,
  ),
  // A smaller batch that a generator drew at level Q (version 23: 109 modules).
  migrationSix: migrationUri(
    [
      ['Google', 'sam.lee@gmail.com'],
      ['GitHub', 'samlee'],
      ['Fastmail', 'sam@fastmail.example'],
      ['Bitwarden', 'sam.lee@example.org'],
      ['Twitch', 'sam_lee'],
      ['Kraken', 'sam.lee@example.org'],
    ].map(([issuer, account]) => ({ issuer, account, secret: randomBytes(rnd, 20) })),
    0x7654321,
  ),
  wifi: 'WIFI:S:Office-Guest;T:WPA;P:correct horse battery staple;;',
  playStore:
    'https://play.google.com/store/apps/details?id=com.google.android.apps.authenticator2&hl=en',
  appStore: 'https://apps.apple.com/us/app/google-authenticator/id388497605',
};

// Codes for the scale pages (drawn from the same seeded stream, after the texts above, so those
// keep their values).
/** A 21-module code (version 1, level L holds 17 bytes): a short link. */
TEXTS.v1Link = 'https://ex.co/2fa';
/** A 25-module code (version 2, level L holds 32 bytes). */
TEXTS.v2Link = 'https://example.com/2fa/setup';
/** A 37-module code (version 5 at level L) carrying a real enrollment link. */
TEXTS.v5 = otpauthUri({
  issuer: 'ACME',
  account: 'jane+2fa@acme.example',
  secret: randomBytes(rnd, 20),
});
/** What a phone's authenticator shows on its export screen: a batch of four accounts. */
TEXTS.phoneBatch = migrationUri(
  [
    ['Google', 'alex.kim@gmail.com'],
    ['Microsoft', 'alex.kim_example.com#EXT#@contoso.onmicrosoft.com'],
    ['GitHub', 'alexkim'],
    ['Dropbox', 'alex+files@example.com'],
  ].map(([issuer, account]) => ({ issuer, account, secret: randomBytes(rnd, 20) })),
  0x2468ace,
);
