/**
 * The words the emergency kit shows, taken from the catalogue in the language of the Tessera
 * that made it and embedded in the file: the kit runs without Tessera and without the network,
 * so it cannot look them up later.
 */
export interface KitStrings {
  /** BCP 47 tag of the language the strings are in (the kit's <html lang>). */
  lang: string;
  title: string;
  intro: string;
  /** Already holds the kit's date in the user's format. */
  made: string;
  secretLabel: string;
  open: string;
  opening: string;
  wrong: string;
  damaged: string;
  unsupported: string;
  accounts: string;
  noAccounts: string;
  secondsLeft: string;
  counter: string;
  showQr: string;
  hideQr: string;
  recoveryCodes: string;
  notes: string;
  close: string;
  saveList: string;
  saveWarning: string;
  saveConfirm: string;
  cancel: string;
}

export const KIT_STRING_FIELDS = [
  'lang',
  'title',
  'intro',
  'made',
  'secretLabel',
  'open',
  'opening',
  'wrong',
  'damaged',
  'unsupported',
  'accounts',
  'noAccounts',
  'secondsLeft',
  'counter',
  'showQr',
  'hideQr',
  'recoveryCodes',
  'notes',
  'close',
  'saveList',
  'saveWarning',
  'saveConfirm',
  'cancel',
] as const satisfies readonly (keyof KitStrings)[];
