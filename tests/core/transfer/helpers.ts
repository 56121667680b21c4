import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { scrypt } from 'hash-wasm';
import { expect } from 'vitest';
import { isTesseraError, type ErrorCode } from '../../../lib/core/errors';
import { codeAt, encodeBase32, encodeBase64, hotpCode } from '../../../lib/core/otp';
import type { OtpAccount } from '../../../lib/core/otp/types';

/** Shared fixtures live next to the repo, never inside it (see /work/shared/fixtures/README.md). */
const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const fixturesDir = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'imports');
export const fixturesExist = existsSync(fixturesDir);

export function readFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(fixturesDir, name)));
}

export function readFixtureText(name: string): string {
  return readFileSync(path.join(fixturesDir, name), 'utf8');
}

/** A fixed instant for comparing codes: 2023-11-14T22:13:20Z. */
export const FIXED_TIME = 1_700_000_000_000;

/** The code an account shows at FIXED_TIME (HOTP: the code for its next counter). */
export function codeOf(a: OtpAccount): string {
  return a.otp.type === 'hotp' ? hotpCode(a.otp, a.otp.counter) : codeAt(a.otp, FIXED_TIME);
}

/** Everything that matters about an account, in comparable form. */
export function summary(a: OtpAccount) {
  return {
    issuer: a.issuer,
    label: a.label,
    type: a.otp.type,
    algorithm: a.otp.algorithm,
    digits: a.otp.digits,
    period: a.otp.period,
    counter: a.otp.counter,
    secret: encodeBase32(a.otp.secret),
    code: codeOf(a),
  };
}

export async function expectTessera(p: Promise<unknown> | (() => unknown), code: ErrorCode) {
  let error: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    error = e;
  }
  expect(isTesseraError(error), `expected TesseraError ${code}, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  return error as { code: ErrorCode; message: string; detail?: Record<string, unknown> };
}

import { pbkdf2, sealGcm, seededBytes } from './testCrypto';

export { pbkdf2, sealGcm, seededBytes };

// ---- Builders for encrypted files with parameters of our choosing (cheap KDFs for fuzzing). ----

const enc = new TextEncoder();

export function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export interface AegisScrypt {
  n: number;
  r: number;
  p: number;
}

/** An encrypted Aegis vault (one password slot) around `db`, built as Aegis does. */
export async function makeAegisEncrypted(
  db: unknown,
  password: string,
  kdf: AegisScrypt,
  seed = 7,
): Promise<string> {
  const masterKey = seededBytes(32, seed);
  const salt = seededBytes(32, seed + 1);
  const slotNonce = seededBytes(12, seed + 2);
  const dbNonce = seededBytes(12, seed + 3);
  const derived = await scrypt({
    password: enc.encode(password),
    salt,
    costFactor: kdf.n,
    blockSize: kdf.r,
    parallelism: kdf.p,
    hashLength: 32,
    outputType: 'binary',
  });
  const wrapped = await sealGcm(derived, slotNonce, masterKey);
  const sealedDb = await sealGcm(masterKey, dbNonce, enc.encode(JSON.stringify(db)));
  const split = (b: Uint8Array) => ({
    body: b.subarray(0, b.length - 16),
    tag: b.subarray(b.length - 16),
  });
  const w = split(wrapped);
  const d = split(sealedDb);
  return JSON.stringify({
    version: 1,
    header: {
      slots: [
        {
          type: 1,
          uuid: '00000000-0000-4000-8000-000000000000',
          key: hex(w.body),
          key_params: { nonce: hex(slotNonce), tag: hex(w.tag) },
          n: kdf.n,
          r: kdf.r,
          p: kdf.p,
          salt: hex(salt),
        },
      ],
      params: { nonce: hex(dbNonce), tag: hex(d.tag) },
    },
    db: encodeBase64(d.body),
  });
}

/** An encrypted 2FAS backup (schema 4) holding `services`; `groups` stay in plain view. */
export async function makeTwoFasEncrypted(
  services: unknown[],
  password: string,
  seed = 11,
  groups: unknown[] = [],
): Promise<string> {
  const salt = seededBytes(256, seed);
  const iv = seededBytes(12, seed + 1);
  const key = await pbkdf2(password, salt, 10_000, 'SHA-256');
  const sealed = await sealGcm(key, iv, enc.encode(JSON.stringify(services)));
  return JSON.stringify({
    services: [],
    groups,
    updatedAt: 0,
    schemaVersion: 4,
    appVersionCode: 5000009,
    appOrigin: 'android',
    servicesEncrypted: `${encodeBase64(sealed)}:${encodeBase64(salt)}:${encodeBase64(iv)}`,
  });
}

/** An encrypted andOTP backup in the current format ([iterations][salt][iv][ct+tag]). */
export async function makeAndOtpEncrypted(
  entries: unknown[],
  password: string,
  iterations: number,
  seed = 13,
) {
  const salt = seededBytes(12, seed);
  const iv = seededBytes(12, seed + 1);
  const key = await pbkdf2(password, salt, iterations, 'SHA-1');
  const sealed = await sealGcm(key, iv, enc.encode(JSON.stringify(entries)));
  const out = new Uint8Array(4 + 12 + 12 + sealed.length);
  new DataView(out.buffer).setUint32(0, iterations, false);
  out.set(salt, 4);
  out.set(iv, 16);
  out.set(sealed, 28);
  return out;
}

/** An andOTP backup from before 0.6.3: [iv][ct+tag], key = SHA-256(password). */
export async function makeAndOtpOld(entries: unknown[], password: string, seed = 17) {
  const iv = seededBytes(12, seed);
  const key = new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(password)));
  const sealed = await sealGcm(key, iv, enc.encode(JSON.stringify(entries)));
  const out = new Uint8Array(12 + sealed.length);
  out.set(iv, 0);
  out.set(sealed, 12);
  return out;
}

/** The seven accounts of the shared plain.txt, written out here so unit tests stand alone. */
export const SEVEN_URIS = [
  'otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno&algorithm=SHA1&digits=6&period=30',
  'otpauth://totp/SPDX:James?secret=5OM4WOOGPLQEF6UGN3CPEOOLWU&issuer=SPDX&algorithm=SHA256&digits=7&period=20',
  'otpauth://totp/Airbnb:Elijah?secret=7ELGJSGXNCCTV3O6LKJWYFV2RA&issuer=Airbnb&algorithm=SHA512&digits=8&period=50',
  'otpauth://hotp/Issuu:James?secret=YOOMIXWS5GN6RTBPUFFWKTW5M4&issuer=Issuu&algorithm=SHA1&digits=6&counter=1',
  'otpauth://hotp/Air%20Canada:Benjamin?secret=KUVJJOM753IHTNDSZVCNKL7GII&issuer=Air+Canada&algorithm=SHA256&digits=7&counter=50',
  'otpauth://hotp/WWE:Mason?secret=5VAML3X35THCEBVRLV24CGBKOY&issuer=WWE&algorithm=SHA512&digits=8&counter=10300',
  'otpauth://steam/Boeing:Sophia?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&issuer=Boeing&algorithm=SHA1&digits=5&period=30',
];
