import { untrack } from 'svelte';
import type { WireError } from '../../lib/core/errors';

/**
 * The busy flag and last error of one form, which every form repeats: while a call runs the
 * form is busy (fields and buttons disabled, a second submit ignored); afterwards the error is
 * what the call reported, or null when it worked. `E` is what a form shows: the background's
 * WireError (turned into a sentence by ErrorAlert), or a sentence the form chose itself.
 *
 * Forms extend it (`class CreateVaultForm extends FormAction`), so components keep reading
 * `form.busy` and `form.error`.
 */
export class FormAction<E = WireError> {
  busy = $state(false);
  error = $state<E | null>(null);

  /**
   * Runs `task` unless the form is already busy (then nothing happens and false is returned).
   * The error is cleared first and set to whatever `task` returns (nothing means it worked);
   * true when it worked. A task that throws leaves the form not busy and rethrows: programming
   * errors should not be dressed up as a user's problem.
   */
  async run(task: () => Promise<E | null | undefined | void>): Promise<boolean> {
    // Untracked: a run started from an $effect (a refresh on mount) must not make the effect
    // depend on `busy`, or every run would start the effect, and so another run, again.
    if (untrack(() => this.busy)) return false;
    this.busy = true;
    this.error = null;
    try {
      this.error = (await task()) ?? null;
      return this.error === null;
    } finally {
      this.busy = false;
    }
  }

  /** A problem found before any call (an empty field): shown like any other error. */
  fail(error: E): false {
    this.error = error;
    return false;
  }
}
