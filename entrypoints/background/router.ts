import { browser } from 'wxt/browser';
import { TesseraError, toWireError, type Result } from '../../lib/core/errors';
import { onMessage, type ProtocolMap, type RouteName } from '../../lib/messaging';
import type { FrameTarget } from '../../lib/core/autofill/frames';
import { classifySender, type Caller } from '../../lib/core/messaging/sender';

export type { Caller };

type Data<K extends RouteName> = Parameters<ProtocolMap[K]>[0];
type Value<K extends RouteName> = ReturnType<ProtocolMap[K]> extends Result<infer T> ? T : never;

export interface CallContext {
  caller: Caller;
  route: RouteName;
  sender: chrome.runtime.MessageSender;
  /**
   * For content scripts, the document that sent the message as the browser set it (tab, frame,
   * origin, documentId); null for extension pages. Handlers act on this, never on a URL or
   * origin of their own making.
   */
  frame: FrameTarget | null;
}

export interface RouteDef<K extends RouteName> {
  allow: readonly Caller[];
  handle: (data: Data<K>, ctx: CallContext) => Promise<Value<K>>;
}

export type RouteTable = { [K in RouteName]: RouteDef<K> };

/** The frame of a content-script call; the router never lets one through without it. */
export function senderFrame(ctx: CallContext): FrameTarget {
  if (!ctx.frame) {
    throw new TesseraError('E_FORBIDDEN', 'Tessera does not fill codes into this frame.');
  }
  return ctx.frame;
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
      // The background runs at the extension's own origin (chrome-extension://<id>, …).
      const self = { id: browser.runtime.id, origin: globalThis.location.origin };
      const verdict = classifySender(message.sender, self);
      if (!verdict || !route.allow.includes(verdict.caller)) {
        throw new TesseraError('E_FORBIDDEN', 'This part of the browser may not ask for that.');
      }
      const ctx: CallContext = {
        caller: verdict.caller,
        route: name,
        sender: message.sender,
        frame: verdict.caller === 'content' ? verdict.frame : null,
      };
      await before?.(ctx);
      const value = await route.handle(message.data, ctx);
      return { ok: true, value } satisfies Result<Value<K>>;
    } catch (e) {
      return { ok: false, error: toWireError(e) } satisfies Result<Value<K>>;
    }
  }) as never);
}
