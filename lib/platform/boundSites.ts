import { boundKeysOf, originKeys } from '../core/autofill/boundKeys';
import type { BindableAccount } from '../core/autofill/match';
import type { TesseraDb } from './db';

const ROW_KEY = 'autofillBoundSites';

interface BoundSitesRow {
  /** HMAC-SHA-256, non-extractable: no script can read its bytes, only use it here. */
  key: CryptoKey;
  /** Base64 HMACs of the bound sites' lookup keys (lib/core/autofill/boundKeys.ts). */
  digests: string[];
}

function base64(bytes: ArrayBuffer): string {
  let binary = '';
  for (const b of new Uint8Array(bytes)) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * Which sites have an account bound, readable while the vault is locked, so that a locked
 * Tessera offers its "unlock and fill" button on bound sites and shows nothing anywhere else,
 * exactly as when there is no vault or no account bound (a page must not learn that Tessera is
 * installed, nor that it is locked).
 *
 * Why keyed digests and not the plain list: the sites a person uses two-factor codes on are
 * private, and the vault keeps them encrypted. Here they are HMACs under a random key made for
 * this purpose, kept beside them in the extension's IndexedDB, which web pages and content
 * scripts cannot open. Whoever reads the stored row without the key learns how many keys there
 * are, not which sites; someone with a full copy of the profile has the key too and can test a
 * guessed site ("is bank.example bound?") but still cannot list them. The alternative, no
 * button on any site while locked, would hide nothing more and cost every user the button.
 */
export class BoundSiteIndex {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: TesseraDb) {}

  /** Replaces the list with the given accounts' sites; calls run one after the other. */
  refresh(accounts: readonly BindableAccount[]): Promise<void> {
    const keys = boundKeysOf(accounts);
    const run = this.#queue.then(async () => {
      const row = await this.#row();
      const key =
        row?.key ??
        (await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']));
      const digests = (await Promise.all(keys.map((k) => this.#digest(key, k)))).sort();
      await this.db.meta.put({ key: ROW_KEY, value: { key, digests } satisfies BoundSitesRow });
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Whether some account was bound to this origin when the vault was last open. */
  async isBound(frameOrigin: string): Promise<boolean> {
    await this.#queue;
    const row = await this.#row();
    if (!row || row.digests.length === 0) return false;
    const stored = new Set(row.digests);
    for (const k of originKeys(frameOrigin)) {
      if (stored.has(await this.#digest(row.key, k))) return true;
    }
    return false;
  }

  async #row(): Promise<BoundSitesRow | undefined> {
    const value = (await this.db.meta.get(ROW_KEY))?.value as Partial<BoundSitesRow> | undefined;
    if (!(value?.key instanceof CryptoKey) || !Array.isArray(value.digests)) return undefined;
    return { key: value.key, digests: value.digests.filter((d) => typeof d === 'string') };
  }

  async #digest(key: CryptoKey, text: string): Promise<string> {
    return base64(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(text)));
  }
}
