import {
  isRehearsalInterval,
  rehearsalAsked,
  rehearsalPassed,
  rehearsalView,
} from '../../lib/core/vault/rehearsal';
import type { VaultService } from '../../lib/core/vault/service';
import { isTesseraError } from '../../lib/core/errors';
import { badRequest as bad, MAX, object, text } from '../../lib/core/messaging/validate';
import { readRehearsal, writeRehearsal } from '../../lib/platform/rehearsal';
import { guessThrottle } from '../../lib/platform/throttleStore';
import type { RouteDef } from './router';

type RehearsalRoute = 'vault.rehearsal' | 'vault.rehearse' | 'vault.rehearsalSet';
export type RehearsalRouteTable = { [K in RehearsalRoute]: RouteDef<K> };

const EXT = ['extension'] as const;

export function rehearsalRoutes({ vault }: { vault: VaultService }): RehearsalRouteTable {
  return {
    'vault.rehearsal': {
      allow: EXT,
      handle: async () => {
        const now = Date.now();
        return rehearsalView(await readRehearsal(now), now);
      },
    },
    'vault.rehearse': {
      allow: EXT,
      handle: async (data) => {
        const d = object(data);
        const recoveryKey = text(d.recoveryKey, 'recovery key', MAX.recoveryKey);
        try {
          await guessThrottle.attempt(() => vault.checkRecoveryKey(recoveryKey));
        } catch (e) {
          // A wrong key uses up this period's prompt; the page offers a new recovery key.
          if (isTesseraError(e) && e.code === 'E_BAD_RECOVERY_KEY') {
            const now = Date.now();
            await writeRehearsal(rehearsalAsked(await readRehearsal(now), now));
          }
          throw e;
        }
        const now = Date.now();
        const state = rehearsalPassed(await readRehearsal(now), now);
        await writeRehearsal(state);
        return rehearsalView(state, now);
      },
    },
    'vault.rehearsalSet': {
      allow: EXT,
      handle: async (data) => {
        const d = object(data);
        const now = Date.now();
        let state = await readRehearsal(now);
        if (d.intervalDays !== undefined) {
          if (!isRehearsalInterval(d.intervalDays))
            throw bad('Choose one of the offered intervals.');
          state = { ...state, intervalDays: d.intervalDays };
        }
        if (d.dismiss === true) state = rehearsalAsked(state, now);
        await writeRehearsal(state);
        return rehearsalView(state, now);
      },
    },
  };
}
