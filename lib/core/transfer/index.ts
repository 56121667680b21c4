export type {
  ImportedAccount,
  ImportFormat,
  ImportOptions,
  ImportProblem,
  ImportResult,
  ParsedAccounts,
} from './types';
export { ENCRYPTED_FORMATS, IMPORT_FORMATS } from './types';
export { IMPORT_LIMITS, KDF_LIMITS } from './limits';
export { detectFormat } from './detect';
export { importFile } from './importFile';
export { checkPbkdf2Params, checkScryptParams } from './kdf';
export { parseCsv } from './csv';
export { parseOtpauthList } from './otpauthList';
export { writeOtpauthList } from './otpauthText';
export {
  decodeMigrationPayload,
  decodeMigrationUri,
  encodeMigrationBatches,
  encodeMigrationPayload,
  migrationUnsupportedReason,
  parseGoogleMigration,
  type MigrationOtpParameters,
  type MigrationPayload,
} from './googleMigration';
export { parseAegisEncrypted, parseAegisPlain, writeAegisPlain } from './aegis';
export { parseTwoFasEncrypted, parseTwoFasPlain } from './twofas';
export { parseBitwardenCsv, parseBitwardenJson } from './bitwarden';
export { parseEnte } from './ente';
export { parseProton } from './proton';
export { parseAndOtpEncrypted, parseAndOtpPlain } from './andotp';
export { parseFreeOtp } from './freeotp';
export { parseStratum } from './stratum';
export { parseAuthenticatorExtension } from './authenticatorExtension';
export {
  TESSERA_BACKUP_FORMAT,
  TESSERA_BACKUP_VERSION,
  checkTesseraBackup,
  parseTesseraBackup,
  writeTesseraBackup,
  type TesseraBackupFile,
} from './tesseraFile';
