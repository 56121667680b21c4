import { describe, expect, it } from 'vitest';
import type { WireError } from '../../lib/core/errors';
import { FormAction } from '../../components/ui/formAction.svelte';

const LOCKED: WireError = { code: 'E_LOCKED', message: 'Locked.' };

/** A task the test finishes by hand, to look at the form while it runs. */
function pending<T>(): { task: () => Promise<T>; finish: (value: T) => void } {
  let finish!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (finish = resolve));
  return { task: () => promise, finish };
}

describe('FormAction', () => {
  it('is busy while the task runs, and not before or after', async () => {
    const form = new FormAction();
    expect(form.busy).toBe(false);
    const { task, finish } = pending<null>();
    const running = form.run(task);
    expect(form.busy).toBe(true);
    finish(null);
    expect(await running).toBe(true);
    expect(form.busy).toBe(false);
    expect(form.error).toBeNull();
  });

  it('ignores a second submit while busy (no second call)', async () => {
    const form = new FormAction();
    const { task, finish } = pending<null>();
    const first = form.run(task);
    let calls = 0;
    expect(
      await form.run(async () => {
        calls++;
        return null;
      }),
    ).toBe(false);
    expect(calls).toBe(0);
    finish(null);
    expect(await first).toBe(true);
  });

  it('keeps the error the task reports, and clears it on the next run', async () => {
    const form = new FormAction();
    expect(await form.run(async () => LOCKED)).toBe(false);
    expect(form.error).toEqual(LOCKED);
    const { task, finish } = pending<void>();
    const again = form.run(task);
    // Cleared at once, so an old error does not sit next to a new attempt.
    expect(form.error).toBeNull();
    finish();
    expect(await again).toBe(true);
    expect(form.error).toBeNull();
  });

  it('takes a sentence as the error when the form chooses its own words', async () => {
    const form = new FormAction<string>();
    expect(await form.run(async () => 'Enter the passphrase.')).toBe(false);
    expect(form.error).toBe('Enter the passphrase.');
    expect(form.fail('Nothing chosen.')).toBe(false);
    expect(form.error).toBe('Nothing chosen.');
  });

  it('a task that throws leaves the form usable and lets the error through', async () => {
    const form = new FormAction();
    await expect(
      form.run(async () => {
        throw new Error('bug');
      }),
    ).rejects.toThrow('bug');
    expect(form.busy).toBe(false);
    expect(await form.run(async () => null)).toBe(true);
  });
});
