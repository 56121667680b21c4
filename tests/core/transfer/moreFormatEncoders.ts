import { Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';
import { zipSync } from 'fflate';
import * as kdbxwebModule from 'kdbxweb';
import { encodeBase32, encodeBase64, encodeHex, formatOtpauthUri } from '../../../lib/core/otp';
import type { OtpAccount } from '../../../lib/core/otp/types';
import { installArgon2 } from '../../../lib/core/transfer/keepass';

// kdbxweb is a webpack UMD build: bundlers and require() see its named exports, Node's ESM
// loader (Playwright's test runner) only `default`.
const kdbxweb: typeof kdbxwebModule =
  (kdbxwebModule as unknown as { default?: typeof kdbxwebModule }).default ?? kdbxwebModule;

/**
 * Small writers for other apps' file formats, made from each format's published description
 * or the reading code of open-source importers, so the tests own every byte of their data.
 */

const enc = new TextEncoder();

// ---- LastPass Authenticator ----

/** Android writes device fields and version 3; iOS version 1 with fewer device fields. */
export function makeLastPass(accounts: readonly OtpAccount[], variant: 'android' | 'ios'): string {
  const list = accounts.map((a, i) => ({
    accountID: `id-${i}`,
    issuerName: a.issuer,
    originalIssuerName: `${a.issuer} (original)`,
    userName: a.label,
    originalUserName: `${a.label} (original)`,
    pushNotification: false,
    secret: encodeBase32(a.otp.secret),
    timeStep: a.otp.period,
    digits: a.otp.digits,
    creationTimestamp: 1_700_000_000 + i,
    isFavorite: i === 0,
    algorithm: a.otp.algorithm,
    lmiUserId: '',
    folderData: { folderId: 0, position: i },
  }));
  const doc =
    variant === 'android'
      ? {
          deviceId: 'd1',
          deviceSecret: 's1',
          localDeviceId: 'l1',
          deviceName: 'Pixel 8',
          version: 3,
          accounts: list,
          folders: [{ id: 0, name: 'Favorites', isOpened: true }],
        }
      : {
          accounts: list,
          deviceName: 'iPhone16,2',
          folders: [
            { id: 1, isOpened: true, name: 'Favorites' },
            { id: 0, isOpened: true, name: 'Other Accounts' },
          ],
          localDeviceId: 'E0000000-0000-4000-8000-000000000000',
          version: 1,
        };
  return JSON.stringify(doc, null, variant === 'ios' ? 2 : 0);
}

// ---- Steam Desktop Authenticator ----

export function makeMaFile(secret: Uint8Array, accountName: string): string {
  return JSON.stringify({
    shared_secret: encodeBase64(secret),
    serial_number: '1234567890123456789',
    revocation_code: 'R12345',
    uri: `otpauth://totp/Steam:${accountName}?secret=${encodeBase32(secret)}&issuer=Steam`,
    server_time: 1_700_000_000,
    account_name: accountName,
    token_gid: 'abc',
    identity_secret: encodeBase64(new Uint8Array(20).fill(7)),
    secret_1: encodeBase64(new Uint8Array(20).fill(9)),
    status: 1,
    device_id: 'android:00000000-0000-0000-0000-000000000000',
    fully_enrolled: true,
    Session: { SessionID: 'x', SteamID: 76561198000000000 },
  });
}

/**
 * Steam Desktop Authenticator's maFiles folder, zipped, with the files encrypted under
 * `passkey` as SDA does it (manifest.json holds each file's salt and IV).
 */
export async function makeSdaEncryptedZip(
  accounts: readonly { name: string; secret: Uint8Array }[],
  passkey: string,
): Promise<Uint8Array> {
  const subtle = globalThis.crypto.subtle;
  const files: Record<string, string> = {};
  const entries = [];
  for (const [i, a] of accounts.entries()) {
    const salt = new Uint8Array(8).fill(i + 1);
    const iv = new Uint8Array(16).fill(i + 7);
    const base = await subtle.importKey('raw', enc.encode(passkey), 'PBKDF2', false, ['deriveKey']);
    const key = await subtle.deriveKey(
      { name: 'PBKDF2', hash: 'SHA-1', salt, iterations: 50_000 },
      base,
      { name: 'AES-CBC', length: 256 },
      false,
      ['encrypt'],
    );
    const sealed = await subtle.encrypt(
      { name: 'AES-CBC', iv },
      key,
      enc.encode(makeMaFile(a.secret, a.name)),
    );
    const filename = `7656119800000000${i}.maFile`;
    files[`maFiles/${filename}`] = encodeBase64(new Uint8Array(sealed));
    entries.push({
      encryption_iv: encodeBase64(iv),
      encryption_salt: encodeBase64(salt),
      filename,
      steamid: 76561198000000000 + i,
    });
  }
  files['maFiles/manifest.json'] = JSON.stringify({
    encrypted: true,
    first_run: false,
    entries,
    periodic_checking: false,
    periodic_checking_interval: 5,
    periodic_checking_checkall: false,
    auto_confirm_market_transactions: false,
    auto_confirm_trades: false,
  });
  return makeZip(files);
}

// ---- Proton Pass ----

export interface ProtonPassLogin {
  name: string;
  username: string;
  totpUri: string;
  trashed?: boolean;
  extra?: { fieldName: string; totpUri: string }[];
}

export function makeProtonPassJson(logins: readonly ProtonPassLogin[]): string {
  const items = logins.map((l, i) => ({
    itemId: `item${i}`,
    shareId: 'share1',
    data: {
      metadata: { name: l.name, note: '', itemUuid: `uuid${i}` },
      extraFields: (l.extra ?? []).map((x) => ({
        fieldName: x.fieldName,
        type: 'totp',
        data: { totpUri: x.totpUri },
      })),
      type: 'login',
      content: {
        itemEmail: '',
        itemUsername: l.username,
        password: 'hunter2',
        urls: ['https://example.com/'],
        totpUri: l.totpUri,
        passkeys: [],
      },
    },
    state: l.trashed ? 2 : 1,
    aliasEmail: null,
    contentFormatVersion: 6,
    createTime: 1_700_000_000,
    modifyTime: 1_700_000_000,
    pinned: false,
  }));
  const noteItem = {
    itemId: 'note',
    shareId: 'share1',
    data: {
      metadata: { name: 'A note', note: 'x', itemUuid: 'n' },
      extraFields: [],
      type: 'note',
      content: {},
    },
    state: 1,
  };
  return JSON.stringify({
    version: '1.21.2',
    userId: 'user',
    encrypted: false,
    vaults: {
      share1: {
        name: 'Personal',
        description: '',
        display: { icon: 1, color: 1 },
        items: [...items, noteItem],
      },
      share2: { name: 'Empty', description: '', display: { icon: 2, color: 2 }, items: [] },
    },
  });
}

// ---- ZIP ----

export function makeZip(files: Record<string, Uint8Array | string>): Uint8Array {
  const input: Record<string, Uint8Array> = {};
  for (const [name, v] of Object.entries(files))
    input[name] = typeof v === 'string' ? enc.encode(v) : v;
  return zipSync(input);
}

/** A password-protected zip as WinAuth writes it (ZipCrypto) or as 7-Zip and others do (AES). */
export async function makeEncryptedZip(
  files: Record<string, string>,
  password: string,
  method: 'zipcrypto' | 'aes',
): Promise<Uint8Array> {
  const writer = new ZipWriter(new Uint8ArrayWriter(), {
    password,
    zipCrypto: method === 'zipcrypto',
    encryptionStrength: 3,
    useWebWorkers: false,
  });
  for (const [name, text] of Object.entries(files)) {
    await writer.add(name, new Uint8ArrayReader(enc.encode(text)));
  }
  return writer.close();
}

// ---- WinAuth ----

/** WinAuth's text export: one otpauth link per line, the name WinAuth shows as the label. */
export function makeWinAuthText(accounts: readonly OtpAccount[]): string {
  return `${accounts.map((a) => formatOtpauthUri(a)).join('\r\n')}\r\n`;
}

// ---- KeePass ----

export type KeePassOtp =
  | { kind: 'otp-uri'; account: OtpAccount }
  | { kind: 'timeotp'; account: OtpAccount; encoding: 'text' | 'hex' | 'base32' | 'base64' }
  | { kind: 'hmacotp'; account: OtpAccount; encoding: 'text' | 'hex' | 'base32' | 'base64' }
  | { kind: 'legacy'; account: OtpAccount };

function secretFields(
  prefix: string,
  secret: Uint8Array,
  encoding: string,
): Record<string, string> {
  switch (encoding) {
    case 'text':
      return { [`${prefix}Secret`]: new TextDecoder().decode(secret) };
    case 'hex':
      return { [`${prefix}Secret-Hex`]: encodeHex(secret) };
    case 'base32':
      return { [`${prefix}Secret-Base32`]: encodeBase32(secret) };
    default:
      return { [`${prefix}Secret-Base64`]: encodeBase64(secret) };
  }
}

const KEEPASS_ALGORITHMS = { SHA1: 'HMAC-SHA-1', SHA256: 'HMAC-SHA-256', SHA512: 'HMAC-SHA-512' };

function keepassFields(o: KeePassOtp): Record<string, string> {
  const a = o.account;
  switch (o.kind) {
    case 'otp-uri':
      return { otp: formatOtpauthUri(a) };
    case 'timeotp':
      return {
        ...secretFields('TimeOtp-', a.otp.secret, o.encoding),
        'TimeOtp-Length': String(a.otp.digits),
        'TimeOtp-Period': String(a.otp.period),
        'TimeOtp-Algorithm': KEEPASS_ALGORITHMS[a.otp.algorithm],
      };
    case 'hmacotp':
      return {
        ...secretFields('HmacOtp-', a.otp.secret, o.encoding),
        'HmacOtp-Counter': String(a.otp.counter),
      };
    case 'legacy':
      return {
        'TOTP Seed': encodeBase32(a.otp.secret),
        'TOTP Settings': `${a.otp.period};${a.otp.type === 'steam' ? 'S' : a.otp.digits}`,
      };
  }
}

export interface KdbxOptions {
  version: 3 | 4;
  kdf?: 'argon2d' | 'argon2id' | 'aes';
  /** Cheap settings by default so the tests run fast. */
  argon2?: { memoryKiB: number; iterations: number; parallelism: number };
  aesRounds?: number;
  /** Entries put in the recycle bin (they must not be imported). */
  trashed?: readonly KeePassOtp[];
}

export async function makeKdbx(
  entries: readonly KeePassOtp[],
  password: string,
  opts: KdbxOptions,
): Promise<Uint8Array> {
  installArgon2();
  const db = kdbxweb.Kdbx.create(
    new kdbxweb.KdbxCredentials(kdbxweb.ProtectedValue.fromString(password)),
    'Tessera test',
  );
  if (opts.version === 3) {
    db.setVersion(3);
    db.header.keyEncryptionRounds = opts.aesRounds ?? 1000;
  } else {
    db.setVersion(4);
    const kdf = opts.kdf ?? 'argon2id';
    db.setKdf(
      kdf === 'aes'
        ? kdbxweb.Consts.KdfId.Aes
        : kdf === 'argon2d'
          ? kdbxweb.Consts.KdfId.Argon2d
          : kdbxweb.Consts.KdfId.Argon2id,
    );
    const p = db.header.kdfParameters!;
    if (kdf === 'aes') {
      p.set('R', kdbxweb.VarDictionary.ValueType.UInt64, new kdbxweb.Int64(opts.aesRounds ?? 1000));
    } else {
      const a = opts.argon2 ?? { memoryKiB: 64, iterations: 1, parallelism: 1 };
      p.set('M', kdbxweb.VarDictionary.ValueType.UInt64, new kdbxweb.Int64(a.memoryKiB * 1024));
      p.set('I', kdbxweb.VarDictionary.ValueType.UInt64, new kdbxweb.Int64(a.iterations));
      p.set('P', kdbxweb.VarDictionary.ValueType.UInt32, a.parallelism);
    }
  }
  const root = db.getDefaultGroup();
  const sub = db.createGroup(root, 'Work – Ärbete');
  const add = (group: kdbxwebModule.KdbxGroup, o: KeePassOtp) => {
    const e = db.createEntry(group);
    e.fields.set('Title', o.account.issuer);
    e.fields.set('UserName', o.account.label);
    e.fields.set('Password', kdbxweb.ProtectedValue.fromString('not an otp'));
    e.fields.set('URL', 'https://example.com/login');
    for (const [k, v] of Object.entries(keepassFields(o))) {
      e.fields.set(
        k,
        k.includes('Secret') || k === 'otp' ? kdbxweb.ProtectedValue.fromString(v) : v,
      );
    }
  };
  entries.forEach((o, i) => add(i % 2 === 0 ? root : sub, o));
  // An entry without any OTP: ignored.
  db.createEntry(root).fields.set('Title', 'Just a password');
  if (opts.trashed && opts.trashed.length > 0) {
    db.createRecycleBin();
    const bin = db.getGroup(db.meta.recycleBinUuid!)!;
    for (const o of opts.trashed) add(bin, o);
  }
  return new Uint8Array(await db.save());
}
