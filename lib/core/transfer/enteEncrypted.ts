import { TesseraError } from '../errors';
import { decodeBase64 } from '../otp';
import { checkArgon2idParams, deriveArgon2id, type Argon2idParams } from './kdf';
import { parseEnte } from './ente';
import { field, isRecord, parseJson, decodeUtf8, type JsonRecord, DAMAGED } from './text';
import type { ParsedAccounts } from './types';

/**
 * Ente Auth's encrypted export: { version: 1, kdfParams: { memLimit, opsLimit, salt },
 * encryptedData, encryptionNonce }, all binary values Base64. The key is libsodium's
 * crypto_pwhash (Argon2id v1.3, one lane; memLimit in bytes, opsLimit passes), which hash-wasm
 * computes the same way after the limits are checked; the data is one message of
 * crypto_secretstream_xchacha20poly1305 whose stream header is `encryptionNonce`. Inside is
 * Ente's plain export, one otpauth:// link per line.
 *
 * libsodium-wrappers-sumo instantiates its WebAssembly from bytes it carries, so it runs under
 * the extension's CSP with 'wasm-unsafe-eval' (already needed by hash-wasm) and no 'unsafe-eval'.
 * It is imported when a file needs it: loading it instantiates that WebAssembly, which the
 * background would otherwise do at every start of its service worker.
 */

const APP = 'Ente Auth';
const MAX_VERSION = 1;
const HEADER_BYTES = 24;
const ABYTES = 17;

export function isEnteEncryptedShape(v: unknown): v is JsonRecord {
  return isRecord(v) && isRecord(field(v, 'kdfParams')) && field(v, 'encryptedData') !== undefined;
}

function bytesOf(v: unknown, what: string): Uint8Array {
  if (typeof v === 'string') {
    try {
      return decodeBase64(v);
    } catch {
      // reported below
    }
  }
  throw new TesseraError('E_CORRUPT', `The ${what} of the Ente Auth export is damaged.`, DAMAGED);
}

interface Sealed {
  kdf: Argon2idParams;
  header: Uint8Array;
  data: Uint8Array;
}

function readExport(text: string): Sealed {
  const doc = parseJson(text, 'The Ente Auth export');
  if (!isEnteEncryptedShape(doc)) {
    throw new TesseraError('E_IMPORT_FORMAT', 'This is not an encrypted Ente Auth export.', {
      reason: 'notFormat',
      app: APP,
    });
  }
  const version = field(doc, 'version') ?? 1;
  if (version !== MAX_VERSION) {
    throw new TesseraError(
      'E_UNSUPPORTED_VERSION',
      `Ente Auth export version ${String(version)} is not supported.`,
      { reason: 'unsupportedVersion', app: APP, version: String(version).slice(0, 20) },
    );
  }
  const params = field(doc, 'kdfParams') as JsonRecord;
  const memLimit = field(params, 'memLimit');
  const kdf: Argon2idParams = {
    memoryKiB: typeof memLimit === 'number' ? memLimit / 1024 : Number.NaN,
    iterations: field(params, 'opsLimit') as number,
    parallelism: 1,
    salt: bytesOf(field(params, 'salt'), 'salt'),
  };
  checkArgon2idParams(kdf);
  const header = bytesOf(field(doc, 'encryptionNonce'), 'nonce');
  const data = bytesOf(field(doc, 'encryptedData'), 'content');
  if (header.length !== HEADER_BYTES || data.length < ABYTES) {
    throw new TesseraError('E_CORRUPT', 'The Ente Auth export is damaged.', DAMAGED);
  }
  return { kdf, header, data };
}

/** Checks the file's structure and key-derivation settings without a password. */
export function checkEnteEncrypted(text: string): void {
  readExport(text);
}

export async function parseEnteEncrypted(text: string, password: string): Promise<ParsedAccounts> {
  const { kdf, header, data } = readExport(text);
  const key = await deriveArgon2id(password, kdf);
  const { default: sodium } = await import('libsodium-wrappers-sumo');
  await sodium.ready;
  let plain: Uint8Array | null = null;
  try {
    const state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(header, key);
    const out = sodium.crypto_secretstream_xchacha20poly1305_pull(state, data, null);
    // libsodium.js returns false (not an exception) when authentication fails.
    if (out && typeof out === 'object') plain = out.message;
  } catch {
    plain = null;
  }
  if (!plain) {
    throw new TesseraError(
      'E_BAD_PASSPHRASE',
      'The password does not open this Ente Auth export.',
      {
        reason: 'wrongPassword',
        app: APP,
      },
    );
  }
  const lines = decodeUtf8(plain);
  if (lines === null)
    throw new TesseraError('E_CORRUPT', 'The Ente Auth export is damaged.', DAMAGED);
  return parseEnte(lines);
}
