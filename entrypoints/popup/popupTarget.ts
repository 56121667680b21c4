/**
 * The pop-out window is `popup.html?tab=<id>`: it acts on the tab that was active when the user
 * popped it out, because once it is a window of its own the "active tab" is the window itself.
 */
export function targetTabId(search: string = location.search): number | null {
  const raw = new URLSearchParams(search).get('tab');
  if (raw === null || !/^\d+$/.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : null;
}
