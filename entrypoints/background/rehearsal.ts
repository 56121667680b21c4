import { TesseraError } from '../../lib/core/errors';
import {
  isRehearsalInterval,
  rehearsalAsked,
  rehearsalPassed,
  rehearsalView,
} from '../../lib/core/vault/rehearsal';
import type { VaultService } from '../../lib/core/vault/service';
import { isTesseraError } from '../../lib/core/errors';
import { readRehearsal, writeRehearsal } from '../../lib/platform/rehearsal';
import { guessThrottle } from '../../lib/platform/throttleStore';
import type { RouteDef } from './router';

type RehearsalRoute = 'vault.rehearsal' | 'vault.rehearse' | 'vault.rehearsalSet';
export type RehearsalRouteTable = { [K in RehearsalRoute]: RouteDef<K> };

const EXT = ['extension'] as const;

function bad(message: string): TesseraError {
  return new TesseraError('E_BAD_REQUEST', message);
}

function object(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) throw bad('The request is malformed.');
  return value as Record<string, unknown>;
}

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
        if (typeof d.recoveryKey !== 'string' || d.recoveryKey.length > 256) {
          throw bad('The recovery key is missing or too long.');
        }
        const recoveryKey = d.recoveryKey;
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
