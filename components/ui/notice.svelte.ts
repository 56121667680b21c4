/**
 * The one polite status message of a screen ("Copied", "Deleted GitHub.") with an optional
 * action such as Undo. A single instance per screen keeps exactly one live region, which is
 * what screen readers announce reliably.
 */
export interface NoticeAction {
  label: string;
  run: () => void | Promise<void>;
}

export class Notice {
  text = $state('');
  action = $state<NoticeAction | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #ms = 2500;
  #held = false;

  show(text: string, options: { action?: NoticeAction; ms?: number } = {}): void {
    clearTimeout(this.#timer);
    this.text = text;
    this.action = options.action ?? null;
    this.#ms = options.ms ?? 2500;
    if (!this.#held) this.#timer = setTimeout(() => this.clear(), this.#ms);
  }

  /**
   * Keeps the message while the user is on it (focus or pointer on the toast), so that Undo
   * cannot vanish under a keyboard or screen-reader user who is still reaching it (WCAG 2.2.1).
   */
  hold(): void {
    this.#held = true;
    clearTimeout(this.#timer);
  }

  /** The user left the toast: the message gets its full time again. */
  release(): void {
    this.#held = false;
    clearTimeout(this.#timer);
    if (this.text !== '') this.#timer = setTimeout(() => this.clear(), this.#ms);
  }

  clear(): void {
    clearTimeout(this.#timer);
    // The Undo button that held focus is gone now, and a removed element sends no focusout.
    this.#held = false;
    this.text = '';
    this.action = null;
  }

  async runAction(): Promise<void> {
    const action = this.action;
    this.clear();
    await action?.run();
  }
}
