/**
 * The browser's sync storage as the backup sees it. The platform implements this with
 * `chrome.storage.sync` / `browser.storage.sync`; tests and the bench use
 * `tests/support/memorySyncArea.ts`.
 *
 * A `set` with several keys is NOT atomic from other profiles' point of view: Chrome and
 * Firefox sync every key on its own, so another profile may see any subset of a multi-key
 * write, interleaved with its own. The backup layout is designed for that (see README.md).
 */
export interface SyncArea {
  /** `null` or no argument reads everything. Reads are not rate-limited by the browsers. */
  get(keys?: string[] | null): Promise<Record<string, unknown>>;
  /** One write operation for the rate limits, whatever the number of keys. */
  set(items: Record<string, unknown>): Promise<void>;
  /** One write operation for the rate limits. */
  remove(keys: string[]): Promise<void>;
  getBytesInUse?(keys?: string[] | null): Promise<number>;
}

/** Chrome's and Firefox's `storage.sync` limits (identical in both). */
export interface SyncLimits {
  quotaBytes: number;
  quotaBytesPerItem: number;
  maxItems: number;
  maxWriteOperationsPerMinute: number;
  maxWriteOperationsPerHour: number;
}

export const SYNC_LIMITS: Readonly<SyncLimits> = Object.freeze({
  quotaBytes: 102_400,
  quotaBytesPerItem: 8_192,
  maxItems: 512,
  maxWriteOperationsPerMinute: 120,
  maxWriteOperationsPerHour: 1_800,
});

/**
 * The size the browser charges for one item. Chromium measures `key.size() +
 * JSONWriter(value).size()` on UTF-8 `std::string`s, and its JSON writer escapes `<` as
 * `\u003C` and U+2028/U+2029 as `\u2028`/`\u2029`, which JavaScript's JSON.stringify leaves
 * alone. For the ASCII the backup writes this equals `key.length + JSON.stringify(value).length`;
 * for anything else it is the stricter, real figure.
 */
export function itemBytes(key: string, value: unknown): number {
  const json = JSON.stringify(value);
  if (json === undefined) return utf8Length(key);
  let extra = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 0x3c) extra += 5;
    else if (c === 0x2028 || c === 0x2029) extra += 3;
  }
  return utf8Length(key) + utf8Length(json) + extra;
}

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}
