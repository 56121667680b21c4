export { accountsBoundTo, isBoundTo, type BindableAccount } from './match';
export {
  checkFrameChain,
  type FrameRecord,
  type FrameTarget,
  type FrameVerdict,
  type SenderFrame,
} from './frames';
export { documentToken, isSamePage, NavigationLog, parseFramePin, type FramePin } from './pin';
export { FieldRegistry, type FieldFrame } from './registry';
export { parseWebOrigin, registrableDomain, siteMatches, type WebOrigin } from './origin';
export { isKnownIssuer, isSuggestedOrigin, suggestedSites } from './suggestions';
export type * from './protocol';
