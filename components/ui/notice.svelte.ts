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

  show(text: string, options: { action?: NoticeAction; ms?: number } = {}): void {
    clearTimeout(this.#timer);
    this.text = text;
    this.action = options.action ?? null;
    this.#timer = setTimeout(() => this.clear(), options.ms ?? 2500);
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.text = '';
    this.action = null;
  }

  async runAction(): Promise<void> {
    const action = this.action;
    this.clear();
    await action?.run();
  }
}
