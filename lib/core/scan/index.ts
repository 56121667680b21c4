export { findQrCodes } from './findQrCodes';
export { cropRegion } from './crop';
export {
  classifyQr,
  pickAuthenticatorCodes,
  type AuthenticatorPick,
  type QrKind,
} from './classify';
export type { DecodedQr, FindQrOptions, Rect, RgbaImage } from './types';
