import { describe, expect, it } from 'vitest';
import {
  PolicyReader,
  type LastKnownPolicy,
  type PolicyPorts,
} from '../../../lib/core/policy/reader';
import type { PolicyView } from '../../../lib/core/policy/types';

const TIMES = { graceMs: 300, firstWaitMs: 15_000 };
const STRICT = { minPassphraseLength: 20, maxAutoLockMinutes: 5 };
const LOOSE = { minPassphraseLength: 12 };

/** Lets every promise that can settle now settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * A browser whose managed storage answers when the test says so, with a clock that moves only
 * when the test says so.
 */
class FakeBrowser implements PolicyPorts {
  kept: LastKnownPolicy | undefined;
  keptReads = 0;
  writes: LastKnownPolicy[] = [];
  questions: { resolve: (raw: unknown) => void; reject: (e: Error) => void }[] = [];
  failLastKnown = false;
  private timers: { ms: number; resolve: () => void }[] = [];

  constructor(kept?: unknown) {
    this.kept = kept === undefined ? undefined : { managed: kept };
  }

  readManaged(): Promise<unknown> {
    return new Promise((resolve, reject) => this.questions.push({ resolve, reject }));
  }
  async readLastKnown(): Promise<LastKnownPolicy | undefined> {
    this.keptReads++;
    if (this.failLastKnown) throw new Error('IndexedDB is unavailable');
    return this.kept;
  }
  async writeLastKnown(value: LastKnownPolicy): Promise<void> {
    this.writes.push(value);
    this.kept = value;
  }
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.timers.push({ ms, resolve }));
  }

  /** Fires every timer that is waiting now. */
  async elapse(): Promise<void> {
    await settle();
    const due = this.timers.splice(0);
    for (const t of due) t.resolve();
    await settle();
  }
  async answer(raw: unknown, which = this.questions.length - 1): Promise<void> {
    this.questions[which]?.resolve(raw);
    await settle();
  }
}

/** A browser (with `kept` as the last answer, if any), its reader, and what listeners heard. */
function start(kept?: unknown): { browser: FakeBrowser; reader: PolicyReader; told: PolicyView[] } {
  const browser = new FakeBrowser(kept);
  const reader = new PolicyReader(browser, TIMES);
  const told: PolicyView[] = [];
  reader.onChange((v) => told.push(v));
  return { browser, reader, told };
}

describe('PolicyReader', () => {
  it('a quick answer is used, asked once, and kept for the next start', async () => {
    const { browser, reader, told } = start();
    const first = reader.read();
    await browser.answer(STRICT);
    expect((await first).policy).toEqual(STRICT);
    expect((await reader.read()).policy).toEqual(STRICT);
    expect(browser.questions).toHaveLength(1);
    expect(browser.writes).toEqual([{ managed: STRICT }]);
    expect(told).toEqual([]);
  });

  it('an answer equal to the kept one is not written again', async () => {
    const { browser, reader } = start(STRICT);
    const read = reader.read();
    await browser.answer(structuredClone(STRICT));
    expect((await read).policy).toEqual(STRICT);
    expect(browser.writes).toEqual([]);
  });

  it('a slow answer: the kept policy is used meanwhile, then the new one replaces it and is enforced', async () => {
    const { browser, reader, told } = start(LOOSE);
    const read = reader.read();
    await browser.elapse();
    expect((await read).policy).toEqual(LOOSE);

    await browser.answer(STRICT);
    expect(told.map((v) => v.policy)).toEqual([STRICT]);
    expect((await reader.read()).policy).toEqual(STRICT);
    expect(browser.kept).toEqual({ managed: STRICT });
    expect(browser.questions).toHaveLength(1);
  });

  it('a slow answer that says what the kept one said is no news', async () => {
    const { browser, reader, told } = start(STRICT);
    const read = reader.read();
    await browser.elapse();
    expect((await read).policy).toEqual(STRICT);
    await browser.answer({ ...STRICT });
    expect(told).toEqual([]);
  });

  it('a new profile whose managed storage never answers goes on without a policy after the first wait', async () => {
    const { browser, reader, told } = start();
    let done: PolicyView | null = null;
    void reader.read().then((v) => (done = v));
    await browser.elapse(); // the grace
    expect(done).toBeNull();
    await browser.elapse(); // the rest of the first wait
    expect(done).toEqual({ policy: {}, ignored: [] });
    // Other requests do not wait again.
    expect(await reader.read()).toEqual({ policy: {}, ignored: [] });

    // The policy service comes back after all: the policy is enforced from then on, and kept.
    await browser.answer(STRICT);
    expect(told.map((v) => v.policy)).toEqual([STRICT]);
    expect((await reader.read()).policy).toEqual(STRICT);
    expect(browser.kept).toEqual({ managed: STRICT });
  });

  it('an answer arriving while the kept policy is being read wins over it', async () => {
    const { browser, reader, told } = start(LOOSE);
    const read = reader.read();
    await settle();
    // The grace ends and, before the kept policy is back, managed storage answers.
    const original = browser.readLastKnown.bind(browser);
    browser.readLastKnown = async () => {
      const kept = await original();
      browser.questions[0]?.resolve(STRICT);
      await settle();
      return kept;
    };
    await browser.elapse();
    expect((await read).policy).toEqual(STRICT);
    expect(told).toEqual([]);
  });

  it('no managed storage at all (Firefox without a policy) is no policy, and kept as such', async () => {
    const { browser, reader } = start();
    const read = reader.read();
    browser.questions[0]?.reject(new Error('Managed storage manifest not found'));
    expect(await read).toEqual({ policy: {}, ignored: [] });
    await settle();
    expect(browser.kept).toEqual({ managed: null });
  });

  it('a kept policy is checked like a fresh one: invalid values are listed, not used', async () => {
    const { browser, reader } = start({ minPassphraseLength: 'long', maxAutoLockMinutes: 10 });
    const read = reader.read();
    await browser.elapse();
    expect(await read).toEqual({
      policy: { maxAutoLockMinutes: 10 },
      ignored: ['minPassphraseLength'],
    });
  });

  it('an unreadable kept policy counts as none: the first wait, then no policy', async () => {
    const { browser, reader } = start(STRICT);
    browser.failLastKnown = true;
    let done: PolicyView | null = null;
    void reader.read().then((v) => (done = v));
    await browser.elapse();
    expect(done).toBeNull();
    await browser.elapse();
    expect(done).toEqual({ policy: {}, ignored: [] });
  });

  it('a change reported by the browser asks again and tells the listeners; the old question is not news any more', async () => {
    const { browser, reader, told } = start(LOOSE);
    const read = reader.read();
    await browser.elapse();
    expect((await read).policy).toEqual(LOOSE);

    const changed = reader.changed();
    await browser.answer(STRICT, 1);
    await changed;
    expect(told.map((v) => v.policy)).toEqual([STRICT]);
    expect((await reader.read()).policy).toEqual(STRICT);

    // The first question's answer, arriving late, is older than the change.
    await browser.answer(LOOSE, 0);
    expect(told.map((v) => v.policy)).toEqual([STRICT]);
    expect((await reader.read()).policy).toEqual(STRICT);
    expect(browser.kept).toEqual({ managed: STRICT });
  });
});
