import { object, text } from '../../lib/core/messaging/validate';
import { scheduleClipboardClear } from '../../lib/platform/clipboard';
import type { RouteDef } from './router';

const EXT = ['extension'] as const;

/** A copied code is wiped from the clipboard after a while, even when the popup has closed. */
export function clipboardRoutes(): {
  'clipboard.scheduleClear': RouteDef<'clipboard.scheduleClear'>;
} {
  return {
    'clipboard.scheduleClear': {
      allow: EXT,
      handle: async (data) => {
        await scheduleClipboardClear(text(object(data).code, 'code', 16));
        return null;
      },
    },
  };
}
