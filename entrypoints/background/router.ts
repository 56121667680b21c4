import { browser } from 'wxt/browser';
import { TesseraError, toWireError, type Result } from '../../lib/core/errors';
import { onMessage, type ProtocolMap, type RouteName } from '../../lib/messaging';

/** Who may call a route. Content scripts run inside web pages, so they get the least. */
export type Caller = 'extension' | 'content';

type Data<K extends RouteName> = Parameters<ProtocolMap[K]>[0];
type Value<K extends RouteName> = ReturnType<ProtocolMap[K]> extends Result<infer T> ? T : never;

export interface CallContext {
  caller: Caller;
  route: RouteName;
  sender: chrome.runtime.MessageSender;
}

export interface RouteDef<K extends RouteName> {
  allow: readonly Caller[];
  handle: (data: Data<K>, ctx: CallContext) => Promise<Value<K>>;
}

export type RouteTable = { [K in RouteName]: RouteDef<K> };

/**
 * Decides who sent a message from the fields the browser sets, never from the payload.
 * Extension pages (popup, its pop-out window, options) share our origin; a content script's
 * sender carries the tab and frame it runs in and the page's origin.
 */
export function classifySender(sender: chrome.runtime.MessageSender): Caller | null {
  if (sender.id !== browser.runtime.id) return null;
  // The background runs at the extension's own origin (chrome-extension://<id>, moz-extension://…).
  const extensionOrigin = globalThis.location.origin;
  const senderOrigin = sender.origin ?? (sender.url ? safeOrigin(sender.url) : null);
  if (senderOrigin === extensionOrigin) return 'extension';
  if (sender.tab?.id !== undefined && typeof sender.frameId === 'number' && senderOrigin) {
    return 'content';
  }
  return null;
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The one place messages enter the background. */
export function registerRoutes(
  table: RouteTable,
  before?: (ctx: CallContext) => Promise<void>,
): void {
  for (const name of Object.keys(table) as RouteName[]) {
    register(name, table[name] as RouteDef<typeof name>, before);
  }
}

function register<K extends RouteName>(
  name: K,
  route: RouteDef<K>,
  before?: (ctx: CallContext) => Promise<void>,
): void {
  // The library types each handler by K's return type; ours returns the same Result, built
  // generically, which TypeScript cannot relate to the conditional type, hence `as never`.
  onMessage(name, (async (message: { data: Data<K>; sender: chrome.runtime.MessageSender }) => {
    try {
      const caller = classifySender(message.sender);
      if (!caller || !route.allow.includes(caller)) {
        throw new TesseraError('E_FORBIDDEN', 'This part of the browser may not ask for that.');
      }
      const ctx: CallContext = { caller, route: name, sender: message.sender };
      await before?.(ctx);
      const value = await route.handle(message.data, ctx);
      return { ok: true, value } satisfies Result<Value<K>>;
    } catch (e) {
      return { ok: false, error: toWireError(e) } satisfies Result<Value<K>>;
    }
  }) as never);
}
