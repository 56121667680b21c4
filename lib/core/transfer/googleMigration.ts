import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { TesseraError, isTesseraError } from '../errors';
import { decodeBase64, encodeBase64, validateOtpParams } from '../otp';
import type { OtpAccount, OtpAlgorithm, OtpParams } from '../otp/types';
import {
  AccountCollector,
  completeOtp,
  entryName,
  makeAccount,
  problemOf,
  requireEntryCount,
} from './account';
import {
  MigrationPayloadSchema,
  MigrationPayload_Algorithm,
  MigrationPayload_DigitCount,
  MigrationPayload_OtpParametersSchema,
  MigrationPayload_OtpType,
} from './google/migration_pb';
import { decodeUtf8 } from './text';
import type { ImportedAccount, ImportProblem } from './types';

/**
 * Google Authenticator's "Transfer accounts" QR codes: otpauth-migration://offline?data=<base64
 * of a protobuf MigrationPayload>. The schema is google/migration.proto (as published by Aegis,
 * KeePassXC and extract_otp_secrets); the wire format is read and written by the generated
 * migration_pb.ts and @bufbuild/protobuf, so nothing here parses protobuf by hand.
 *
 * The format has no period (always 30 s), no 7 digits and no Steam.
 */

export interface MigrationOtpParameters {
  secret: Uint8Array;
  /** Raw UTF-8 bytes: decoded per entry, so one bad name does not sink the whole QR code. */
  name: Uint8Array;
  issuer: Uint8Array;
  algorithm: number;
  digits: number;
  type: number;
  counter: bigint;
}

export interface MigrationPayload {
  otpParameters: MigrationOtpParameters[];
  version: number;
  batchSize: number;
  batchIndex: number;
  batchId: number;
}

const Algorithm = MigrationPayload_Algorithm;
const Digits = MigrationPayload_DigitCount;
const OtpType = MigrationPayload_OtpType;
const ALGORITHM_TO_ENUM: Record<OtpAlgorithm, number> = {
  SHA1: Algorithm.SHA1,
  SHA256: Algorithm.SHA256,
  SHA512: Algorithm.SHA512,
};
const ENUM_TO_ALGORITHM: Record<number, OtpAlgorithm> = {
  [Algorithm.UNSPECIFIED]: 'SHA1',
  [Algorithm.SHA1]: 'SHA1',
  [Algorithm.SHA256]: 'SHA256',
  [Algorithm.SHA512]: 'SHA512',
};
const DIGITS_TO_ENUM: Record<number, number> = { 6: Digits.SIX, 8: Digits.EIGHT };
const ENUM_TO_DIGITS: Record<number, number> = {
  [Digits.UNSPECIFIED]: 6,
  [Digits.SIX]: 6,
  [Digits.EIGHT]: 8,
};
const TYPE_HOTP = OtpType.HOTP;
const TYPE_TOTP = OtpType.TOTP;
const SCHEME = 'otpauth-migration://';
const PREFIX = 'otpauth-migration://offline?data=';

function corrupt(message: string): TesseraError {
  return new TesseraError('E_CORRUPT', message, { reason: 'damaged' });
}

/** Decodes MigrationPayload bytes; malformed protobuf is E_CORRUPT. */
export function decodeMigrationPayload(bytes: Uint8Array): MigrationPayload {
  let decoded;
  try {
    decoded = fromBinary(MigrationPayloadSchema, bytes);
  } catch {
    // The protobuf runtime reports truncation, bad tags and bad lengths with plain Errors.
    throw corrupt('The transfer data is damaged or incomplete.');
  }
  requireEntryCount(decoded.otpParameters.length);
  return decoded;
}

export function encodeMigrationPayload(p: MigrationPayload): Uint8Array {
  return toBinary(
    MigrationPayloadSchema,
    create(MigrationPayloadSchema, {
      ...p,
      otpParameters: p.otpParameters.map((o) => create(MigrationPayload_OtpParametersSchema, o)),
    }),
  );
}

function decodeName(bytes: Uint8Array, what: string): string {
  const s = decodeUtf8(bytes);
  if (s === null) throw corrupt(`The ${what} is not valid UTF-8 text.`);
  return s;
}

/**
 * Google keeps issuer and name apart, but names written by other apps (or by Google itself for
 * accounts added from a link) may still carry the "Issuer:" prefix; split it the way an
 * otpauth:// label is split, so the same account reads the same from either source.
 */
function splitName(issuer: string, name: string): { issuer: string; label: string } {
  if (issuer !== '' && name.startsWith(`${issuer}:`)) {
    return { issuer, label: name.slice(issuer.length + 1) };
  }
  if (issuer === '') {
    const colon = name.indexOf(':');
    if (colon >= 0) return { issuer: name.slice(0, colon), label: name.slice(colon + 1) };
  }
  return { issuer, label: name };
}

/** Inverse of splitName, so that encode → decode returns the same issuer and label. */
function joinName(issuer: string, label: string): string {
  if (issuer === '') return label.includes(':') ? `:${label}` : label;
  return label.startsWith(`${issuer}:`) ? `${issuer}:${label}` : label;
}

function toAccount(p: MigrationOtpParameters): ImportedAccount {
  const { issuer, label } = splitName(decodeName(p.issuer, 'issuer'), decodeName(p.name, 'name'));
  const algorithm = ENUM_TO_ALGORITHM[p.algorithm];
  if (!algorithm) {
    throw new TesseraError(
      'E_ALGORITHM',
      p.algorithm === Algorithm.MD5 ? 'MD5 codes are not supported.' : 'The algorithm is unknown.',
      {
        reason: 'algorithmUnsupported',
        algorithm: p.algorithm === Algorithm.MD5 ? 'MD5' : String(p.algorithm),
      },
    );
  }
  const digits = ENUM_TO_DIGITS[p.digits];
  if (!digits) throw new TesseraError('E_DIGITS', 'The number of digits is unknown.');
  // Unspecified (0) is treated as TOTP, the only kind older exports wrote.
  if (p.type !== OtpType.UNSPECIFIED && p.type !== TYPE_HOTP && p.type !== TYPE_TOTP) {
    throw new TesseraError('E_URI_TYPE', 'The OTP type is unknown.', {
      reason: 'typeUnsupported',
      type: String(p.type),
    });
  }
  const hotp = p.type === TYPE_HOTP;
  if (hotp && (p.counter < 0n || p.counter > BigInt(Number.MAX_SAFE_INTEGER))) {
    throw new TesseraError('E_COUNTER', 'The counter is out of range.');
  }
  const otp = completeOtp({
    type: hotp ? 'hotp' : 'totp',
    secret: p.secret,
    algorithm,
    digits,
    counter: hotp ? Number(p.counter) : 0,
  });
  return makeAccount({ issuer, label, otp });
}

export interface MigrationImport {
  accounts: ImportedAccount[];
  problems: ImportProblem[];
  batch: { index: number; size: number; id: number } | undefined;
}

/** The base64 payload of a migration link, tolerant of the ways links get (re-)encoded. */
function payloadBytes(uri: string): Uint8Array {
  const text = uri.trim();
  if (!text.toLowerCase().startsWith(SCHEME)) {
    throw new TesseraError('E_URI_SCHEME', 'This is not an otpauth-migration:// link.', {
      reason: 'transferLinkInvalid',
    });
  }
  const q = text.indexOf('?');
  const host = text.slice(SCHEME.length, q < 0 ? undefined : q).replace(/\/$/, '');
  if (host.toLowerCase() !== 'offline' || q < 0) {
    throw new TesseraError(
      'E_URI_INVALID',
      'The transfer link must be otpauth-migration://offline?data=….',
      { reason: 'transferLinkInvalid' },
    );
  }
  const param = text
    .slice(q + 1)
    .split('&')
    .find((part) => part.toLowerCase().startsWith('data='));
  if (param === undefined)
    throw new TesseraError('E_URI_INVALID', 'The transfer link has no data.', {
      reason: 'transferLinkInvalid',
    });
  let data: string;
  try {
    data = decodeURIComponent(param.slice(5));
  } catch {
    throw new TesseraError(
      'E_URI_INVALID',
      'The transfer link contains malformed percent-encoding.',
      { reason: 'transferLinkInvalid' },
    );
  }
  // Base64 never contains spaces; a space is a '+' that went through form decoding on the way.
  data = data.replace(/ /g, '+');
  try {
    return decodeBase64(data);
  } catch {
    throw corrupt('The transfer link data is not valid Base64.');
  }
}

/** Decodes one otpauth-migration:// link; broken accounts become problems, the rest import. */
export function decodeMigrationUri(uri: string, entryPrefix = ''): MigrationImport {
  const payload = decodeMigrationPayload(payloadBytes(uri));
  const collector = new AccountCollector();
  payload.otpParameters.forEach((p, i) => {
    const hint = decodeUtf8(p.issuer) || decodeUtf8(p.name);
    collector.add(`${entryPrefix}${entryName('entry', i + 1, hint)}`, () => toAccount(p));
  });
  const { batchSize: size, batchIndex: index, batchId: id } = payload;
  const batch = size >= 1 && index >= 0 && index < size ? { index, size, id } : undefined;
  return { accounts: collector.accounts, problems: collector.problems, batch };
}

/** A text holding one migration link per line (blank lines and # comments are skipped). */
export function parseGoogleMigration(text: string): MigrationImport {
  const lines = text.split(/\r\n|\n|\r/);
  const links = lines
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line !== '' && !line.startsWith('#'));
  if (links.length === 0)
    throw new TesseraError('E_IMPORT_FORMAT', 'The file holds no transfer link.', {
      reason: 'emptyFile',
    });
  const single = links.length === 1;
  const out: MigrationImport = { accounts: [], problems: [], batch: undefined };
  for (const { line, n } of links) {
    if (single) return decodeMigrationUri(line);
    // Several QR codes: one unreadable code must not hide the accounts of the others.
    try {
      const part = decodeMigrationUri(line, `line ${n}, `);
      out.accounts.push(...part.accounts);
      out.problems.push(...part.problems);
    } catch (e) {
      if (!isTesseraError(e)) throw e;
      out.problems.push(problemOf(`line ${n}`, e));
    }
    requireEntryCount(out.accounts.length + out.problems.length);
  }
  return out;
}

/** Why an account cannot travel in a Google transfer code, or null when it can. */
export function migrationUnsupported(
  account: OtpAccount,
): { message: string; detail: Record<string, string | number> } | null {
  const p = account.otp;
  if (p.type === 'steam') {
    return {
      message: 'Google Authenticator does not support Steam Guard codes.',
      detail: { reason: 'googleNoSteam' },
    };
  }
  if (DIGITS_TO_ENUM[p.digits] === undefined) {
    return {
      message: `Google Authenticator supports 6 or 8 digits, not ${p.digits}.`,
      detail: { reason: 'googleDigits', digits: p.digits },
    };
  }
  if (p.type === 'totp' && p.period !== 30) {
    return {
      message: `Google Authenticator supports only 30-second codes, not ${p.period} seconds.`,
      detail: { reason: 'googlePeriod', period: p.period },
    };
  }
  return null;
}

/** Why Google Authenticator's transfer format cannot hold this account (English), or null. */
export function migrationUnsupportedReason(account: OtpAccount): string | null {
  return migrationUnsupported(account)?.message ?? null;
}

function toParameters(account: OtpAccount): MigrationOtpParameters {
  validateOtpParams(account.otp);
  const unsupported = migrationUnsupported(account);
  const who = [account.issuer, account.label].filter((s) => s !== '').join(' / ');
  if (unsupported) {
    throw new TesseraError('E_FIELD_INVALID', `${who}: ${unsupported.message}`, unsupported.detail);
  }
  const p: OtpParams = account.otp;
  const enc = new TextEncoder();
  return {
    secret: p.secret,
    name: enc.encode(joinName(account.issuer, account.label)),
    issuer: enc.encode(account.issuer),
    algorithm: ALGORITHM_TO_ENUM[p.algorithm],
    digits: DIGITS_TO_ENUM[p.digits] ?? 1,
    type: p.type === 'hotp' ? TYPE_HOTP : TYPE_TOTP,
    counter: p.type === 'hotp' ? BigInt(p.counter) : 0n,
  };
}

function toUri(
  params: MigrationOtpParameters[],
  index: number,
  size: number,
  batchId: number,
): string {
  const bytes = encodeMigrationPayload({
    otpParameters: params,
    version: 1,
    batchSize: size,
    batchIndex: index,
    batchId,
  });
  return PREFIX + encodeURIComponent(encodeBase64(bytes));
}

/** Greedy packing: as many accounts per link as fit in `limit` characters. */
function pack(
  params: MigrationOtpParameters[],
  limit: number,
  batchId: number,
): MigrationOtpParameters[][] {
  const groups: MigrationOtpParameters[][] = [];
  let current: MigrationOtpParameters[] = [];
  // Sized with the largest header values (5-byte varints), so the real links are no longer
  // in bytes; percent-encoding can still vary, which encodeMigrationBatches re-checks.
  const fits = (g: MigrationOtpParameters[]) =>
    toUri(g, 0x7fffffff, 0x7fffffff, batchId).length <= limit;
  for (const p of params) {
    const candidate = [...current, p];
    if (fits(candidate)) {
      current = candidate;
      continue;
    }
    if (current.length === 0 || !fits([p])) {
      throw new TesseraError(
        'E_FIELD_INVALID',
        'An account is too large for one transfer QR code.',
      );
    }
    groups.push(current);
    current = [p];
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

function randomBatchId(): number {
  // Non-zero positive int32, as Google writes; 0 reads as "no batch id".
  const v = globalThis.crypto.getRandomValues(new Uint32Array(1))[0] ?? 1;
  return v & 0x7fffffff || 1;
}

/**
 * Encodes accounts as Google Authenticator transfer links, each at most `maxBytesPerQr`
 * characters (the links are ASCII, so characters are bytes), splitting into batches that share
 * one batch id. Accounts the format cannot represent are refused (E_FIELD_INVALID) rather than
 * silently altered; check migrationUnsupportedReason first to offer the user a choice.
 */
export function encodeMigrationBatches(
  accounts: readonly OtpAccount[],
  maxBytesPerQr: number,
  opts: { batchId?: number } = {},
): string[] {
  if (!Number.isSafeInteger(maxBytesPerQr) || maxBytesPerQr < 64) {
    throw new TesseraError('E_FIELD_INVALID', 'The QR code size limit is too small.');
  }
  const batchId = opts.batchId ?? randomBatchId();
  if (!Number.isInteger(batchId) || batchId < 0 || batchId > 0x7fffffff) {
    throw new TesseraError(
      'E_FIELD_INVALID',
      'The batch id must be a non-negative 32-bit integer.',
    );
  }
  const params = accounts.map(toParameters);
  if (params.length === 0) return [];
  // Percent-encoding makes the length depend on content, so a real link can, rarely, be a few
  // characters longer than its packing estimate; shrink the budget until every link fits.
  let limit = maxBytesPerQr;
  for (;;) {
    const groups = pack(params, limit, batchId);
    const uris = groups.map((g, i) => toUri(g, i, groups.length, batchId));
    const longest = Math.max(...uris.map((u) => u.length));
    if (longest <= maxBytesPerQr) return uris;
    limit -= longest - maxBytesPerQr;
  }
}
