import { open, seal } from '../crypto';
import { TesseraError } from '../errors';
import { decodeBase32, encodeBase32 } from '../otp';
import { validateOtpParams } from '../otp';
import type { OtpAlgorithm, OtpType } from '../otp/types';
import { recoveryExtras, type RecoveryCode } from './recoveryCodes';
import { accountExtras as extrasOf, normalizeTags } from './tags';
import { isTimeOffset } from './timeOffset';
import type { Account, StoredRecord } from './types';

/** The sealed part of a record; the secret travels as Base32 text inside the ciphertext. */
interface SealedPayload {
  issuer: string;
  label: string;
  type: OtpType;
  secret: string;
  algorithm: OtpAlgorithm;
  digits: number;
  period: number;
  counter: number;
  sites: string[];
  pinned: boolean;
  order: number;
  /** Written only when true, so older records and their size stay as they were. */
  subdomains?: true;
  autoFill?: true;
  /** Like the flags: written only when there is something to say. */
  tags?: string[];
  icon?: string;
  /** Written only when not 0, like the flags above. */
  timeOffset?: number;
  recoveryCodes?: RecoveryCode[];
  notes?: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The readable fields are bound to the ciphertext, so a record cannot be moved to another id,
 * rolled back to another time, or flipped between live and deleted without failing to open.
 */
function recordAad(id: string, updatedAt: number, deleted: 0 | 1): Uint8Array {
  return encoder.encode(`tessera/account/v1\u0000${id}\u0000${updatedAt}\u0000${deleted}`);
}

export async function sealAccount(
  key: Uint8Array,
  account: Account,
  deleted: 0 | 1 = 0,
): Promise<StoredRecord> {
  const payload: SealedPayload = {
    issuer: account.issuer,
    label: account.label,
    type: account.otp.type,
    secret: encodeBase32(account.otp.secret),
    algorithm: account.otp.algorithm,
    digits: account.otp.digits,
    period: account.otp.period,
    counter: account.otp.counter,
    sites: account.sites,
    pinned: account.pinned,
    order: account.order,
    ...(account.subdomains === true ? { subdomains: true as const } : {}),
    ...(account.autoFill === true ? { autoFill: true as const } : {}),
    ...extrasOf(account),
    ...(account.timeOffset ? { timeOffset: account.timeOffset } : {}),
    ...recoveryExtras(account),
  };
  const sealed = await seal(
    key,
    encoder.encode(JSON.stringify(payload)),
    recordAad(account.id, account.updatedAt, deleted),
  );
  return { id: account.id, updatedAt: account.updatedAt, deleted, iv: sealed.iv, ct: sealed.ct };
}

function isStoredRecord(r: unknown): r is StoredRecord {
  if (typeof r !== 'object' || r === null) return false;
  const o = r as Record<string, unknown>;
  return (
    typeof o.id === 'string' &&
    typeof o.updatedAt === 'number' &&
    (o.deleted === 0 || o.deleted === 1) &&
    typeof o.iv === 'string' &&
    typeof o.ct === 'string'
  );
}

export async function openAccount(key: Uint8Array, record: unknown): Promise<Account> {
  if (!isStoredRecord(record)) {
    throw new TesseraError('E_CORRUPT', 'A stored account is damaged and cannot be read.');
  }
  const bytes = await open(
    key,
    { iv: record.iv, ct: record.ct },
    recordAad(record.id, record.updatedAt, record.deleted),
  );
  let p: SealedPayload;
  try {
    p = JSON.parse(decoder.decode(bytes)) as SealedPayload;
  } catch {
    throw new TesseraError('E_CORRUPT', 'A stored account is damaged and cannot be read.', {
      id: record.id,
    });
  }
  const account: Account = {
    id: record.id,
    updatedAt: record.updatedAt,
    issuer: String(p.issuer ?? ''),
    label: String(p.label ?? ''),
    otp: {
      type: p.type,
      secret: decodeBase32(String(p.secret ?? '')),
      algorithm: p.algorithm,
      digits: p.digits,
      period: p.period,
      counter: p.counter,
    },
    sites: Array.isArray(p.sites) ? p.sites.filter((s): s is string => typeof s === 'string') : [],
    pinned: p.pinned === true,
    order: typeof p.order === 'number' ? p.order : 0,
    ...(p.subdomains === true ? { subdomains: true } : {}),
    ...(p.autoFill === true ? { autoFill: true } : {}),
    ...extrasOf({ tags: Array.isArray(p.tags) ? normalizeTags(p.tags) : [], icon: p.icon }),
    // An offset out of range is dropped rather than failing the whole account.
    ...(isTimeOffset(p.timeOffset) && p.timeOffset !== 0 ? { timeOffset: p.timeOffset } : {}),
  };
  try {
    Object.assign(account, recoveryExtras(p));
  } catch {
    throw new TesseraError('E_CORRUPT', 'A stored account is damaged and cannot be read.', {
      id: record.id,
    });
  }
  // A record that decrypts but holds impossible parameters is as damaged as one that does not.
  validateOtpParams(account.otp);
  return account;
}

/**
 * Opens many records side by side: WebCrypto decrypts off the calling thread, so awaiting each
 * in turn would pay a round trip per record (a vault of 2,000 accounts opens when the service
 * worker starts again). A damaged record fails the whole call, and the first one in `records`
 * is the one reported, as when they were opened one by one.
 */
export async function openAccounts(
  key: Uint8Array,
  records: readonly unknown[],
): Promise<Account[]> {
  const settled = await Promise.allSettled(records.map((r) => openAccount(key, r)));
  return settled.map((s) => {
    if (s.status === 'rejected') throw s.reason;
    return s.value;
  });
}
