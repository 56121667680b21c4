import { argon2id } from 'hash-wasm';
import sodium from 'libsodium-wrappers-sumo';
import { encodeBase32, encodeBase64, encodeHex } from '../../../lib/core/otp';
import { pbkdf2, sealGcm, seededBytes } from './testCrypto';

/**
 * Small writers of other apps' encrypted formats, made from each format's published
 * description (or the reading code of an open-source importer), so the tests can make files
 * with known accounts and any settings. Deterministic: salts and IVs come from seededBytes.
 */

const enc = new TextEncoder();

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function sealCbc(key: Uint8Array, iv: Uint8Array, plain: Uint8Array): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey('raw', new Uint8Array(key), 'AES-CBC', false, [
    'encrypt',
  ]);
  return new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-CBC', iv: new Uint8Array(iv) }, k, plain.slice()),
  );
}

async function sha256(b: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', b.slice()));
}

async function hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey(
    'raw',
    key.slice(),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, data.slice()));
}

// ---- Stratum (Authenticator Pro) ----

export interface StratumAuthenticator {
  Type: number;
  Issuer: string;
  Username: string | null;
  Secret: string;
  Algorithm: number;
  Digits: number;
  Period: number;
  Counter: number;
}

export function stratumJson(list: StratumAuthenticator[]): string {
  return JSON.stringify({
    Authenticators: list.map((a, i) => ({ ...a, Icon: null, Pin: null, Ranking: i, CopyCount: 0 })),
    Categories: [],
    AuthenticatorCategories: [],
    CustomIcons: [],
  });
}

/** "AUTHENTICATORPRO" | salt 16 | IV 12 | AES-GCM(Argon2id(pw, salt, t=3, m=64 MiB, p=4)). */
export async function makeStratumStrong(json: string, password: string, seed = 3) {
  const salt = seededBytes(16, seed);
  const iv = seededBytes(12, seed + 1);
  const key = await argon2id({
    password,
    salt,
    iterations: 3,
    memorySize: 65536,
    parallelism: 4,
    hashLength: 32,
    outputType: 'binary',
  });
  return concat(enc.encode('AUTHENTICATORPRO'), salt, iv, await sealGcm(key, iv, enc.encode(json)));
}

/** "AuthenticatorPro" | salt 20 | IV 16 | AES-CBC(PBKDF2-SHA1(pw, salt, 64,000)). */
export async function makeStratumLegacy(json: string, password: string, seed = 5) {
  const salt = seededBytes(20, seed);
  const iv = seededBytes(16, seed + 1);
  const key = await pbkdf2(password, salt, 64_000, 'SHA-1');
  return concat(enc.encode('AuthenticatorPro'), salt, iv, await sealCbc(key, iv, enc.encode(json)));
}

/** A page like Stratum's HTML export: a table with each account's otpauth link. */
export function makeStratumHtml(links: string[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const rows = links
    .map((l, i) => `<tr><td>${i + 1}</td><td><a href="${esc(l)}">${esc(l)}</a></td></tr>`)
    .join('\n');
  return `<!DOCTYPE html>\n<html>\n<head><meta charset="utf-8"><title>Stratum</title></head>\n<body>\n<table>\n${rows}\n</table>\n</body>\n</html>\n`;
}

// ---- TOTP Authenticator (BinaryBoot) ----

export interface TotpAuthEntry {
  issuer: string;
  name: string;
  key: string;
  base: number;
}

export function totpAuthKey(secret: Uint8Array, base: 16 | 32 | 64): string {
  return base === 16
    ? encodeHex(secret)
    : base === 32
      ? encodeBase32(secret)
      : encodeBase64(secret);
}

/** Base64(AES-256-CBC(SHA-256(pw), zero IV, { "<entries as JSON text>": "<date>" })). */
export async function makeTotpAuthenticator(entries: TotpAuthEntry[], password: string) {
  const doc = JSON.stringify({ [JSON.stringify(entries)]: '2026-12-06 19:00:00' });
  const key = await sha256(enc.encode(password));
  const ct = await sealCbc(key, new Uint8Array(16), enc.encode(doc));
  return encodeBase64(ct).replace(/(.{76})/g, '$1\n');
}

// ---- Bitwarden password-protected export ----

async function hkdfExpand(prk: Uint8Array, info: string): Promise<Uint8Array> {
  return hmacSha256(prk, concat(enc.encode(info), new Uint8Array([1])));
}

async function encString(
  keys: { enc: Uint8Array; mac: Uint8Array },
  plain: Uint8Array,
  seed: number,
) {
  const iv = seededBytes(16, seed);
  const ct = await sealCbc(keys.enc, iv, plain);
  const mac = await hmacSha256(keys.mac, concat(iv, ct));
  return `2.${encodeBase64(iv)}|${encodeBase64(ct)}|${encodeBase64(mac)}`;
}

export type BitwardenKdf =
  | { kdfType: 0; kdfIterations: number }
  | { kdfType: 1; kdfIterations: number; kdfMemory: number; kdfParallelism: number };

export async function makeBitwardenProtected(
  plainExport: unknown,
  password: string,
  kdf: BitwardenKdf,
  salt = 'c2FsdHNhbHRzYWx0c2FsdA==',
) {
  let key: Uint8Array;
  if (kdf.kdfType === 0) {
    key = await crypto.subtle
      .importKey('raw', enc.encode(password), 'PBKDF2', false, ['deriveBits'])
      .then((k) =>
        crypto.subtle.deriveBits(
          {
            name: 'PBKDF2',
            hash: 'SHA-256',
            salt: enc.encode(salt),
            iterations: kdf.kdfIterations,
          },
          k,
          256,
        ),
      )
      .then((b) => new Uint8Array(b));
  } else {
    key = await argon2id({
      password,
      salt: await sha256(enc.encode(salt)),
      iterations: kdf.kdfIterations,
      memorySize: kdf.kdfMemory * 1024,
      parallelism: kdf.kdfParallelism,
      hashLength: 32,
      outputType: 'binary',
    });
  }
  const keys = { enc: await hkdfExpand(key, 'enc'), mac: await hkdfExpand(key, 'mac') };
  return JSON.stringify({
    encrypted: true,
    passwordProtected: true,
    salt,
    kdfType: kdf.kdfType,
    kdfIterations: kdf.kdfIterations,
    kdfMemory: kdf.kdfType === 1 ? kdf.kdfMemory : null,
    kdfParallelism: kdf.kdfType === 1 ? kdf.kdfParallelism : null,
    encKeyValidation_DO_NOT_EDIT: await encString(keys, enc.encode(crypto.randomUUID()), 21),
    data: await encString(keys, enc.encode(JSON.stringify(plainExport)), 22),
  });
}

// ---- Ente Auth encrypted export (libsodium itself, not the importer's hash-wasm) ----

export async function makeEnteEncrypted(
  lines: string,
  password: string,
  memLimit = 8 * 1024 * 1024,
  opsLimit = 2,
) {
  await sodium.ready;
  const salt = seededBytes(sodium.crypto_pwhash_SALTBYTES, 9);
  const key = sodium.crypto_pwhash(
    32,
    password,
    salt,
    opsLimit,
    memLimit,
    sodium.crypto_pwhash_ALG_ARGON2ID13,
  );
  const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(key);
  const data = sodium.crypto_secretstream_xchacha20poly1305_push(
    state,
    enc.encode(lines),
    null,
    sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL,
  );
  return JSON.stringify({
    version: 1,
    kdfParams: { memLimit, opsLimit, salt: encodeBase64(salt) },
    encryptedData: encodeBase64(data),
    encryptionNonce: encodeBase64(header),
  });
}

// ---- FreeOTP 2 (Java-serialized HashMap<String, String>) ----

/** Java's modified UTF-8 (DataOutput.writeUTF without the length). */
function modifiedUtf8(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 1 && c <= 0x7f) out.push(c);
    else if (c <= 0x7ff) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return new Uint8Array(out);
}

function u16(n: number) {
  return new Uint8Array([n >> 8, n & 0xff]);
}
function i32(n: number) {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, n);
  return b;
}

/**
 * What ObjectOutputStream writes for a HashMap<String, String>. `refs` lists value positions to
 * write as a back-reference to an earlier identical string (as Java does for one String
 * instance stored twice).
 */
export function javaHashMap(entries: [string, string][], refs = new Set<number>()): Uint8Array {
  const parts: Uint8Array[] = [
    new Uint8Array([0xac, 0xed, 0x00, 0x05, 0x73, 0x72]),
    u16(17),
    enc.encode('java.util.HashMap'),
    new Uint8Array([0x05, 0x07, 0xda, 0xc1, 0xc3, 0x16, 0x60, 0xd1]),
    new Uint8Array([0x03]),
    u16(2),
    new Uint8Array([0x46]),
    u16(10),
    enc.encode('loadFactor'),
    new Uint8Array([0x49]),
    u16(9),
    enc.encode('threshold'),
    new Uint8Array([0x78, 0x70]),
    new Uint8Array([0x3f, 0x40, 0x00, 0x00]),
    i32(12),
    new Uint8Array([0x77, 0x08]),
    i32(16),
    i32(entries.length),
  ];
  const handles: string[] = [];
  let n = 0;
  const str = (s: string) => {
    if (refs.has(n++) && handles.includes(s)) {
      parts.push(new Uint8Array([0x71]), i32(0x7e0002 + handles.indexOf(s)));
      return;
    }
    const b = modifiedUtf8(s);
    if (b.length > 0xffff) {
      parts.push(new Uint8Array([0x7c]), i32(0), i32(b.length), b);
    } else {
      parts.push(new Uint8Array([0x74]), u16(b.length), b);
    }
    handles.push(s);
  };
  for (const [k, v] of entries) {
    str(k);
    str(v);
  }
  parts.push(new Uint8Array([0x78]));
  return concat(...parts);
}

const javaArray = (b: Uint8Array) => [...b].map((x) => (x > 127 ? x - 256 : x));
/** Java's DER encoding of GCMParameterSpec: SEQUENCE { OCTET STRING iv, INTEGER tagBits }. */
const gcmParams = (iv: Uint8Array) =>
  javaArray(
    concat(new Uint8Array([0x30, 0x11, 0x04, 0x0c]), iv, new Uint8Array([0x02, 0x01, 0x10])),
  );

async function sealGcmAad(key: Uint8Array, iv: Uint8Array, plain: Uint8Array, aad: string) {
  const k = await crypto.subtle.importKey('raw', key.slice(), 'AES-GCM', false, ['encrypt']);
  return new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: iv.slice(), additionalData: enc.encode(aad) },
      k,
      plain.slice(),
    ),
  );
}

export interface FreeOtpToken {
  algo: string;
  counter: number;
  digits: number;
  issuerExt: string;
  label: string;
  period: number;
  type: string;
  secret: Uint8Array;
}

export async function makeFreeOtp2(
  tokens: FreeOtpToken[],
  password: string,
  opts: {
    iterations?: number;
    /** What the file claims, to test the check without running the KDF. */
    declaredIterations?: number;
    algorithm?: string;
    refs?: Set<number>;
  } = {},
) {
  const iterations = opts.iterations ?? 1000;
  const salt = seededBytes(32, 31);
  const k = await crypto.subtle.importKey('raw', enc.encode(password), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const hash = (opts.algorithm ?? 'PBKDF2withHmacSHA512').endsWith('SHA1') ? 'SHA-1' : 'SHA-512';
  const passKey = new Uint8Array(
    await crypto.subtle.deriveBits(
      { name: 'PBKDF2', hash, salt: new Uint8Array(salt), iterations },
      k,
      256,
    ),
  );
  const master = seededBytes(32, 33);
  const mkIv = seededBytes(12, 35);
  const masterKey = {
    mAlgorithm: opts.algorithm ?? 'PBKDF2withHmacSHA512',
    mEncryptedKey: {
      mCipher: 'AES/GCM/NoPadding',
      mCipherText: javaArray(await sealGcmAad(passKey, mkIv, master, 'AES')),
      mParameters: gcmParams(mkIv),
      mToken: 'AES',
    },
    mIterations: opts.declaredIterations ?? iterations,
    mSalt: javaArray(salt),
  };
  const entries: [string, string][] = [];
  for (const [i, t] of tokens.entries()) {
    const id = `6f0b0a2c-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const iv = seededBytes(12, 40 + i);
    const mToken = `Hmac${t.algo}`;
    const key = {
      mCipher: 'AES/GCM/NoPadding',
      mCipherText: javaArray(await sealGcmAad(master, iv, t.secret, mToken)),
      mParameters: gcmParams(iv),
      mToken,
    };
    const { secret: _secret, ...settings } = t;
    entries.push([id, JSON.stringify({ key: JSON.stringify(key) })]);
    entries.push([`${id}-token`, JSON.stringify({ ...settings, issuerInt: t.issuerExt })]);
  }
  entries.push(['masterKey', JSON.stringify(masterKey)]);
  return javaHashMap(entries, opts.refs);
}
