import { normalizeTags } from '../vault/tags';
import { field, isRecord } from './text';
import type { ImportedAccount } from './types';

/**
 * Groups, folders and tags of other apps become Tessera tags. A file's lists are read
 * leniently: a group that names nothing usable is skipped, never a reason to refuse the
 * account, because the secret matters more than its grouping.
 */

/** id → name of a list of `{ <idKey>: string, name: string }` objects ("groups", "folders"). */
export function namesById(list: unknown, idKey: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(list)) return out;
  for (const item of list) {
    if (!isRecord(item)) continue;
    const id = field(item, idKey);
    const name = field(item, 'name');
    if (typeof id === 'string' && typeof name === 'string') out.set(id, name);
  }
  return out;
}

/** The names that `ids` refer to in `names` (a single id or a list of them). */
export function namesOf(ids: unknown, names: ReadonlyMap<string, string>): string[] {
  const list = Array.isArray(ids) ? ids : [ids];
  return list.flatMap((id) =>
    typeof id === 'string' && names.has(id) ? [names.get(id) as string] : [],
  );
}

/** The account with these tags (normalised), or unchanged when none are left. */
export function withTags(account: ImportedAccount, raw: readonly unknown[]): ImportedAccount {
  const tags = normalizeTags(raw);
  return tags.length > 0 ? { ...account, tags } : account;
}
