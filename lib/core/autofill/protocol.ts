import type { FramePin } from './pin';

/**
 * Shapes of the autofill routes (lib/messaging.ts) and of the messages the background sends to
 * the content script. Types only: every context imports them, none of them runs code.
 */

/** What started a fill request in the page; the background applies extra rules to 'focus'. */
export type AutofillTrigger = 'button' | 'focus' | 'command' | 'menu';

/** An account as a page's inline picker may show it: a name, never a secret. */
export interface AutofillChoice {
  id: string;
  name: string;
}

/** The answer to "can Tessera fill here?" for the frame that asked (content script). */
export interface AutofillQuery {
  /**
   * 'locked' only on a site some account is bound to; a locked vault answers 'none' elsewhere,
   * so that no page can tell a locked Tessera from no vault, or from one with nothing bound.
   */
  state: 'none' | 'locked' | 'unlocked';
  /** Accounts bound to this frame's site; empty unless unlocked. */
  accounts: AutofillChoice[];
  /** The one bound account wants its code filled as soon as the field is focused. */
  autoFill: boolean;
  /** The user wants the inline "Fill one-time code" button in code fields (the default). */
  inlineButton: boolean;
}

export type AutofillFillResult =
  { kind: 'code'; code: string; copy: boolean } | { kind: 'choose'; accounts: AutofillChoice[] };

/** What the popup needs to offer "Fill" for the tab it acts on. */
export interface AutofillTabState {
  tabId: number;
  /** A code field in a frame that may receive codes (top frame or same-origin frames). */
  hasField: boolean;
  /** That frame's origin, e.g. https://github.com. */
  origin: string | null;
  /** The page shown (frame, origin, document): "Fill" sends it back, and fills only there. */
  frame: FramePin | null;
  /** Accounts bound to that origin, in the user's order. */
  boundIds: string[];
  /** Accounts with no site yet whose issuer usually signs in there (listed after bound ones). */
  suggestedIds: string[];
  /** Accounts with no site at all: "Fill" asks to remember this site for them first. */
  unboundIds: string[];
}

export interface AutofillSettings {
  /** Also put the code on the clipboard after a fill (cleared after 30 s like a copy). */
  copyAfterFill: boolean;
  /** Show the inline button in code fields; off leaves the popup, shortcut and context menu. */
  inlineButton: boolean;
}

export interface AutofillFillTabResult {
  /** The code, only when the copy-after-fill setting is on (the popup copies it). */
  code: string | null;
  name: string;
}

export interface AutofillResumeResult {
  filled: boolean;
  name: string | null;
  code: string | null;
}

/** Background → content script (tabs.sendMessage), addressed to one document when possible. */
export type AutofillTabMessage =
  | { tessera: 'autofill'; op: 'scan' }
  | { tessera: 'autofill'; op: 'fill'; code: string; origin: string }
  | { tessera: 'autofill'; op: 'command' }
  | { tessera: 'autofill'; op: 'menu' };

export interface AutofillScanReply {
  fields: number;
}

export interface AutofillFillReply {
  filled: boolean;
}
