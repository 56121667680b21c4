/**
 * Key slots: the vault's random 256-bit master key, wrapped (AES-256-GCM) once per way of
 * unlocking. Slots are plain JSON (binary as base64) because they are stored in IndexedDB and
 * copied through browser sync storage.
 *
 *   { v: 1, id: <32 hex>, kind: 'passphrase', kdf: { alg: 'argon2id', memoryKiB, iterations,
 *     parallelism, salt }, iv, ct, check }
 *   { v: 1, id: <32 hex>, kind: 'recovery', kdf: { alg: 'hkdf-sha256', salt }, iv, ct, check }
 *   { v: 1, id: <32 hex>, kind: 'passkey', kdf: { alg: 'webauthn-prf-hkdf-sha256', credential,
 *     prfSalt, salt }, iv, ct, check }   (see prfSlot.ts; kept in this profile only)
 *
 * - Additional data = the canonical header: JSON of the tuple
 *   ['tessera/keyslot', v, kind, id, kdf fields in fixed order], so changing the version, kind,
 *   id or any KDF setting makes GCM fail even if the wrapping key happened to come out right.
 * - `check`: the first 16 bytes of SHA-256 over the header tuple, iv and ct. It is NOT a security
 *   measure (anyone can recompute it; GCM is the integrity guarantee). It exists because GCM
 *   alone cannot tell "wrong passphrase" from "damaged slot": with it, a slot whose bytes are not
 *   what we wrote is E_CORRUPT, and an authentication failure on an intact slot is reported as
 *   E_BAD_PASSPHRASE / E_BAD_RECOVERY_KEY. A deliberate edit that also fixes `check` is reported
 *   as a wrong passphrase, and still never opens.
 * - Order of checks when opening, all before any key derivation: version first
 *   (E_UNSUPPORTED_VERSION; a newer format may have other fields), then shape and types
 *   (E_CORRUPT), KDF bounds (E_KDF_PARAMS), `check` (E_CORRUPT); then the KDF and GCM
 *   (E_BAD_PASSPHRASE / E_BAD_RECOVERY_KEY).
 * - Unknown fields are refused (E_CORRUPT): a later format gets a new `v`, so a v1 reader never
 *   ignores something a newer writer meant to be bound.
 */
import { TesseraError, isTesseraError, type ErrorCode } from '../errors';
import { IV_BYTES, KEY_BYTES, TAG_BYTES, open, seal } from './aead';
import {
  decodeB64,
  encodeB64,
  hasExactKeys,
  isPlainObject,
  randomBytes,
  toHex,
  utf8Encode,
  wipe,
  type Bytes,
} from './bytes';
import {
  checkKdfParams,
  deriveKey,
  kdfSetting,
  newArgon2idParams,
  type Argon2idCost,
  type Argon2idParams,
} from './kdf';
import { checkPasskeyKdf, type PasskeyKdf } from './passkeyKdf';
import { KdfBudget, isBudgetError } from './kdfBudget';
import { deriveRecoveryWrappingKey, normalizeRecoveryKey } from './recovery';

export const SLOT_VERSION = 1 as const;

export interface RecoveryKdf {
  alg: 'hkdf-sha256';
  salt: string;
}

interface SlotBase {
  v: typeof SLOT_VERSION;
  /** Random, 128 bits as lowercase hex; lets a vault replace one slot without touching others. */
  id: string;
  iv: string;
  ct: string;
  check: string;
}

export interface PassphraseSlot extends SlotBase {
  kind: 'passphrase';
  kdf: Argon2idParams;
}

export interface RecoverySlot extends SlotBase {
  kind: 'recovery';
  kdf: RecoveryKdf;
}

export interface PasskeySlot extends SlotBase {
  kind: 'passkey';
  kdf: PasskeyKdf;
}

export type KeySlot = PassphraseSlot | RecoverySlot | PasskeySlot;

/** The part of a slot that is bound as additional data. */
export type SlotHeader =
  | Pick<PassphraseSlot, 'v' | 'id' | 'kind' | 'kdf'>
  | Pick<RecoverySlot, 'v' | 'id' | 'kind' | 'kdf'>
  | Pick<PasskeySlot, 'v' | 'id' | 'kind' | 'kdf'>;

const SLOT_KEYS = ['v', 'id', 'kind', 'kdf', 'iv', 'ct', 'check'] as const;
const RECOVERY_KDF_KEYS = ['alg', 'salt'] as const;
const ID_PATTERN = /^[0-9a-f]{32}$/;
const CHECK_BYTES = 16;
const RECOVERY_SALT_BYTES = 32;
const WRAPPED_BYTES = KEY_BYTES + TAG_BYTES;

export function createMasterKey(): Bytes {
  return randomBytes(KEY_BYTES);
}

/**
 * Wraps the master key under a passphrase. New slots use the KDF setting's cost (DEFAULT_ARGON2ID
 * in production); a cheaper in-bounds cost may be passed explicitly (tests do, to stay fast).
 * The passphrase's strength is the caller's business (checkNewPassphrase); this only refuses an
 * empty one.
 */
export async function createPassphraseSlot(
  masterKey: Uint8Array,
  passphrase: string,
  cost: Argon2idCost = kdfSetting().cost,
): Promise<PassphraseSlot> {
  checkMasterKey(masterKey);
  if (typeof passphrase === 'string' && passphrase.length === 0) {
    throw new TesseraError('E_WEAK_PASSPHRASE', 'The passphrase is empty.', { minLength: 1 });
  }
  const header = {
    v: SLOT_VERSION,
    id: newSlotId(),
    kind: 'passphrase',
    kdf: newArgon2idParams(cost),
  } as const;
  const wrappingKey = await deriveKey(passphrase, header.kdf);
  try {
    return { ...header, ...(await wrap(header, wrappingKey, masterKey)) };
  } finally {
    wipe(wrappingKey);
  }
}

export async function createRecoverySlot(
  masterKey: Uint8Array,
  recoveryKey: string,
): Promise<RecoverySlot> {
  checkMasterKey(masterKey);
  const keyBytes = normalizeRecoveryKey(recoveryKey);
  const kdf: RecoveryKdf = {
    alg: 'hkdf-sha256',
    salt: encodeB64(randomBytes(RECOVERY_SALT_BYTES)),
  };
  const header = {
    v: SLOT_VERSION,
    id: newSlotId(),
    kind: 'recovery',
    kdf,
  } as const;
  const wrappingKey = await deriveRecoveryWrappingKey(keyBytes, decodeB64(kdf.salt));
  try {
    return { ...header, ...(await wrap(header, wrappingKey, masterKey)) };
  } finally {
    wipe(wrappingKey, keyBytes);
  }
}

/**
 * Opens one passphrase slot. `slot` is whatever came out of storage; it is never modified. The
 * budget is charged after the cheap checks and before Argon2id (kdfBudget.ts).
 */
export async function openPassphraseSlot(
  slot: unknown,
  passphrase: string,
  budget: KdfBudget = new KdfBudget(),
): Promise<Bytes> {
  const parsed = parseKeySlot(slot);
  if (parsed.kind !== 'passphrase') {
    throw new TesseraError('E_BAD_REQUEST', 'This key slot is not a passphrase slot.');
  }
  await verifyCheck(parsed);
  // No slot can have an empty passphrase (creating refuses it), so skip the KDF.
  if (passphrase === '') throw new TesseraError('E_BAD_PASSPHRASE', 'Wrong passphrase.');
  budget.charge(parsed.kdf);
  const wrappingKey = await deriveKey(passphrase, parsed.kdf);
  try {
    return await unwrap(parsed, wrappingKey, 'E_BAD_PASSPHRASE', 'Wrong passphrase.');
  } finally {
    wipe(wrappingKey);
  }
}

/** Opens one recovery slot. The key is checked for form first (E_BAD_RECOVERY_KEY). */
export async function openRecoverySlot(slot: unknown, recoveryKey: string): Promise<Bytes> {
  return openRecoveryWithBytes(slot, normalizeRecoveryKey(recoveryKey));
}

async function openRecoveryWithBytes(slot: unknown, keyBytes: Uint8Array): Promise<Bytes> {
  const parsed = parseKeySlot(slot);
  if (parsed.kind !== 'recovery') {
    throw new TesseraError('E_BAD_REQUEST', 'This key slot is not a recovery slot.');
  }
  await verifyCheck(parsed);
  const wrappingKey = await deriveRecoveryWrappingKey(keyBytes, decodeB64(parsed.kdf.salt));
  try {
    return await unwrap(parsed, wrappingKey, 'E_BAD_RECOVERY_KEY', 'Wrong recovery key.');
  } finally {
    wipe(wrappingKey);
  }
}

/**
 * Tries every passphrase slot in order. Slots of another kind (recovery, or kinds a later
 * version may add) are skipped; one damaged slot does not stop the others from being tried.
 * When none opens: E_BAD_PASSPHRASE if any intact slot refused the passphrase, else the first
 * slot's error (E_CORRUPT, E_KDF_PARAMS, E_UNSUPPORTED_VERSION), else E_NOT_FOUND.
 * E_KDF_BUDGET stops the search at once: the operation (one `budget`, shared by every call
 * that belongs to it) has done all the key derivation it may.
 */
export async function unlockWithPassphrase(
  slots: unknown[],
  passphrase: string,
  budget: KdfBudget = new KdfBudget(),
): Promise<Bytes> {
  return unlockWith(slots, 'passphrase', 'E_BAD_PASSPHRASE', (slot) =>
    openPassphraseSlot(slot, passphrase, budget),
  );
}

/** Like unlockWithPassphrase, for recovery slots; a malformed key fails before any slot is read. */
export async function unlockWithRecoveryKey(slots: unknown[], recoveryKey: string): Promise<Bytes> {
  const keyBytes = normalizeRecoveryKey(recoveryKey);
  try {
    return await unlockWith(slots, 'recovery', 'E_BAD_RECOVERY_KEY', (slot) =>
      openRecoveryWithBytes(slot, keyBytes),
    );
  } finally {
    wipe(keyBytes);
  }
}

async function unlockWith(
  slots: unknown[],
  kind: KeySlot['kind'],
  wrongCode: ErrorCode,
  openOne: (slot: unknown) => Promise<Bytes>,
): Promise<Bytes> {
  if (!Array.isArray(slots)) {
    throw new TesseraError('E_CORRUPT', 'The key slot list is damaged.');
  }
  let wrong: TesseraError | undefined;
  let firstError: TesseraError | undefined;
  for (const slot of slots) {
    const slotKind = isPlainObject(slot) ? slot.kind : undefined;
    // A slot without a readable kind might be ours and damaged, so it counts as a failure.
    if (typeof slotKind === 'string' && slotKind !== kind) continue;
    try {
      return await openOne(slot);
    } catch (e) {
      if (!isTesseraError(e) || e.code === 'E_INTERNAL' || isBudgetError(e)) throw e;
      if (e.code === wrongCode) wrong ??= e;
      else firstError ??= e;
    }
  }
  if (wrong) throw wrong;
  if (firstError) throw firstError;
  throw new TesseraError('E_NOT_FOUND', `The vault has no ${kind} key slot.`);
}

/**
 * Checks a stored slot's shape, version and KDF bounds and returns a clean copy (never the
 * input object). Does not verify `check` (that needs SHA-256, so it is async) or decrypt.
 */
export function parseKeySlot(raw: unknown): KeySlot {
  if (!isPlainObject(raw)) throw corrupt('not an object');
  if (typeof raw.v !== 'number') throw corrupt('no format version');
  if (raw.v !== SLOT_VERSION) {
    throw new TesseraError(
      'E_UNSUPPORTED_VERSION',
      'This key slot was written by a newer Tessera.',
      {
        version: raw.v,
      },
    );
  }
  if (!hasExactKeys(raw, SLOT_KEYS)) throw corrupt('unexpected fields');
  if (typeof raw.id !== 'string' || !ID_PATTERN.test(raw.id)) throw corrupt('bad id');
  if (decodeB64(raw.iv).length !== IV_BYTES) throw corrupt('bad IV');
  if (decodeB64(raw.ct).length !== WRAPPED_BYTES) throw corrupt('bad ciphertext length');
  if (decodeB64(raw.check).length !== CHECK_BYTES) throw corrupt('bad check');
  const base = {
    v: SLOT_VERSION,
    id: raw.id,
    iv: raw.iv as string,
    ct: raw.ct as string,
    check: raw.check as string,
  };
  if (raw.kind === 'passphrase') {
    return { ...base, kind: 'passphrase', kdf: checkKdfParams(raw.kdf) };
  }
  if (raw.kind === 'recovery') {
    return { ...base, kind: 'recovery', kdf: checkRecoveryKdf(raw.kdf) };
  }
  if (raw.kind === 'passkey') {
    return { ...base, kind: 'passkey', kdf: checkPasskeyKdf(raw.kdf) };
  }
  throw corrupt('unknown kind');
}

function checkRecoveryKdf(kdf: unknown): RecoveryKdf {
  // HKDF has no cost to downgrade, so anything unexpected here is damage, not a policy matter.
  if (!isPlainObject(kdf) || !hasExactKeys(kdf, RECOVERY_KDF_KEYS) || kdf.alg !== 'hkdf-sha256') {
    throw corrupt('bad recovery key derivation settings');
  }
  const salt = decodeB64(kdf.salt);
  if (salt.length < 16 || salt.length > 64) throw corrupt('bad recovery salt length');
  return { alg: 'hkdf-sha256', salt: kdf.salt as string };
}

function headerTuple(h: SlotHeader): (string | number)[] {
  const head = ['tessera/keyslot', h.v, h.kind, h.id];
  switch (h.kind) {
    case 'passphrase':
      return [...head, h.kdf.alg, h.kdf.memoryKiB, h.kdf.iterations, h.kdf.parallelism, h.kdf.salt];
    case 'recovery':
      return [...head, h.kdf.alg, h.kdf.salt];
    case 'passkey':
      return [...head, h.kdf.alg, h.kdf.credential, h.kdf.prfSalt, h.kdf.salt];
  }
}

/** The additional data a slot's ciphertext is bound to (exported so tests can show the binding). */
export function slotHeaderAad(header: SlotHeader): Bytes {
  return utf8Encode(JSON.stringify(headerTuple(header)));
}

/**
 * The damage-detecting checksum of a slot (see the top of this file: not a security measure).
 * Exported so tests can forge a consistent slot and show that GCM still refuses it.
 */
export async function slotCheck(slot: SlotHeader & { iv: string; ct: string }): Promise<string> {
  const input = JSON.stringify(['tessera/keyslot/check', headerTuple(slot), slot.iv, slot.ct]);
  const digest = await globalThis.crypto.subtle.digest('SHA-256', utf8Encode(input));
  return encodeB64(new Uint8Array(digest).subarray(0, CHECK_BYTES));
}

/** For slot kinds defined in their own file (prfSlot.ts): same checksum and GCM rules. */
export async function verifySlotCheck(slot: KeySlot): Promise<void> {
  return verifyCheck(slot);
}

async function verifyCheck(slot: KeySlot): Promise<void> {
  if ((await slotCheck(slot)) !== slot.check) throw corrupt('checksum mismatch');
}

export async function wrapMasterKey(
  header: SlotHeader,
  wrappingKey: Uint8Array,
  masterKey: Uint8Array,
): Promise<{ iv: string; ct: string; check: string }> {
  checkMasterKey(masterKey);
  return wrap(header, wrappingKey, masterKey);
}

export async function unwrapMasterKey(
  slot: KeySlot,
  wrappingKey: Uint8Array,
  wrongCode: ErrorCode,
  wrongMessage: string,
): Promise<Bytes> {
  return unwrap(slot, wrappingKey, wrongCode, wrongMessage);
}

async function wrap(
  header: SlotHeader,
  wrappingKey: Uint8Array,
  masterKey: Uint8Array,
): Promise<{ iv: string; ct: string; check: string }> {
  const { iv, ct } = await seal(wrappingKey, masterKey, slotHeaderAad(header));
  return { iv, ct, check: await slotCheck({ ...header, iv, ct }) };
}

async function unwrap(
  slot: KeySlot,
  wrappingKey: Uint8Array,
  wrongCode: ErrorCode,
  wrongMessage: string,
): Promise<Bytes> {
  try {
    return await open(wrappingKey, slot, slotHeaderAad(slot));
  } catch (e) {
    // The slot's shape and checksum were verified, so a GCM failure here means the key is wrong.
    if (isTesseraError(e) && e.code === 'E_CORRUPT')
      throw new TesseraError(wrongCode, wrongMessage);
    throw e;
  }
}

function checkMasterKey(masterKey: Uint8Array): void {
  if (!(masterKey instanceof Uint8Array) || masterKey.length !== KEY_BYTES) {
    throw new TesseraError('E_INTERNAL', 'The master key must be 32 bytes.');
  }
}

export function newSlotId(): string {
  return toHex(randomBytes(16));
}

function corrupt(why: string): TesseraError {
  return new TesseraError('E_CORRUPT', 'A key slot is damaged.', {
    reason: why,
  });
}
