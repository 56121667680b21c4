import type { ProtocolMap } from '../../lib/messaging';

/** The only routes the router lets a content script call. */
type ContentRoute = 'autofill.found' | 'autofill.query' | 'autofill.fill' | 'autofill.unlock';

let sequence = 0;

/**
 * sendMessage of lib/messaging for the content script, without its library: this script is
 * parsed on every page load, so it carries only what it uses. Same wire format as
 * @webext-core/messaging v4 ({ id, type, data, timestamp } → { res } | { err }), which the
 * router in the background decodes; the e2e tests exercise every route through it.
 */
export function send<K extends ContentRoute>(
  type: K,
  ...args: Parameters<ProtocolMap[K]>
): Promise<ReturnType<ProtocolMap[K]>> {
  const message = { id: ++sequence, type, data: args[0], timestamp: Date.now() };
  return new Promise((resolve, reject) => {
    chrome.runtime.sendMessage(
      message,
      (reply?: { res?: ReturnType<ProtocolMap[K]>; err?: unknown }) => {
        const lost = chrome.runtime.lastError;
        if (lost || !reply || reply.err !== undefined || reply.res === undefined) {
          reject(new Error(lost?.message ?? 'No answer from the background.'));
        } else {
          resolve(reply.res);
        }
      },
    );
  });
}
