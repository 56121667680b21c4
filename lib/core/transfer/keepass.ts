import { argon2d, argon2id } from 'hash-wasm';
import * as kdbxwebModule from 'kdbxweb';
import { TesseraError } from '../errors';
import { decodeBase32, decodeBase64, decodeHex, parseOtpauthUri } from '../otp';
import type { OtpAlgorithm } from '../otp/types';
import {
  AccountCollector,
  completeOtp,
  entryName,
  makeAccount,
  requireEntryCount,
} from './account';
import { KEEPASS_KDF_LIMITS } from './limits';
import { DAMAGED } from './text';
import type { ImportedAccount, ParsedAccounts } from './types';

// kdbxweb is a webpack UMD build: bundlers and require() see its named exports, Node's ESM
// loader (Playwright's test runner) only `default`.
const kdbxweb: typeof kdbxwebModule =
  (kdbxwebModule as unknown as { default?: typeof kdbxwebModule }).default ?? kdbxwebModule;

/**
 * KeePass databases (KDBX 3.1 and 4), read with kdbxweb. Entries with a one-time password
 * become accounts, from any of the ways KeePass apps store one:
 * - KeePassXC's `otp` field: an otpauth:// link (Steam as `encoder=steam`);
 * - KeePass 2.47+'s `TimeOtp-Secret` (UTF-8 text), `-Hex`, `-Base32` or `-Base64`, with
 *   `TimeOtp-Length`, `TimeOtp-Period`, `TimeOtp-Algorithm` (HMAC-SHA-1/-256/-512), and the
 *   HOTP twins `HmacOtp-Secret…` with `HmacOtp-Counter` (the next counter to use);
 * - KeePassXC before 2.6: `TOTP Seed` (Base32) and `TOTP Settings` ("30;6", "30;S" for Steam).
 * The entry's title is the issuer the user sees, its user name the account name, its URL a site
 * suggestion. The recycle bin is left out: the user deleted those.
 *
 * The header's key-derivation settings are checked before kdbxweb derives anything; key files
 * and hardware keys are not supported (only a password).
 */

const SIG1 = [0x03, 0xd9, 0xa2, 0x9a] as const;
const SIG2_KDBX = 0xb54bfb67;
const SIG2_KDB1 = 0xb54bfb65;

export function isKeePassMagic(bytes: Uint8Array): boolean {
  return SIG1.every((b, i) => bytes[i] === b);
}

function kdfError(field: string, value: number): TesseraError {
  return new TesseraError(
    'E_KDF_PARAMS',
    `The database's key derivation setting ${field} (${value}) is outside the safe range.`,
    { reason: 'kdfUnsafe', field, value },
  );
}

function inRange(value: unknown, field: string, range: { min?: number; max: number }): number {
  // Int64.value throws above 2^53; such a setting is out of range anyway.
  const n =
    value instanceof kdbxweb.Int64
      ? value.hi >= 0x200000
        ? Number.MAX_SAFE_INTEGER
        : value.value
      : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new TesseraError('E_KDF_PARAMS', `The database's ${field} is not a whole number.`, {
      reason: 'kdfUnsafe',
      field,
    });
  }
  if (n < (range.min ?? 0) || n > range.max) throw kdfError(field, n);
  return n;
}

function readHeader(bytes: Uint8Array): kdbxwebModule.KdbxHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sig2 = bytes.length >= 8 ? view.getUint32(4, true) : 0;
  if (sig2 === SIG2_KDB1) {
    throw new TesseraError(
      'E_UNSUPPORTED_VERSION',
      'KeePass 1 databases (.kdb) cannot be read; save the database as KDBX in KeePass 2 or KeePassXC.',
      { reason: 'unsupportedVersion', app: 'KeePass', version: '1' },
    );
  }
  if (sig2 !== SIG2_KDBX)
    throw new TesseraError('E_CORRUPT', 'The KeePass file is damaged.', DAMAGED);
  try {
    const ctx = new kdbxweb.KdbxContext({ kdbx: new kdbxweb.Kdbx() });
    return kdbxweb.KdbxHeader.read(new kdbxweb.BinaryStream(bytes.slice().buffer), ctx);
  } catch (e) {
    if (e instanceof kdbxweb.KdbxError && e.code === kdbxweb.Consts.ErrorCodes.InvalidVersion) {
      throw new TesseraError('E_UNSUPPORTED_VERSION', 'This KeePass version is not supported.', {
        reason: 'unsupportedVersion',
        app: 'KeePass',
        version: String(view.getUint16(10, true)),
      });
    }
    throw new TesseraError('E_CORRUPT', 'The KeePass file header is damaged.', DAMAGED);
  }
}

/**
 * Reads the header and checks its key-derivation settings, before any password is asked
 * for: a file that asks for unsafe work is refused at once.
 */
export function checkKeePass(bytes: Uint8Array): void {
  const header = readHeader(bytes);
  const lim = KEEPASS_KDF_LIMITS;
  if (header.versionMajor < 4) {
    inRange(header.keyEncryptionRounds, 'rounds', lim.aesRounds);
    return;
  }
  const params = header.kdfParameters;
  const uuid = params?.get('$UUID');
  const id = uuid instanceof ArrayBuffer ? kdbxweb.ByteUtils.bytesToBase64(uuid) : '';
  const { KdfId } = kdbxweb.Consts;
  if (params && id === KdfId.Aes) {
    inRange(params.get('R'), 'rounds', lim.aesRounds);
    return;
  }
  if (params && (id === KdfId.Argon2d || id === KdfId.Argon2id)) {
    const memoryBytes = inRange(params.get('M'), 'memory', { max: Number.MAX_SAFE_INTEGER });
    const memoryKiB = inRange(Math.floor(memoryBytes / 1024), 'memory', lim.argon2.memoryKiB);
    const iterations = inRange(params.get('I'), 'iterations', lim.argon2.iterations);
    inRange(params.get('P'), 'parallelism', lim.argon2.parallelism);
    inRange(memoryKiB * iterations, 'memory × iterations', lim.argon2.memoryTimesIterations);
    return;
  }
  throw new TesseraError(
    'E_UNSUPPORTED_VERSION',
    "The database's key derivation is not supported.",
    {
      reason: 'unsupportedVersion',
      app: 'KeePass',
      version: String(header.versionMajor),
    },
  );
}

let argon2Ready = false;

/** kdbxweb leaves Argon2 to the host; hash-wasm's WASM build runs it. */
export function installArgon2(): void {
  if (argon2Ready) return;
  kdbxweb.CryptoEngine.setArgon2Impl(
    async (password, salt, memory, iterations, length, parallelism, type, version) => {
      // hash-wasm implements Argon2 1.3 only; KeePass writes 1.3 (0x13) since KDBX 4.
      if (version !== 0x13) throw new kdbxweb.KdbxError(kdbxweb.Consts.ErrorCodes.Unsupported);
      const options = {
        password: new Uint8Array(password),
        salt: new Uint8Array(salt),
        memorySize: memory,
        iterations,
        parallelism,
        hashLength: length,
        outputType: 'binary' as const,
      };
      const hash = type === kdbxweb.CryptoEngine.Argon2TypeArgon2id ? argon2id : argon2d;
      return (await hash(options)).slice().buffer;
    },
  );
  argon2Ready = true;
}

async function open(bytes: Uint8Array, password: string): Promise<kdbxwebModule.Kdbx> {
  installArgon2();
  const credentials = new kdbxweb.KdbxCredentials(kdbxweb.ProtectedValue.fromString(password));
  try {
    return await kdbxweb.Kdbx.load(bytes.slice().buffer, credentials);
  } catch (e) {
    const code = e instanceof kdbxweb.KdbxError ? e.code : '';
    const codes = kdbxweb.Consts.ErrorCodes;
    if (code === codes.InvalidKey) {
      throw new TesseraError(
        'E_BAD_PASSPHRASE',
        'The password does not open this KeePass database.',
        {
          reason: 'wrongPassword',
          app: 'KeePass',
        },
      );
    }
    if (code === codes.Unsupported || code === codes.InvalidVersion) {
      throw new TesseraError(
        'E_UNSUPPORTED_VERSION',
        'This KeePass database uses a feature Tessera cannot read.',
        {
          reason: 'unsupportedVersion',
          app: 'KeePass',
          version: 'KDBX',
        },
      );
    }
    throw new TesseraError('E_CORRUPT', 'The KeePass database is damaged.', DAMAGED);
  }
}

function fieldText(entry: kdbxwebModule.KdbxEntry, name: string): string {
  const v = entry.fields.get(name);
  if (v === undefined) return '';
  return typeof v === 'string' ? v : v.getText();
}

function keepassAlgorithm(value: string): OtpAlgorithm {
  const norm = value
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .replace(/^HMAC/, '');
  if (norm === '' || norm === 'SHA1') return 'SHA1';
  if (norm === 'SHA256' || norm === 'SHA512') return norm;
  throw new TesseraError('E_ALGORITHM', `The algorithm "${value.slice(0, 20)}" is not supported.`, {
    reason: 'algorithmUnsupported',
    algorithm: value.slice(0, 20),
  });
}

function whole(
  value: string,
  code: 'E_DIGITS' | 'E_PERIOD' | 'E_COUNTER',
  field: string,
): number | undefined {
  const t = value.trim();
  if (t === '') return undefined;
  if (!/^\d{1,15}$/.test(t)) {
    throw new TesseraError(code, `The field "${field}" is not a whole number.`, {
      reason: 'fieldInvalid',
      field,
    });
  }
  return Number(t);
}

/** KeePass's `<prefix>Secret` in one of its four encodings, or null when there is none. */
function keepassSecret(entry: kdbxwebModule.KdbxEntry, prefix: string): Uint8Array | null {
  const text = fieldText(entry, `${prefix}Secret`);
  if (text !== '') return new TextEncoder().encode(text);
  const hex = fieldText(entry, `${prefix}Secret-Hex`);
  if (hex !== '') return decodeHex(hex.replace(/\s/g, ''));
  const b32 = fieldText(entry, `${prefix}Secret-Base32`);
  if (b32 !== '') return decodeBase32(b32);
  const b64 = fieldText(entry, `${prefix}Secret-Base64`);
  if (b64 !== '') {
    try {
      return decodeBase64(b64.trim());
    } catch {
      throw new TesseraError('E_SECRET_INVALID', 'The secret is not valid Base64.', {
        reason: 'secretNotBase64',
      });
    }
  }
  return null;
}

interface Names {
  issuer: string;
  label: string;
  sites: string[];
}

function fromEntry(entry: kdbxwebModule.KdbxEntry, n: Names): ImportedAccount[] {
  const out: ImportedAccount[] = [];
  const link = fieldText(entry, 'otp').trim();
  if (link !== '') {
    const { account } = parseOtpauthUri(link);
    out.push(
      makeAccount({
        issuer: n.issuer.trim() || account.issuer,
        label: account.label || n.label,
        otp: account.otp,
        sites: n.sites,
      }),
    );
    return out;
  }
  const totpSecret = keepassSecret(entry, 'TimeOtp-');
  if (totpSecret) {
    const otp = completeOtp({
      type: 'totp',
      secret: totpSecret,
      algorithm: keepassAlgorithm(fieldText(entry, 'TimeOtp-Algorithm')),
      digits: whole(fieldText(entry, 'TimeOtp-Length'), 'E_DIGITS', 'TimeOtp-Length'),
      period: whole(fieldText(entry, 'TimeOtp-Period'), 'E_PERIOD', 'TimeOtp-Period'),
    });
    out.push(makeAccount({ ...n, otp }));
  }
  const hotpSecret = keepassSecret(entry, 'HmacOtp-');
  if (hotpSecret) {
    const otp = completeOtp({
      type: 'hotp',
      secret: hotpSecret,
      counter: whole(fieldText(entry, 'HmacOtp-Counter'), 'E_COUNTER', 'HmacOtp-Counter'),
    });
    out.push(makeAccount({ ...n, otp }));
  }
  const seed = fieldText(entry, 'TOTP Seed').trim();
  if (out.length === 0 && seed !== '') {
    const [period, digits] = fieldText(entry, 'TOTP Settings').split(';');
    const steam = digits?.trim().toUpperCase() === 'S';
    const otp = completeOtp({
      type: steam ? 'steam' : 'totp',
      secret: decodeBase32(seed),
      period: whole(period ?? '', 'E_PERIOD', 'TOTP Settings'),
      digits: steam ? undefined : whole(digits ?? '', 'E_DIGITS', 'TOTP Settings'),
    });
    out.push(makeAccount({ ...n, otp }));
  }
  return out;
}

function* entriesOf(
  group: kdbxwebModule.KdbxGroup,
  skip: string | undefined,
): Generator<kdbxwebModule.KdbxEntry> {
  if (skip !== undefined && group.uuid.id === skip) return;
  yield* group.entries;
  for (const g of group.groups) yield* entriesOf(g, skip);
}

export async function parseKeePass(bytes: Uint8Array, password: string): Promise<ParsedAccounts> {
  checkKeePass(bytes);
  const db = await open(bytes, password);
  const bin = db.meta.recycleBinEnabled ? db.meta.recycleBinUuid?.id : undefined;
  const entries = db.groups.flatMap((g) => [...entriesOf(g, bin)]);
  requireEntryCount(entries.length);
  const collector = new AccountCollector();
  entries.forEach((entry, i) => {
    const issuer = fieldText(entry, 'Title');
    const url = fieldText(entry, 'URL').trim();
    const names = { issuer, label: fieldText(entry, 'UserName'), sites: url ? [url] : [] };
    let found: ImportedAccount[] = [];
    collector.add(entryName('entry', i + 1, issuer), () => {
      found = fromEntry(entry, names);
      return found.shift() ?? null;
    });
    for (const a of found) collector.add(entryName('entry', i + 1, issuer), () => a);
  });
  return { accounts: collector.accounts, problems: collector.problems };
}
