export { accountsBoundTo, isBoundTo, type BindableAccount } from './match';
export { checkFrameChain, type FrameRecord, type FrameVerdict, type SenderFrame } from './frames';
export { parseWebOrigin, registrableDomain, siteMatches, type WebOrigin } from './origin';
export { isKnownIssuer, isSuggestedOrigin, suggestedSites } from './suggestions';
export type * from './protocol';
