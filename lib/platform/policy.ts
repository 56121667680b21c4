import { browser } from 'wxt/browser';
import { emptyPolicyView, parsePolicy } from '../core/policy/parse';
import type { PolicyView } from '../core/policy/types';

/** One read per service-worker run; managed storage changes only when an admin pushes. */
let cached: Promise<PolicyView> | null = null;

/**
 * The organisation's policy. storage.managed rejects when nothing is deployed (Firefox: "Managed
 * storage manifest not found") or where the browser lacks it (Firefox for Android, Safari):
 * that means no policy, and the user decides.
 */
export function readPolicy(): Promise<PolicyView> {
  cached ??= loadPolicy();
  return cached;
}

async function loadPolicy(): Promise<PolicyView> {
  try {
    return parsePolicy(await browser.storage.managed.get(null));
  } catch {
    return emptyPolicyView();
  }
}

/**
 * Chrome reports a new policy as a storage change in the 'managed' area (it re-reads policies
 * by itself). Register at the top of the background so a change also wakes the worker.
 */
export function watchPolicy(onChange: (view: PolicyView) => void): void {
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area !== 'managed') return;
    cached = null;
    void readPolicy().then(onChange);
  });
}
