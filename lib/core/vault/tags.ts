/**
 * Tags group accounts ("work", "personal", a client). An account holds them normalised, so
 * every layer (popup chips, search, backup, files) can compare them as plain strings:
 * trimmed, inner whitespace collapsed, at most MAX_TAG_LENGTH characters, unique without
 * regard to case (the first spelling wins), at most MAX_TAGS per account.
 */
export const MAX_TAG_LENGTH = 32;
export const MAX_TAGS = 20;

/** One tag as stored, or '' when nothing is left of it. */
export function normalizeTag(raw: string): string {
  const text = String(raw).normalize('NFC').replace(/\s+/gu, ' ').trim();
  return [...text].slice(0, MAX_TAG_LENGTH).join('').trim();
}

/** A tag list as stored: empties dropped, repeats (any case) dropped, capped. */
export function normalizeTags(raw: readonly unknown[] | undefined): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const item of raw ?? []) {
    if (typeof item !== 'string') continue;
    const tag = normalizeTag(item);
    const key = tagKey(tag);
    if (tag === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
    if (out.length === MAX_TAGS) break;
  }
  return out;
}

/** What the Edit dialog's "Tags" box holds: tags separated by commas. */
export function parseTagText(text: string): string[] {
  return normalizeTags(String(text).split(','));
}

export function formatTagText(tags: readonly string[]): string {
  return tags.join(', ');
}

/** The comparison key: tags equal without regard to case are the same tag. */
export function tagKey(tag: string): string {
  return tag.toLocaleLowerCase('und');
}

export function hasTag(tags: readonly string[] | undefined, tag: string): boolean {
  const key = tagKey(tag);
  return (tags ?? []).some((t) => tagKey(t) === key);
}

/** Every tag in use, each once (first spelling seen), sorted for the chips. */
export function tagsInUse(lists: Iterable<readonly string[] | undefined>): string[] {
  const byKey = new Map<string, string>();
  for (const tags of lists) {
    for (const t of tags ?? []) if (!byKey.has(tagKey(t))) byKey.set(tagKey(t), t);
  }
  return [...byKey.values()].sort((a, b) => a.localeCompare(b, 'und', { sensitivity: 'base' }));
}

/** Union for merges: the first list's spellings first, then what only the second holds. */
export function mergeTags(a: readonly string[] | undefined, b: readonly string[] | undefined) {
  return normalizeTags([...(a ?? []), ...(b ?? [])]);
}

/**
 * The user's icon choice for an account: absent = chosen automatically from the issuer,
 * NO_ICON = none, otherwise the key of a brand icon (lowercase letters and digits).
 */
export const NO_ICON = '';
const ICON_KEY = /^[a-z0-9]{1,48}$/;

/** The stored form of an icon choice, or undefined for "automatic" (also for anything invalid). */
export function normalizeIconChoice(raw: unknown): string | undefined {
  if (raw === NO_ICON) return NO_ICON;
  return typeof raw === 'string' && ICON_KEY.test(raw) ? raw : undefined;
}

/** Tags and icon choice as an account holds them: each present only when it says something. */
export function accountExtras(a: { tags?: readonly unknown[]; icon?: unknown }): {
  tags?: string[];
  icon?: string;
} {
  const tags = normalizeTags(a.tags);
  const icon = normalizeIconChoice(a.icon);
  return { ...(tags.length > 0 ? { tags } : {}), ...(icon !== undefined ? { icon } : {}) };
}
