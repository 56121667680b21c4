import { getContext } from 'svelte';

/**
 * The tab the popup acts on, worked out once by the popup's entrypoint (entrypoints/popup) and
 * handed down by Svelte context, so that no component reads the page's URL or asks the browser
 * for the active tab itself, and components never import an entrypoint.
 */
export interface PopupTarget {
  /**
   * The pop-out window (popup.html?tab=<id>), which stays open after a fill and offers no
   * second pop-out; false for the toolbar popup, which closes once the user is back in the page.
   */
  windowed: boolean;
  /**
   * The tab: the pop-out window's `?tab=`, else the active tab of the popup's window; null when
   * the browser names none. One promise for the popup's whole life: the tab never changes.
   */
  tabId: Promise<number | null>;
}

const KEY = Symbol('tessera.popupTarget');

/** The context map to mount the popup with (svelte's mount({ context })). */
export function popupTargetContext(target: PopupTarget): Map<symbol, PopupTarget> {
  return new Map([[KEY, target]]);
}

/** The popup's target; call while a component initialises, as for any Svelte context. */
export function getPopupTarget(): PopupTarget {
  const target = getContext<PopupTarget | undefined>(KEY);
  if (!target) throw new Error('No popup target: mount the popup with popupTargetContext().');
  return target;
}
