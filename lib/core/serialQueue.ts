/**
 * Runs tasks one at a time, in the order they were queued. The browser delivers messages
 * concurrently; whatever must not interleave (two "next HOTP code" clicks, two backup runs)
 * goes through one queue. A failed task does not stop the ones after it.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
