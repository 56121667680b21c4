import { TesseraError } from '../errors';

/**
 * Parsed imports waiting for the user's confirmation, kept in the background's memory only
 * (never stored: they hold secrets in the clear). A preview expires after `ttlMs`, and only
 * the newest `max` are kept, so a page that previews over and over cannot grow memory. A
 * service-worker restart forgets them all, which only means previewing again.
 */
export class PendingImports<T> {
  readonly #items = new Map<string, { value: T; expiresAt: number }>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly max = 8,
    private readonly now: () => number = Date.now,
    private readonly newId: () => string = () => globalThis.crypto.randomUUID(),
  ) {}

  /** Keeps `value` and returns its id and when it expires. */
  put(value: T): { id: string; expiresAt: number } {
    this.#sweep();
    while (this.#items.size >= this.max) {
      // Maps iterate in insertion order: the first key is the oldest preview.
      const oldest = this.#items.keys().next().value as string;
      this.#items.delete(oldest);
    }
    const id = this.newId();
    const expiresAt = this.now() + this.ttlMs;
    this.#items.set(id, { value, expiresAt });
    return { id, expiresAt };
  }

  /** The value, or E_NOT_FOUND when it expired, was taken, or never existed. */
  get(id: string): T {
    this.#sweep();
    const item = this.#items.get(id);
    if (!item) {
      throw new TesseraError(
        'E_NOT_FOUND',
        'This preview has expired. Choose the file again to see a new one.',
        { reason: 'previewExpired' },
      );
    }
    return item.value;
  }

  delete(id: string): void {
    this.#items.delete(id);
  }

  clear(): void {
    this.#items.clear();
  }

  get size(): number {
    this.#sweep();
    return this.#items.size;
  }

  #sweep(): void {
    const now = this.now();
    for (const [id, item] of this.#items) if (item.expiresAt <= now) this.#items.delete(id);
  }
}
