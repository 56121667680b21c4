import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { checkFrameChain, type FrameRecord } from '../../lib/core/autofill/frames';
import { FieldRegistry, type FieldFrame } from '../../lib/core/autofill/registry';
import {
  choice,
  decideFill,
  noFieldState,
  queryAnswer,
  resumeAccount,
  tabFillBinding,
  tabLists,
  TRIGGERS,
} from '../../lib/core/autofill/decide';
import type { AutofillFillResult } from '../../lib/core/autofill/protocol';
import { isSamePage, parseFramePin, type FramePin } from '../../lib/core/autofill/pin';
import { TesseraError } from '../../lib/core/errors';
import {
  badRequest,
  object,
  oneOf,
  optionalId,
  tabId as tabIdOf,
} from '../../lib/core/messaging/validate';
import { codeAt } from '../../lib/core/otp';
import { accountTime } from '../../lib/core/vault/timeOffset';
import { idleExpired } from '../../lib/core/vault/autolock';
import type { VaultService } from '../../lib/core/vault/service';
import type { Account } from '../../lib/core/vault/types';
import {
  fillFrame,
  framesOf,
  openUnlockPopup,
  PENDING_FILL_MS,
  parseAutofillSettings,
  readAutofillSettings,
  savePendingFill,
  scanFrame,
  sendCommandToTab,
  sendMenuToFrame,
  takePendingFill,
  writeAutofillSettings,
  type FrameTarget,
} from '../../lib/platform/autofill';
import { BoundSiteIndex } from '../../lib/platform/boundSites';
import { scheduleClipboardClear } from '../../lib/platform/clipboard';
import { TesseraDb } from '../../lib/platform/db';
import { documentTokenOf } from '../../lib/platform/navigation';
import { readAutoLock, readLastActivity } from '../../lib/platform/settings';
import type { RouteName } from '../../lib/messaging';
import { senderFrame, type RouteDef } from './router';

/** The manifest's command name (wxt.config.ts) and the context-menu item's id. */
export const FILL_COMMAND = 'fill-one-time-code';
const MENU_ID = 'tessera-fill-one-time-code';

export interface AutofillServices {
  vault: VaultService;
}

type AutofillRoute = Extract<RouteName, `autofill.${string}`>;
export type AutofillRouteTable = { [K in AutofillRoute]: RouteDef<K> };

const CONTENT = ['content'] as const;
const EXT = ['extension'] as const;

/** One registry per service-worker instance; see FieldRegistry for why memory is enough. */
const registry = new FieldRegistry();
/** The bound sites as a locked vault may know them. */
const boundSites = new BoundSiteIndex(new TesseraDb());

function forbidden(message = 'Tessera does not fill codes into this frame.'): TesseraError {
  return new TesseraError('E_FORBIDDEN', message);
}

/** Refuses sandboxed frames, cross-origin frames (or frames below one) and navigated ones. */
async function verifyTarget(target: FrameTarget): Promise<void> {
  const verdict = checkFrameChain(await framesOf(target.tabId), target);
  if (!verdict.ok) throw forbidden();
}

/**
 * The vault's state as a page request may see it. The router's idle check runs only for
 * extension pages (routes.ts beforeRoute); a page must not get a code in the minute between
 * the idle limit passing and the auto-lock alarm firing, nor keep the vault open by asking.
 */
async function stateForPage(vault: VaultService): Promise<'none' | 'locked' | 'unlocked'> {
  const last = await readLastActivity();
  if (last !== null && idleExpired(await readAutoLock(), last, Date.now())) await vault.lock();
  // state() after that: after a worker restart it reloads the key from the session cache.
  return vault.state();
}

async function unlockedAccounts(vault: VaultService): Promise<Account[]> {
  const state = await stateForPage(vault);
  if (state === 'none') throw new TesseraError('E_NO_VAULT', 'There is no vault yet.');
  if (state === 'locked') throw new TesseraError('E_LOCKED', 'Tessera is locked. Unlock it first.');
  return vault.accountsSnapshot();
}

/** The code to fill now. HOTP: the counter moves on first, as for "Next code" in the popup. */
async function codeFor(vault: VaultService, account: Account): Promise<string> {
  if (account.otp.type !== 'hotp') {
    return codeAt(account.otp, accountTime(Date.now(), account.timeOffset));
  }
  const view = await vault.hotpNext(account.id);
  if (view.code === null) throw new TesseraError('E_INTERNAL', 'No code was produced.');
  return view.code;
}

async function copyIfWanted(code: string): Promise<boolean> {
  const { copyAfterFill } = await readAutofillSettings();
  // The clipboard is wiped after 30 s, as after a copy from the popup.
  if (copyAfterFill) await scheduleClipboardClear(code);
  return copyAfterFill;
}

/** Every frame rescans (deep, with open shadow roots) and reports before it answers. */
async function rescanTab(tabId: number): Promise<FrameRecord[]> {
  const before = await framesOf(tabId).catch(() => []);
  await Promise.all(
    before.map((f) =>
      scanFrame({
        tabId,
        frameId: f.frameId,
        ...(f.documentId ? { documentId: f.documentId } : {}),
      }),
    ),
  );
  return framesOf(tabId).catch(() => []);
}

/** A registry frame that may receive codes now, with the page it shows as the popup pins it. */
function pinned(
  tabId: number,
  frames: readonly FrameRecord[],
  frame: FieldFrame,
): { frame: FieldFrame; pin: FramePin } | null {
  if (frame.fields <= 0 || !checkFrameChain(frames, frame).ok) return null;
  const record = frames.find((f) => f.frameId === frame.frameId);
  if (!record) return null;
  return {
    frame,
    pin: { frameId: frame.frameId, origin: frame.origin, document: documentTokenOf(tabId, record) },
  };
}

/**
 * The frame of a tab the popup offers to fill: one that reported a code field and may receive
 * codes, the one focused most recently first, then the top frame. The registry is current
 * because every frame rescans first.
 */
async function fillableFrame(tabId: number): Promise<{ frame: FieldFrame; pin: FramePin } | null> {
  const frames = await rescanTab(tabId);
  const candidates = registry
    .frames(tabId)
    .sort((a, b) => b.focusedAt - a.focusedAt || a.frameId - b.frameId)
    .map((f) => pinned(tabId, frames, f))
    .filter((c) => c !== null);
  return candidates[0] ?? null;
}

/**
 * The frame the popup showed, if it still shows exactly that page: same frame, same origin,
 * same document. Anything else (the tab navigated, an opener swapped the page, the frame went
 * away) is E_PAGE_CHANGED, so nothing is filled or bound that the user did not see.
 */
async function shownFrame(tabId: number, shown: FramePin): Promise<FieldFrame> {
  const frames = await rescanTab(tabId);
  const frame = registry.frames(tabId).find((f) => f.frameId === shown.frameId);
  const now = frame ? pinned(tabId, frames, frame) : null;
  if (!now || !isSamePage(shown, now.pin)) {
    const record = frames.find((f) => f.frameId === shown.frameId);
    const samePage =
      record !== undefined &&
      frame !== undefined &&
      frame.origin === shown.origin &&
      documentTokenOf(tabId, record) === shown.document &&
      checkFrameChain(frames, frame).ok;
    // The page is the one shown but its code field is gone: say that, not "changed".
    if (samePage) {
      throw new TesseraError(
        'E_NOT_FOUND',
        'The code field is gone. Reload the page and try again.',
        { reason: 'fieldGone' },
      );
    }
    throw pageChanged();
  }
  return now.frame;
}

function pageChanged(): TesseraError {
  return new TesseraError(
    'E_PAGE_CHANGED',
    'The page changed since you opened Tessera. Check the address and try again.',
  );
}

export function autofillRoutes({ vault }: AutofillServices): AutofillRouteTable {
  return {
    'autofill.found': {
      allow: CONTENT,
      handle: async (data, ctx) => {
        const d = object(data);
        const fields = d.fields;
        if (
          typeof fields !== 'number' ||
          !Number.isInteger(fields) ||
          fields < 0 ||
          fields > 1000
        ) {
          throw badRequest('The field count is malformed.');
        }
        const target = senderFrame(ctx);
        registry.report({ ...target, fields, focusedAt: d.focused === true ? Date.now() : 0 });
        return null;
      },
    },

    'autofill.query': {
      allow: CONTENT,
      handle: async (_data, ctx) => {
        const target = senderFrame(ctx);
        await verifyTarget(target);
        const state = await stateForPage(vault);
        const { inlineButton } = await readAutofillSettings();
        if (state !== 'unlocked') {
          // A locked vault shows its button only on a bound site; anywhere else the page sees
          // what it sees with no vault at all (lib/platform/boundSites.ts says why).
          const bound = state === 'locked' && (await boundSites.isBound(target.origin));
          return { state: bound ? 'locked' : 'none', accounts: [], autoFill: false, inlineButton };
        }
        return queryAnswer(vault.accountsSnapshot(), target.origin, inlineButton);
      },
    },

    'autofill.fill': {
      allow: CONTENT,
      handle: async (data, ctx): Promise<AutofillFillResult> => {
        const d = object(data);
        const accountId = optionalId(d.accountId);
        const trigger = oneOf(d.trigger, TRIGGERS, 'Unknown trigger.');
        const target = senderFrame(ctx);
        await verifyTarget(target);
        const accounts = await unlockedAccounts(vault);
        const decision = decideFill(accounts, target.origin, { accountId, trigger });
        if (decision.kind === 'choose') return decision;
        const code = await codeFor(vault, decision.account);
        return { kind: 'code', code, copy: await copyIfWanted(code) };
      },
    },

    'autofill.unlock': {
      allow: CONTENT,
      handle: async (data, ctx) => {
        const accountId = optionalId(object(data).accountId);
        const target = senderFrame(ctx);
        await verifyTarget(target);
        const state = await vault.state();
        if (state === 'none') throw new TesseraError('E_NO_VAULT', 'There is no vault yet.');
        if (state === 'unlocked') return null;
        await savePendingFill({
          ...target,
          ...(accountId ? { accountId } : {}),
          expiresAt: Date.now() + PENDING_FILL_MS,
        });
        await openUnlockPopup(target.tabId);
        return null;
      },
    },

    'autofill.tabState': {
      allow: EXT,
      handle: async (data) => {
        const tabId = tabIdOf(object(data).tabId);
        const accounts = await unlockedAccounts(vault);
        const found = await fillableFrame(tabId);
        if (!found) return noFieldState(tabId);
        const { frame, pin } = found;
        return {
          tabId,
          hasField: true,
          origin: frame.origin,
          frame: pin,
          ...tabLists(accounts, frame.origin),
        };
      },
    },

    'autofill.fillTab': {
      allow: EXT,
      handle: async (data) => {
        const d = object(data);
        const tabId = tabIdOf(d.tabId);
        const accountId = optionalId(d.accountId);
        if (!accountId) throw badRequest('Which account?');
        // The page the popup showed; a request without it cannot say what the user saw.
        const shown = parseFramePin(d.frame);
        if (!shown) throw badRequest('Which page?');
        let account = (await unlockedAccounts(vault)).find((a) => a.id === accountId);
        if (!account) throw new TesseraError('E_NOT_FOUND', 'That account is not in your vault.');
        const frame = await shownFrame(tabId, shown);
        if (tabFillBinding(account, frame.origin, d.remember === true) === 'remember') {
          await vault.update(account.id, { sites: [frame.origin] });
          account = { ...account, sites: [frame.origin] };
        }
        const code = await codeFor(vault, account);
        const reply = await fillFrame(frame, code);
        if (!reply?.filled) {
          throw new TesseraError(
            'E_NOT_FOUND',
            'The code field is gone. Reload the page and try again.',
            { reason: 'fieldGone' },
          );
        }
        return { code: (await copyIfWanted(code)) ? code : null, name: choice(account).name };
      },
    },

    'autofill.resume': {
      allow: EXT,
      handle: async () => {
        const none = { filled: false, name: null, code: null };
        if ((await vault.state()) !== 'unlocked') return none;
        const pending = await takePendingFill();
        if (!pending) return none;
        // The page must still show the document whose button the user clicked.
        if (!checkFrameChain(await framesOf(pending.tabId).catch(() => []), pending).ok)
          return none;
        const account = resumeAccount(vault.accountsSnapshot(), pending.origin, pending.accountId);
        if (!account) return none;
        const code = await codeFor(vault, account);
        const reply = await fillFrame(pending, code);
        if (!reply?.filled) return none;
        return {
          filled: true,
          name: choice(account).name,
          code: (await copyIfWanted(code)) ? code : null,
        };
      },
    },

    'autofill.getSettings': { allow: EXT, handle: () => readAutofillSettings() },

    'autofill.setSettings': {
      allow: EXT,
      handle: async (data) => {
        const settings = parseAutofillSettings(object(data));
        await writeAutofillSettings(settings);
        return settings;
      },
    },
  };
}

/**
 * The keyboard command, the context-menu item and the tab bookkeeping. Listeners are added
 * synchronously at start-up so that the event that woke the worker reaches them.
 */
export function installAutofill(vault: VaultService): void {
  // Whenever the accounts' sites may have changed, and at every unlock (a vault from before
  // this list existed gets it then), while the vault is open to read them.
  vault.onChange((change) => {
    if (change !== 'records' && change !== 'merged' && change !== 'unlocked') return;
    let accounts: Account[];
    try {
      accounts = vault.accountsSnapshot();
    } catch {
      return; // Locked again before this ran: the next unlock refreshes.
    }
    void boundSites.refresh(accounts).catch(() => undefined);
  });

  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== FILL_COMMAND) return;
    void (async () => {
      const tabId =
        tab?.id ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
      if (tabId !== undefined) await sendCommandToTab(tabId);
    })();
  });

  // Menus persist across worker restarts; (re)create them when the extension is installed or updated.
  browser.runtime.onInstalled.addListener(() => {
    void browser.contextMenus.removeAll().then(() =>
      browser.contextMenus.create({
        id: MENU_ID,
        title: i18n.t('autofill.fillOneTimeCode'),
        contexts: ['editable'],
      }),
    );
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== MENU_ID || tab?.id === undefined) return;
    void sendMenuToFrame(tab.id, info.frameId ?? 0);
  });

  browser.tabs.onRemoved.addListener((tabId) => registry.forgetTab(tabId));
  browser.webNavigation.onCommitted.addListener((d) => registry.forgetFrame(d.tabId, d.frameId));
}
