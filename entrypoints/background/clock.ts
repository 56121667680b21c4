import { TesseraError } from '../../lib/core/errors';
import { MAX, object, text } from '../../lib/core/messaging/validate';
import { clockCheckOrigin, clockVerdict } from '../../lib/core/otp';
import type { VaultService } from '../../lib/core/vault/service';
import { askSiteTime } from '../../lib/platform/clockCheck';
import type { RouteDef } from './router';

export interface ClockServices {
  vault: VaultService;
}

const EXT = ['extension'] as const;

/** The clock check of "Code not accepted?": the site is the account's, never the page's word. */
export function clockRoutes({ vault }: ClockServices): { 'clock.check': RouteDef<'clock.check'> } {
  return {
    'clock.check': {
      allow: EXT,
      handle: async (data) => {
        const id = text(object(data).id, 'account id', MAX.id);
        const account = vault.accountsSnapshot().find((a) => a.id === id);
        if (!account) throw new TesseraError('E_NOT_FOUND', 'That account is not in your vault.');
        const origin = clockCheckOrigin(account.sites);
        if (origin === null) {
          throw new TesseraError('E_CLOCK_CHECK', 'This account has no site to ask.', {
            reason: 'noSite',
          });
        }
        return { origin, ...clockVerdict(await askSiteTime(origin)) };
      },
    },
  };
}
