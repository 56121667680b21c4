import { wipe } from '../lib/core/crypto/bytes';
import { TesseraError, isTesseraError } from '../lib/core/errors';
import { checkTesseraBackup, openTesseraBackupKey } from '../lib/core/transfer/tesseraFile';
import { openAccount } from '../lib/core/vault/records';
import type { Account } from '../lib/core/vault/types';

/** An account as the kit shows it; recovery codes and notes are there when the vault has them. */
export interface KitAccount {
  account: Account;
  recoveryCodes: string[];
  notes: string;
}

/**
 * Recovery codes and notes are optional fields of a sealed account: read when present (as text
 * or a list of codes, possibly marked used), ignored otherwise, so older kits and vaults open too.
 */
function extras(account: Account): { recoveryCodes: string[]; notes: string } {
  const raw = account as unknown as Record<string, unknown>;
  const codes = Array.isArray(raw.recoveryCodes) ? raw.recoveryCodes : [];
  const recoveryCodes = codes
    .map((c: unknown) => {
      if (typeof c === 'string') return c;
      if (typeof c === 'object' && c !== null) {
        const { code, used } = c as Record<string, unknown>;
        if (typeof code === 'string') return used === true ? `${code} ✓` : code;
      }
      return '';
    })
    .filter((c) => c !== '');
  const notes = typeof raw.notes === 'string' ? raw.notes : '';
  return { recoveryCodes, notes };
}

/**
 * Opens the kit's embedded backup with what the user typed: the same key slots and sealed records
 * as Tessera's backup file, so the same passphrase or recovery key opens both.
 */
export async function openKit(backup: string, secret: string): Promise<KitAccount[]> {
  const file = checkTesseraBackup(backup);
  const key = await openTesseraBackupKey(file.slots, secret);
  try {
    const out: KitAccount[] = [];
    for (const record of file.records) {
      let account: Account;
      try {
        account = await openAccount(key, record);
      } catch (e) {
        if (!isTesseraError(e)) throw e;
        throw new TesseraError('E_CORRUPT', 'An account of the kit cannot be read.', {
          reason: 'damagedAccount',
        });
      }
      out.push({ account, ...extras(account) });
    }
    return out;
  } finally {
    wipe(key);
  }
}
