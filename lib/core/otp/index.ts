export type {
  OtpAccount,
  OtpAlgorithm,
  OtpParams,
  OtpType,
  OtpWarning,
  OtpWarningCode,
} from './types';
export {
  decodeBase32,
  decodeBase64,
  decodeHex,
  encodeBase32,
  encodeBase64,
  encodeHex,
} from './secret';
export { OTP_ALGORITHMS, OTP_LIMITS, OTP_TYPES, validateOtpParams } from './validate';
export { codeAt, hotpCode, steamCode, timeWindow, totpCode } from './generate';
export {
  MAX_ISSUER_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_URI_LENGTH,
  formatOtpauthUri,
  normalizeAccountName,
  parseOtpauthUri,
} from './uri';
export {
  CLOCK_TOLERANCE_S,
  clockCheckOrigin,
  clockCheckPattern,
  clockVerdict,
  parseHttpDate,
} from './clockCheck';
export type { ClockSample, ClockVerdict } from './clockCheck';
export { codeWindows } from './windows';
export type { CodeWindow, CodeWindows } from './windows';
