import { TesseraError } from '../errors';
import { AccountCollector, entryName } from './account';
import { openAesGcm } from './aead';
import { freeOtpTokenToAccount } from './freeotp';
import { readJavaStringMap } from './javaSerialization';
import { checkPbkdf2Params, derivePbkdf2 } from './kdf';
import { IMPORT_LIMITS } from './limits';
import {
  field,
  isRecord,
  parseJson,
  optString,
  type JsonRecord,
  DAMAGED,
  NOT_OBJECT,
} from './text';
import type { ParsedAccounts } from './types';

/**
 * FreeOTP 2 backup (externalBackup.xml despite its name): a Java-serialized HashMap of Strings.
 * - "masterKey": JSON { mAlgorithm: "PBKDF2withHmacSHA512" (or …SHA1), mIterations, mSalt,
 *   mEncryptedKey: { mCipher: "AES/GCM/NoPadding", mCipherText, mParameters, mToken: "AES" } }.
 *   The password key PBKDF2(password, mSalt, mIterations, 256 bits) unwraps the random master
 *   key: AES-GCM, nonce from mParameters (DER: the GCM parameters' OCTET STRING), mToken as
 *   additional data, the tag at the end of mCipherText. Byte arrays are Java bytes (signed).
 * - "<uuid>": JSON { key: "<the same EncryptedKey JSON, as text>" }: the token's secret under
 *   the master key, with the HMAC algorithm name (mToken) as additional data.
 * - "<uuid>-token": JSON of the token, as FreeOTP+ writes its tokens, without the secret.
 */

const APP = 'FreeOTP';
const ALGORITHMS: Record<string, 'SHA1' | 'SHA512'> = {
  PBKDF2withHmacSHA1: 'SHA1',
  PBKDF2withHmacSHA512: 'SHA512',
};

function damaged(message: string): TesseraError {
  return new TesseraError('E_CORRUPT', message, DAMAGED);
}

function javaBytes(v: unknown, what: string): Uint8Array {
  if (!Array.isArray(v) || v.length > 65536) throw damaged(`The ${what} is not a byte array.`);
  return Uint8Array.from(v, (b: unknown) => {
    if (typeof b !== 'number' || !Number.isInteger(b) || b < -128 || b > 255) {
      throw damaged(`The ${what} is not a byte array.`);
    }
    return b & 0xff;
  });
}

/** The nonce inside Java's DER-encoded GCMParameters: SEQUENCE { OCTET STRING, INTEGER } */
function nonceOf(der: Uint8Array): Uint8Array {
  let at = 0;
  const len = (): number => {
    const n = der[at++];
    if (n === undefined || n > 0x7f) throw damaged('The encryption parameters are damaged.');
    return n;
  };
  if (der[at] === 0x30) {
    at++;
    len();
  }
  if (der[at++] !== 0x04) throw damaged('The encryption parameters are damaged.');
  const n = len();
  if (at + n > der.length || n === 0) throw damaged('The encryption parameters are damaged.');
  return der.subarray(at, at + n);
}

interface EncryptedKey {
  ciphertext: Uint8Array;
  nonce: Uint8Array;
  token: Uint8Array;
}

function encryptedKey(v: unknown): EncryptedKey {
  if (!isRecord(v)) throw damaged('An encrypted key in the FreeOTP backup is damaged.');
  if (field(v, 'mCipher') !== 'AES/GCM/NoPadding') {
    throw damaged('The FreeOTP backup uses an unknown cipher.');
  }
  return {
    ciphertext: javaBytes(field(v, 'mCipherText'), 'encrypted key'),
    nonce: nonceOf(javaBytes(field(v, 'mParameters'), 'encryption parameters')),
    token: new TextEncoder().encode(optString(v, 'mToken')),
  };
}

interface MasterKey {
  hash: 'SHA1' | 'SHA512';
  iterations: number;
  salt: Uint8Array;
  wrapped: EncryptedKey;
}

function readMasterKey(map: Map<string, string>): MasterKey {
  const text = map.get('masterKey');
  if (text === undefined) {
    throw new TesseraError('E_IMPORT_FORMAT', 'This Java data file is not a FreeOTP backup.', {
      reason: 'javaNotFreeOtp',
    });
  }
  const mk = parseJson(text, 'The FreeOTP master key');
  if (!isRecord(mk)) throw damaged('The FreeOTP master key is damaged.');
  const hash = ALGORITHMS[String(field(mk, 'mAlgorithm'))];
  if (!hash) {
    throw new TesseraError('E_KDF_PARAMS', 'The FreeOTP backup uses an unknown key derivation.', {
      reason: 'kdfUnsafe',
      field: 'mAlgorithm',
    });
  }
  const iterations = field(mk, 'mIterations') as number;
  const salt = javaBytes(field(mk, 'mSalt'), 'salt');
  checkPbkdf2Params(iterations, salt);
  return { hash, iterations, salt, wrapped: encryptedKey(field(mk, 'mEncryptedKey')) };
}

function readBackup(bytes: Uint8Array): { map: Map<string, string>; master: MasterKey } {
  const map = readJavaStringMap(bytes, IMPORT_LIMITS.maxEntries);
  return { map, master: readMasterKey(map) };
}

/** Checks the file's structure and key-derivation settings without a password. */
export function checkFreeOtp2(bytes: Uint8Array): void {
  readBackup(bytes);
}

async function tokenAccount(
  masterKey: Uint8Array,
  secretJson: string,
  tokenJson: string | undefined,
) {
  if (tokenJson === undefined) throw damaged('The token settings are missing.');
  const sealed = parseJson(secretJson, 'The token secret');
  if (!isRecord(sealed) || typeof field(sealed, 'key') !== 'string') {
    throw damaged('The token secret is damaged.');
  }
  const key = encryptedKey(parseJson(field(sealed, 'key') as string, 'The token secret'));
  const secret = await openAesGcm(masterKey, key.nonce, key.ciphertext, key.token);
  // The master key is proven by now, so a failure here is damage, not a wrong password.
  if (!secret) throw damaged('The token secret is damaged.');
  const token = parseJson(tokenJson, 'The token settings');
  if (!isRecord(token))
    throw new TesseraError('E_FIELD_INVALID', 'The token is not an object.', NOT_OBJECT);
  const withSecret: JsonRecord = { ...token, secret: Array.from(secret) };
  return freeOtpTokenToAccount(withSecret);
}

export async function parseFreeOtp2(bytes: Uint8Array, password: string): Promise<ParsedAccounts> {
  const { map, master } = readBackup(bytes);
  const passwordKey = await derivePbkdf2(password, master.salt, master.iterations, master.hash);
  const w = master.wrapped;
  const masterKey = await openAesGcm(passwordKey, w.nonce, w.ciphertext, w.token);
  if (!masterKey) {
    throw new TesseraError('E_BAD_PASSPHRASE', 'The password does not open this FreeOTP backup.', {
      reason: 'wrongPassword',
      app: APP,
    });
  }
  const collector = new AccountCollector();
  const ids = [...map.keys()].filter((k) => k !== 'masterKey' && !k.endsWith('-token'));
  // Token settings are async to open; collect results in file order.
  const results = await Promise.all(
    ids.map(async (id) => {
      try {
        return { account: await tokenAccount(masterKey, map.get(id)!, map.get(`${id}-token`)) };
      } catch (e) {
        return { error: e };
      }
    }),
  );
  results.forEach((r, i) => {
    const tokenText = map.get(`${ids[i]!}-token`);
    let hint: unknown;
    try {
      const t = tokenText === undefined ? undefined : (JSON.parse(tokenText) as unknown);
      hint = isRecord(t) ? field(t, 'issuerExt') || field(t, 'label') : undefined;
    } catch {
      hint = undefined;
    }
    collector.add(entryName('entry', i + 1, hint), () => {
      if ('error' in r) throw r.error;
      return r.account;
    });
  });
  return { accounts: collector.accounts, problems: collector.problems };
}
