export {
  encodeB64,
  decodeB64,
  equalBytes,
  randomBytes,
  utf8Encode,
  utf8Decode,
  type Bytes,
} from './bytes';
export { seal, open, IV_BYTES, KEY_BYTES, TAG_BYTES, type Sealed } from './aead';
export {
  ARGON2ID_BOUNDS,
  DEFAULT_ARGON2ID,
  PRODUCTION_KDF,
  checkKdfParams,
  kdfSetting,
  useKdfSetting,
  deriveKey,
  newArgon2idParams,
  type Argon2idCost,
  type Argon2idParams,
  type KdfSetting,
} from './kdf';
export {
  RECOVERY_KEY_BYTES,
  formatRecoveryKey,
  generateRecoveryKey,
  normalizeRecoveryKey,
} from './recovery';
export {
  SLOT_VERSION,
  createMasterKey,
  createPassphraseSlot,
  createRecoverySlot,
  openPassphraseSlot,
  openRecoverySlot,
  parseKeySlot,
  slotCheck,
  slotHeaderAad,
  unlockWithPassphrase,
  unlockWithRecoveryKey,
  type KeySlot,
  type PasskeySlot,
  type PassphraseSlot,
  type RecoveryKdf,
  type RecoverySlot,
  type SlotHeader,
} from './slots';
export { KDF_BUDGET, KdfBudget, isBudgetError, type KdfLimits } from './kdfBudget';
export { MIN_PASSPHRASE_LENGTH, checkNewPassphrase } from './passphrase';
export {
  PRF_OUTPUT_BYTES,
  createPasskeySlot,
  newPrfSalt,
  openPasskeySlot,
  unlockWithPasskey,
  type PasskeyUnlockOutput,
} from './prfSlot';
export { type PasskeyKdf } from './passkeyKdf';
