import { TesseraError } from '../errors';
import { decodeBase32, decodeBase64, decodeHex, encodeBase32 } from '../otp';
import type { OtpAccount, OtpType } from '../otp/types';
import {
  AccountCollector,
  completeOtp,
  entryName,
  makeAccount,
  parseAlgorithm,
  requireEntryCount,
} from './account';
import { openAesGcm, concatBytes } from './aead';
import { checkScryptParams, deriveScrypt } from './kdf';
import {
  field,
  isRecord,
  optInt,
  optString,
  parseJson,
  requireRecord,
  requireString,
  requireUtf8,
  type JsonRecord,
  DAMAGED,
  NOT_OBJECT,
} from './text';
import { namesById, namesOf, withTags } from './groups';
import { withNotes } from './notes';
import { recoveryNoteText, type RecoveryCode } from '../vault/recoveryCodes';
import type { ImportedAccount, ParsedAccounts } from './types';

/**
 * Aegis vault export (github.com/beemdevelopment/Aegis, docs/vault.md): { version: 1, header:
 * { slots, params }, db }. Plain: db is an object. Encrypted: db is Base64 AES-256-GCM
 * ciphertext under a random master key; each password slot (type 1) holds the master key
 * wrapped with AES-256-GCM under scrypt(password, salt, N, r, p).
 */

const SLOT_PASSWORD = 1;
const MAX_PASSWORD_SLOTS = 4;
/** Database versions we understand: 1 (original), 2 (group names), 3 (group ids). */
const MAX_DB_VERSION = 3;

/** Structure problems all read the same to a person: the file is not a usable Aegis vault. */
function format(message: string, reason = 'damaged'): TesseraError {
  return new TesseraError('E_IMPORT_FORMAT', message, { reason, app: 'Aegis' });
}

export function isAegisShape(v: unknown): v is JsonRecord {
  return isRecord(v) && isRecord(field(v, 'header')) && field(v, 'db') !== undefined;
}

function requireVault(doc: unknown): JsonRecord {
  if (!isAegisShape(doc)) throw format('This is not an Aegis vault.', 'notFormat');
  const version = field(doc, 'version');
  if (version !== 1) {
    throw new TesseraError(
      'E_UNSUPPORTED_VERSION',
      `Aegis vault version ${String(version)} is not supported.`,
      { reason: 'unsupportedVersion', app: 'Aegis', version: String(version).slice(0, 20) },
    );
  }
  return doc;
}

const TYPES: Record<string, OtpType> = { totp: 'totp', hotp: 'hotp', steam: 'steam' };

function toAccount(e: JsonRecord, groups: ReadonlyMap<string, string>): ImportedAccount {
  const typeName = optString(e, 'type').toLowerCase();
  const type = TYPES[typeName];
  if (!type) {
    throw new TesseraError(
      'E_URI_TYPE',
      `Aegis "${typeName.slice(0, 20)}" entries are not supported.`,
      { reason: 'typeUnsupported', type: typeName.slice(0, 20) },
    );
  }
  const info = requireRecord(e, 'info');
  const otp = completeOtp({
    type,
    secret: decodeBase32(requireString(info, 'secret')),
    algorithm: parseAlgorithm(field(info, 'algo')),
    digits: optInt(info, 'digits', 'E_DIGITS'),
    period: optInt(info, 'period', 'E_PERIOD'),
    counter: optInt(info, 'counter', 'E_COUNTER'),
  });
  const account = makeAccount({ issuer: optString(e, 'issuer'), label: optString(e, 'name'), otp });
  // Version 3 lists group uuids (`groups`); version 2 held one group name (`group`).
  const tagged = withTags(account, [...namesOf(field(e, 'groups'), groups), field(e, 'group')]);
  return withNotes(tagged, field(e, 'note'));
}

function readDb(db: unknown): ParsedAccounts {
  if (!isRecord(db)) throw format('The Aegis vault has no entry list.');
  const version = field(db, 'version');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw format('The Aegis vault has no valid database version.');
  }
  if (version > MAX_DB_VERSION) {
    throw new TesseraError(
      'E_UNSUPPORTED_VERSION',
      `Aegis database version ${version} is not supported yet.`,
      { reason: 'unsupportedVersion', app: 'Aegis', version },
    );
  }
  const entries = field(db, 'entries');
  if (!Array.isArray(entries)) throw format('The Aegis vault has no entry list.');
  requireEntryCount(entries.length);
  const groups = namesById(field(db, 'groups'), 'uuid');
  const collector = new AccountCollector();
  entries.forEach((e: unknown, i) => {
    const hint = isRecord(e) ? field(e, 'issuer') || field(e, 'name') : undefined;
    collector.add(entryName('entry', i + 1, hint), () => {
      if (!isRecord(e))
        throw new TesseraError('E_FIELD_INVALID', 'The entry is not an object.', NOT_OBJECT);
      return toAccount(e, groups);
    });
  });
  return { accounts: collector.accounts, problems: collector.problems };
}

export function isAegisEncrypted(doc: JsonRecord): boolean {
  return typeof field(doc, 'db') === 'string';
}

export function parseAegisPlain(text: string): ParsedAccounts {
  const doc = requireVault(parseJson(text, 'The Aegis vault'));
  if (isAegisEncrypted(doc)) throw format('This Aegis vault is encrypted.');
  return readDb(field(doc, 'db'));
}

interface NonceTag {
  nonce: Uint8Array;
  tag: Uint8Array;
}

function hexField(obj: JsonRecord, key: string): Uint8Array {
  const v = field(obj, key);
  if (typeof v !== 'string') throw format(`The Aegis vault header lacks "${key}".`);
  try {
    return decodeHex(v);
  } catch {
    throw new TesseraError(
      'E_CORRUPT',
      `The Aegis vault header field "${key}" is not hexadecimal.`,
      DAMAGED,
    );
  }
}

function nonceTag(v: unknown): NonceTag {
  if (!isRecord(v)) throw format('The Aegis vault header lacks encryption parameters.');
  return { nonce: hexField(v, 'nonce'), tag: hexField(v, 'tag') };
}

interface PasswordSlot extends NonceTag {
  key: Uint8Array;
  n: number;
  r: number;
  p: number;
  salt: Uint8Array;
}

function passwordSlots(header: JsonRecord): PasswordSlot[] {
  const slots = field(header, 'slots');
  if (!Array.isArray(slots)) throw format('The Aegis vault header has no key slots.');
  const out: PasswordSlot[] = [];
  for (const s of slots.slice(0, 64)) {
    // Biometric and raw slots are bound to the phone that made them; only passwords travel.
    if (!isRecord(s) || field(s, 'type') !== SLOT_PASSWORD) continue;
    const num = (k: string): number => {
      const v = field(s, k);
      if (typeof v !== 'number')
        throw new TesseraError('E_KDF_PARAMS', `The Aegis slot lacks scrypt "${k}".`);
      return v;
    };
    out.push({
      key: hexField(s, 'key'),
      ...nonceTag(field(s, 'key_params')),
      n: num('n'),
      r: num('r'),
      p: num('p'),
      salt: hexField(s, 'salt'),
    });
  }
  if (out.length === 0) throw format('The Aegis vault has no password slot.');
  // Exports carry one password slot; each extra one may cost a full scrypt run.
  return out.slice(0, MAX_PASSWORD_SLOTS);
}

/** Checks the file's structure without a password (detection and the "needs password" path). */
export function checkAegisEncrypted(text: string): void {
  const doc = requireVault(parseJson(text, 'The Aegis vault'));
  if (!isAegisEncrypted(doc)) throw format('This Aegis vault is not encrypted.');
  const header = requireRecord(doc, 'header');
  passwordSlots(header);
  nonceTag(field(header, 'params'));
}

export async function parseAegisEncrypted(text: string, password: string): Promise<ParsedAccounts> {
  const doc = requireVault(parseJson(text, 'The Aegis vault'));
  if (!isAegisEncrypted(doc)) throw format('This Aegis vault is not encrypted.');
  const header = requireRecord(doc, 'header');
  const slots = passwordSlots(header);
  const params = nonceTag(field(header, 'params'));
  let ciphertext: Uint8Array;
  try {
    ciphertext = decodeBase64(field(doc, 'db') as string);
  } catch {
    throw new TesseraError(
      'E_CORRUPT',
      'The encrypted Aegis database is not valid Base64.',
      DAMAGED,
    );
  }

  // Every slot's parameters are checked before the first scrypt run, so a file with one sane
  // and one absurd slot is refused at once rather than after some work.
  for (const slot of slots) checkScryptParams(slot);
  let masterKey: Uint8Array | null = null;
  for (const slot of slots) {
    const derived = await deriveScrypt(password, slot);
    masterKey = await openAesGcm(derived, slot.nonce, concatBytes(slot.key, slot.tag));
    if (masterKey) break;
  }
  if (!masterKey)
    throw new TesseraError('E_BAD_PASSPHRASE', 'The password does not open this Aegis vault.', {
      reason: 'wrongPassword',
      app: 'Aegis',
    });

  const plain = await openAesGcm(masterKey, params.nonce, concatBytes(ciphertext, params.tag));
  // The password was right (the slot opened), so a failure here is damage, not a typo.
  if (!plain) {
    throw new TesseraError('E_CORRUPT', 'The encrypted Aegis database is damaged.', DAMAGED);
  }
  return readDb(
    parseJson(requireUtf8(plain, 'The decrypted Aegis database'), 'The decrypted Aegis database'),
  );
}

/**
 * A plain (unencrypted) Aegis vault, database version 1 so that every Aegis release reads it,
 * or version 3 (groups) when some account has tags, which become Aegis groups. Notes and
 * recovery codes go into each entry's note.
 * Steam entries keep their own type; Aegis knows it.
 */
export function writeAegisPlain(
  accounts: readonly (OtpAccount & {
    tags?: string[];
    recoveryCodes?: RecoveryCode[];
    notes?: string;
  })[],
): string {
  const groupIds = new Map<string, string>();
  for (const a of accounts) {
    for (const t of a.tags ?? [])
      if (!groupIds.has(t)) groupIds.set(t, globalThis.crypto.randomUUID());
  }
  const entries = accounts.map((a) => {
    const p = a.otp;
    const info: Record<string, string | number> = {
      secret: encodeBase32(p.secret),
      algo: p.algorithm,
      digits: p.digits,
    };
    if (p.type === 'hotp') {
      info.counter = p.counter;
      // Not part of Aegis's HOTP entries (HOTP has no period), but Tessera keeps one so the
      // account can switch type; Aegis ignores the extra field and our importer reads it back.
      if (p.period !== 30) info.period = p.period;
    } else {
      info.period = p.period;
    }
    return {
      type: p.type,
      uuid: globalThis.crypto.randomUUID(),
      name: a.label,
      issuer: a.issuer,
      // Aegis has one note: the notes, then the recovery codes (notes.ts reads both back).
      note: recoveryNoteText(a),
      favorite: false,
      icon: null,
      info,
      ...(groupIds.size > 0 ? { groups: (a.tags ?? []).map((t) => groupIds.get(t)) } : {}),
    };
  });
  const groups = [...groupIds].map(([name, uuid]) => ({ uuid, name }));
  const db = groups.length > 0 ? { version: 3, entries, groups } : { version: 1, entries };
  const vault = { version: 1, header: { slots: null, params: null }, db };
  return JSON.stringify(vault, null, 4) + '\n';
}
