/**
 * WebAuthn for "Unlock with a passkey". Runs only in extension pages (the popup, its pop-out,
 * the settings page): the background is a service worker, which has no WebAuthn, and the user
 * must see the page that asks. The PRF output goes to the background once and is not kept.
 *
 * Relying party: `rp.id` / `rpId` are left out, so the browser uses the page's own origin. For
 * an extension page Chromium takes the whole origin, `chrome-extension://<extension id>`, as
 * the RP ID (the e2e test reads it back from the authenticator), so a credential is bound to
 * this extension id and no web site or other extension can ask for it. Firefox gives each
 * install a random moz-extension:// host and its WebAuthn does not serve an extension page as
 * its own relying party (Mozilla bug 1693562; newer versions only let an extension act for web
 * sites it has host permissions for), so the option is hidden there.
 */
import { decodeB64, encodeB64, randomBytes, utf8Encode } from '../core/crypto';
import { TesseraError } from '../core/errors';
import type { PasskeyGrant, PasskeyInfo } from '../core/vault/passkeys';
import { decidePasskeySupport, type PasskeySupport } from '../core/vault/passkeySupport';

export type { PasskeySupport } from '../core/vault/passkeySupport';

/** Long enough for a person to find their security key, short enough to give the page back. */
const TIMEOUT_MS = 120_000;

interface PrfValues {
  first: BufferSource;
}
interface PrfOutputs {
  enabled?: boolean;
  results?: { first?: ArrayBuffer };
}

/** Whether this page can offer passkey unlock, and if not, why (shown to the user). */
export async function passkeySupport(): Promise<PasskeySupport> {
  const hasWebAuthn =
    typeof PublicKeyCredential !== 'undefined' && Boolean(globalThis.navigator?.credentials);
  let prf: boolean | undefined;
  // Chromium 133+ says whether it implements PRF; older ones find out when a passkey is added.
  const withCaps = hasWebAuthn
    ? (PublicKeyCredential as unknown as {
        getClientCapabilities?: () => Promise<Record<string, boolean | undefined>>;
      })
    : {};
  if (typeof withCaps.getClientCapabilities === 'function') {
    try {
      prf = (await withCaps.getClientCapabilities())['extension:prf'];
    } catch {
      // No answer is no refusal: adding a passkey checks for PRF anyway.
    }
  }
  return decidePasskeySupport({ protocol: globalThis.location?.protocol ?? '', hasWebAuthn, prf });
}

/** Creates a credential with PRF and returns its id and the PRF output for the vault's salt. */
export async function createPasskey(
  grant: PasskeyGrant,
  names: { user: string; display: string },
): Promise<{ credential: string; output: string }> {
  const prfSalt = decodeB64(grant.prfSalt);
  const created = await ceremony(() =>
    navigator.credentials.create({
      publicKey: {
        rp: { name: 'Tessera' },
        user: { id: utf8Encode(grant.userId), name: names.user, displayName: names.display },
        challenge: randomBytes(32),
        pubKeyCredParams: [
          { type: 'public-key', alg: -7 },
          { type: 'public-key', alg: -257 },
        ],
        authenticatorSelection: { userVerification: 'required', residentKey: 'preferred' },
        excludeCredentials: grant.exclude.map((id) => ({ type: 'public-key', id: decodeB64(id) })),
        timeout: TIMEOUT_MS,
        extensions: { prf: { eval: { first: prfSalt } } } as AuthenticationExtensionsClientInputs,
      },
    }),
  );
  const prf = prfOf(created);
  const credential = encodeB64(new Uint8Array(created.rawId));
  if (prf?.enabled === false) throw noPrf();
  // Not every authenticator evaluates the PRF while creating; ask once more if it did not.
  const first = prf?.results?.first;
  if (first) return { credential, output: encodeB64(new Uint8Array(first)) };
  return assert([{ credential, prfSalt: grant.prfSalt }]);
}

/** Asks the authenticator for one of the vault's passkeys and returns its PRF output. */
export async function assertPasskey(
  passkeys: readonly Pick<PasskeyInfo, 'credential' | 'prfSalt'>[],
): Promise<{ credential: string; output: string }> {
  return assert(passkeys);
}

async function assert(
  passkeys: readonly Pick<PasskeyInfo, 'credential' | 'prfSalt'>[],
): Promise<{ credential: string; output: string }> {
  const [first] = passkeys;
  if (!first) throw new TesseraError('E_NOT_FOUND', 'No passkey unlocks this vault.');
  // Every passkey of a vault is asked with the vault's one PRF salt (see vault/passkeys.ts).
  const eval_: PrfValues = { first: decodeB64(first.prfSalt) };
  const got = await ceremony(() =>
    navigator.credentials.get({
      publicKey: {
        challenge: randomBytes(32),
        allowCredentials: passkeys.map((p) => ({
          type: 'public-key',
          id: decodeB64(p.credential),
        })),
        userVerification: 'required',
        timeout: TIMEOUT_MS,
        extensions: { prf: { eval: eval_ } } as AuthenticationExtensionsClientInputs,
      },
    }),
  );
  const output = prfOf(got)?.results?.first;
  if (!output) throw noPrf();
  return {
    credential: encodeB64(new Uint8Array(got.rawId)),
    output: encodeB64(new Uint8Array(output)),
  };
}

async function ceremony(run: () => Promise<Credential | null>): Promise<PublicKeyCredential> {
  let result: Credential | null;
  try {
    result = await run();
  } catch (e) {
    const name = e instanceof DOMException ? e.name : '';
    if (name === 'InvalidStateError') {
      throw new TesseraError('E_DUPLICATE', 'This passkey already unlocks the vault.', {
        reason: 'passkeyDuplicate',
      });
    }
    // NotAllowedError covers a cancelled dialog, a timeout and a refused verification alike.
    throw new TesseraError('E_PASSKEY_FAILED', 'The passkey could not be used.', {
      reason: name === 'NotAllowedError' || name === 'AbortError' ? 'cancelled' : 'failed',
    });
  }
  if (!(result instanceof PublicKeyCredential)) {
    throw new TesseraError('E_PASSKEY_FAILED', 'The browser returned no passkey.', {
      reason: 'failed',
    });
  }
  return result;
}

function prfOf(credential: PublicKeyCredential): PrfOutputs | undefined {
  // The DOM typings of this TypeScript version do not know the PRF extension yet.
  return (credential.getClientExtensionResults() as { prf?: PrfOutputs }).prf;
}

function noPrf(): TesseraError {
  return new TesseraError('E_PASSKEY_FAILED', 'This authenticator does not support PRF.', {
    reason: 'noPrf',
  });
}
