import { browser } from 'wxt/browser';
import { PolicyReader, type LastKnownPolicy } from '../core/policy/reader';
import type { PolicyView } from '../core/policy/types';
import { readProtectedRow, writeProtected } from './protectedSettings';

const LAST_KNOWN = 'lastKnownPolicy';

/**
 * The organisation's policy (lib/core/policy/reader.ts: asked once per service-worker run, never
 * waited on without bound). storage.managed rejects when nothing is deployed (Firefox: "Managed
 * storage manifest not found") or where the browser lacks it (Firefox for Android, Safari):
 * that means no policy, and the user decides. The last answer is kept where content scripts
 * cannot write (protectedSettings.ts): a page must not be able to choose the stopgap.
 */
const reader = new PolicyReader({
  readManaged: () => browser.storage.managed.get(null),
  readLastKnown: async () => {
    const row = (await readProtectedRow(LAST_KNOWN)) as LastKnownPolicy | undefined;
    return row && typeof row === 'object' && 'managed' in row ? row : undefined;
  },
  writeLastKnown: (value) => writeProtected(LAST_KNOWN, value),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
});

export function readPolicy(): Promise<PolicyView> {
  return reader.read();
}

/**
 * Calls `onChange` with the policy in force whenever it changes: an admin pushed a new one
 * (Chrome reports it as a storage change in the 'managed' area), or managed storage answered
 * after a stopgap was used. Register at the top of the background so a change also wakes it.
 */
export function watchPolicy(onChange: (view: PolicyView) => void): void {
  reader.onChange(onChange);
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') void reader.changed();
  });
}
