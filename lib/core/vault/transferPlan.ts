import { TesseraError, isTesseraError } from '../errors';
import { encodeHex, validateOtpParams } from '../otp';
import type { OtpAccount } from '../otp/types';
import { IMPORT_FORMAT_NAMES } from '../transfer/formatNames';
import type { PreviewAccount, TransferPreview } from '../transfer/protocol';
import type { ImportedAccount, ImportResult } from '../transfer/types';
import { normalizeSite } from './sites';
import { recoveryExtras } from './recoveryCodes';
import { accountExtras, mergeTags } from './tags';
import type { Account } from './types';

/**
 * The merge preview of an import: which accounts of a file are new, which the vault already
 * has, and which repeat earlier entries of the same file. Two accounts are the same when they
 * share type and secret: names are the user's to change, and the same secret under another
 * name is still the same login (that is also how the vault refuses duplicates).
 */

export interface PlannedMatch {
  /** Index in the imported list. */
  index: number;
  existing: Account;
  /** The file names it differently; only then is "update name" offered. */
  renamed: boolean;
}

export interface ImportPlan {
  /** Indexes (into the imported list) of accounts the vault does not have. */
  add: number[];
  matches: PlannedMatch[];
  /** Accounts that repeat an earlier one of the same file: imported once, reported once. */
  repeats: { index: number; first: number }[];
}

/** One key per login: type and secret, never the names. */
export function sameAccountKey(account: OtpAccount): string {
  return `${account.otp.type}:${encodeHex(account.otp.secret)}`;
}

/**
 * Accounts by login (sameAccountKey): the one duplicate check of the vault, for adding, scanning
 * and importing. A vault merged from two profiles can hold a pair; the first given answers.
 */
export function loginIndex(accounts: Iterable<Account>): Map<string, Account> {
  const index = new Map<string, Account>();
  for (const a of accounts) {
    const key = sameAccountKey(a);
    if (!index.has(key)) index.set(key, a);
  }
  return index;
}

export function planImport(
  existing: readonly Account[],
  imported: readonly ImportedAccount[],
): ImportPlan {
  const vault = loginIndex(existing);
  const seen = new Map<string, number>();
  const plan: ImportPlan = { add: [], matches: [], repeats: [] };
  imported.forEach((account, index) => {
    const key = sameAccountKey(account);
    const first = seen.get(key);
    if (first !== undefined) {
      plan.repeats.push({ index, first });
      return;
    }
    seen.set(key, index);
    const match = vault.get(key);
    if (match) {
      const renamed = match.issuer !== account.issuer || match.label !== account.label;
      plan.matches.push({ index, existing: match, renamed });
    } else {
      plan.add.push(index);
    }
  });
  return plan;
}

function describe(account: OtpAccount): PreviewAccount {
  return { issuer: account.issuer, label: account.label, type: account.otp.type };
}

function who(account: OtpAccount): string {
  return [account.issuer, account.label].filter((s) => s !== '').join(' / ');
}

/**
 * The preview as the options page sees it: names and types only, never a secret, parameter or
 * site. Repeats within the file are listed among the problems so the counts add up.
 */
export function describePlan(input: {
  planId: string;
  fileName: string;
  expiresAt: number;
  result: ImportResult;
  plan: ImportPlan;
}): TransferPreview {
  const { result, plan } = input;
  const accounts = result.accounts;
  const repeats = plan.repeats.map(({ index, first }) => ({
    entry: `account ${index + 1} (${who(accounts[index]!)})`,
    code: 'E_DUPLICATE' as const,
    message: `The file lists this account twice (first as account ${first + 1}); it is imported once.`,
  }));
  const preview: TransferPreview = {
    planId: input.planId,
    fileName: input.fileName,
    format: result.format,
    formatName: IMPORT_FORMAT_NAMES[result.format],
    toAdd: plan.add.map((i) => describe(accounts[i]!)),
    inVault: plan.matches.map(({ index, existing, renamed }) => ({
      ...describe(accounts[index]!),
      id: existing.id,
      vaultIssuer: existing.issuer,
      vaultLabel: existing.label,
      renamed,
    })),
    problems: [...result.problems, ...repeats],
    expiresAt: input.expiresAt,
  };
  if (result.batch) preview.batch = { index: result.batch.index, size: result.batch.size };
  return preview;
}

/** What the user confirmed in the preview. */
export interface ImportChoice {
  /** Vault account ids whose issuer and name take the file's (only renamed matches change). */
  updateNames: readonly string[];
  /** Bind the file's sites: only for Tessera's own backup (see ImportedAccount). */
  keepSites: boolean;
  /**
   * What the preview showed. When the vault changed since (an account added or deleted in the
   * popup meanwhile) so that the same file now means something else, nothing is written.
   */
  expected?: { add: number; matchIds: readonly string[] };
}

export interface ImportStamps {
  newId: () => string;
  /** A change time later than `previous` (the vault's strictly increasing updatedAt). */
  stamp: (previous?: number) => number;
  /** Order of the first new account; the others follow the file's order. */
  firstOrder: number;
  /** The vault's length limit for names. */
  clip: (s: string) => string;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  const sa = [...a].sort();
  const sb = [...b].sort();
  return sa.length === sb.length && sa.every((id, i) => id === sb[i]);
}

/** Sites a Tessera backup carried, re-checked; one that no longer passes is dropped, not fatal. */
function keptSites(sites: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const s of sites ?? []) {
    try {
      const origin = normalizeSite(s);
      if (!out.includes(origin)) out.push(origin);
    } catch (e) {
      if (!isTesseraError(e)) throw e;
    }
  }
  return out.slice(0, 32);
}

/**
 * The accounts to write for a confirmed plan. Everything is built and checked before the
 * caller writes anything, so a bad entry fails the whole import instead of half of it.
 */
export function buildImportChanges(
  plan: ImportPlan,
  imported: readonly ImportedAccount[],
  choice: ImportChoice,
  make: ImportStamps,
): { added: Account[]; updated: Account[] } {
  if (
    choice.expected &&
    (choice.expected.add !== plan.add.length ||
      !sameIds(
        choice.expected.matchIds,
        plan.matches.map((m) => m.existing.id),
      ))
  ) {
    throw new TesseraError(
      'E_NOT_FOUND',
      'Your vault changed since the preview. Preview the file again.',
      { reason: 'vaultChanged' },
    );
  }
  let order = make.firstOrder;
  const added = plan.add.map((i): Account => {
    const a = imported[i]!;
    validateOtpParams(a.otp);
    const issuer = make.clip(a.issuer);
    const label = make.clip(a.label);
    if (issuer === '' && label === '') {
      throw new TesseraError(
        'E_FIELD_INVALID',
        `Account ${i + 1} has neither an issuer nor a name.`,
      );
    }
    return {
      issuer,
      label,
      // A private copy: the parsed file may be dropped or reused while the vault keeps this.
      otp: { ...a.otp, secret: a.otp.secret.slice() },
      id: make.newId(),
      updatedAt: make.stamp(),
      sites: choice.keepSites ? keptSites(a.sites) : [],
      pinned: false,
      order: order++,
      // Tags from any file; the icon choice only where sites are kept (Tessera's own backup).
      ...accountExtras({ tags: a.tags, icon: choice.keepSites ? a.icon : undefined }),
      ...recoveryExtras(a),
    };
  });
  const chosen = new Set(choice.updateNames);
  const updated = plan.matches
    .filter((m) => m.renamed && chosen.has(m.existing.id))
    .map(({ index, existing }): Account => {
      const a = imported[index]!;
      return {
        ...existing,
        ...accountExtras({ tags: mergeTags(existing.tags, a.tags), icon: existing.icon }),
        // The vault's own codes and notes win; a file fills them in only where there are none.
        ...recoveryExtras({
          recoveryCodes: existing.recoveryCodes ?? a.recoveryCodes,
          notes: existing.notes ?? a.notes,
        }),
        issuer: make.clip(a.issuer),
        label: make.clip(a.label),
        updatedAt: make.stamp(existing.updatedAt),
      };
    });
  return { added, updated };
}
