import { normalizeRehearsal, type RehearsalState } from '../core/vault/rehearsal';
import { readProtected, writeProtected } from './protectedSettings';

/**
 * The rehearsal's state sits with the protected settings: a page that could write it could
 * silence the reminder or fake a passed check.
 */
const NAME = 'recoveryRehearsal';

export async function readRehearsal(now: number): Promise<RehearsalState> {
  const raw = await readProtected(NAME);
  const state = normalizeRehearsal(raw, now);
  // The first read starts the clock, so that it is not restarted by every later read.
  if (raw === null || typeof raw !== 'object') await writeProtected(NAME, state);
  return state;
}

export async function writeRehearsal(state: RehearsalState): Promise<void> {
  await writeProtected(NAME, state);
}
