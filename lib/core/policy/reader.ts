import { emptyPolicyView, parsePolicy } from './parse';
import type { PolicyView } from './types';

/**
 * What the reader needs from the browser. `readManaged` is storage.managed.get(null): Chromium
 * answers it only once its policy service has started, which takes seconds after the browser
 * starts, and now and then never (seen here under load, and reported for Edge and Ghostery).
 */
export interface PolicyPorts {
  /** Rejects where the browser has no managed storage (Firefox without a policy): no policy. */
  readManaged(): Promise<unknown>;
  /** The last answer kept by writeLastKnown, or undefined before the first one. */
  readLastKnown(): Promise<LastKnownPolicy | undefined>;
  writeLastKnown(value: LastKnownPolicy): Promise<void>;
  sleep(ms: number): Promise<void>;
}

/** Managed storage's last answer as given (null: the browser has none), parsed when used. */
export interface LastKnownPolicy {
  managed: unknown;
}

export interface PolicyTimes {
  /** How long a read waits for managed storage before it takes the last answer kept. */
  graceMs: number;
  /** With no answer kept (a new profile), how long it waits before going on without one. */
  firstWaitMs: number;
}

export const POLICY_TIMES: PolicyTimes = { graceMs: 300, firstWaitMs: 15_000 };

/** One question to managed storage: its answer once in, and what was used while it was out. */
interface Question {
  answer: Promise<PolicyView>;
  view: PolicyView | null;
  stopgap: PolicyView | null;
}

/**
 * The organisation's policy for one service-worker run. Managed storage is asked once; a read
 * that has to wait for it takes the last answer kept instead (and, in a new profile, after a
 * bounded wait, no policy), so that a browser whose policy service is slow or stuck never
 * leaves Tessera waiting on every request. When the answer comes, it is kept for the next start
 * and, if it differs from what was used meanwhile, it replaces that and listeners enforce it.
 */
export class PolicyReader {
  private current: Promise<PolicyView> | null = null;
  private question: Question | null = null;
  private readonly listeners = new Set<(view: PolicyView) => void>();

  constructor(
    private readonly ports: PolicyPorts,
    private readonly times: PolicyTimes = POLICY_TIMES,
  ) {}

  read(): Promise<PolicyView> {
    this.current ??= this.load(this.ask());
    return this.current;
  }

  /** The browser reported a change of managed storage: read it again and tell the listeners. */
  async changed(): Promise<void> {
    this.current = null;
    this.tell(await this.read());
  }

  onChange(listener: (view: PolicyView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private ask(): Question {
    const question: Question = {
      answer: Promise.resolve(emptyPolicyView()),
      view: null,
      stopgap: null,
    };
    question.answer = this.ports.readManaged().then(
      (raw) => this.answered(question, raw ?? null),
      () => this.answered(question, null),
    );
    this.question = question;
    return question;
  }

  private answered(question: Question, raw: unknown): PolicyView {
    const view = parsePolicy(raw);
    question.view = view;
    // An answer to a question asked before a reported change is older than that change.
    if (this.question !== question) return view;
    void this.keep(raw);
    // News only if something else was used meanwhile.
    if (question.stopgap && JSON.stringify(question.stopgap) !== JSON.stringify(view)) {
      this.current = Promise.resolve(view);
      this.tell(view);
    }
    return view;
  }

  private async load(question: Question): Promise<PolicyView> {
    const quick = await this.within(question.answer, this.times.graceMs);
    if (quick) return quick;
    const kept = await this.ports.readLastKnown().catch(() => undefined);
    if (question.view) return question.view;
    if (kept) return (question.stopgap = parsePolicy(kept.managed));
    const late =
      (await this.within(question.answer, this.times.firstWaitMs - this.times.graceMs)) ??
      question.view;
    if (late) return late;
    return (question.stopgap = emptyPolicyView());
  }

  private async keep(raw: unknown): Promise<void> {
    try {
      const kept = await this.ports.readLastKnown();
      if (kept && JSON.stringify(kept.managed) === JSON.stringify(raw)) return;
      await this.ports.writeLastKnown({ managed: raw });
    } catch {
      // Not kept: the next start waits for managed storage again, as a new profile does.
    }
  }

  private tell(view: PolicyView): void {
    for (const listener of this.listeners) listener(view);
  }

  private within(answer: Promise<PolicyView>, ms: number): Promise<PolicyView | null> {
    return Promise.race([answer, this.ports.sleep(Math.max(0, ms)).then(() => null)]);
  }
}
