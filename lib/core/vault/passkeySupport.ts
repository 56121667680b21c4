export type PasskeyUnsupported = 'firefox' | 'noWebAuthn' | 'noPrf';
export type PasskeySupport = { ok: true } | { ok: false; reason: PasskeyUnsupported };

/** What the page found out about its browser (lib/platform/passkey.ts gathers it). */
export interface PasskeyEnvironment {
  /** The page's `location.protocol`: `chrome-extension:` or `moz-extension:`. */
  protocol: string;
  hasWebAuthn: boolean;
  /** `getClientCapabilities()['extension:prf']`; undefined where the browser does not say. */
  prf: boolean | undefined;
}

/**
 * Whether passkey unlock is offered, and if not, why (the page says it). Firefox first: it has
 * WebAuthn, but not for an extension's own moz-extension:// origin (random per install), so a
 * credential there could not be bound to Tessera. Where the browser does not say whether it
 * has PRF, the option is offered and adding a passkey finds out (E_PASSKEY_FAILED, noPrf).
 */
export function decidePasskeySupport(env: PasskeyEnvironment): PasskeySupport {
  if (env.protocol === 'moz-extension:') return { ok: false, reason: 'firefox' };
  if (!env.hasWebAuthn) return { ok: false, reason: 'noWebAuthn' };
  if (env.prf === false) return { ok: false, reason: 'noPrf' };
  return { ok: true };
}
