/**
 * Windowing arithmetic for the account list: which rows to render for a scroll position, and
 * where to scroll so that one row is in view. Every row has the same height, so a row's place
 * follows from its index alone and nothing needs measuring per row.
 */

export interface RowWindow {
  /** First rendered index. */
  start: number;
  /** One past the last rendered index. */
  end: number;
}

export interface WindowInput {
  count: number;
  /** Height of every row in px; must be positive. */
  rowHeight: number;
  /**
   * How far the top of the viewport is below the top of the first row, in px. Negative while
   * the list starts further down the viewport (something is shown above it).
   */
  offset: number;
  viewportHeight: number;
  /** Rows rendered beyond each edge, so a fast scroll shows rows rather than blank space. */
  overscan: number;
}

const clamp = (x: number, low: number, high: number) => Math.max(low, Math.min(high, x));

/** The rows that intersect the viewport, widened by `overscan` on each side. */
export function visibleRange({
  count,
  rowHeight,
  offset,
  viewportHeight,
  overscan,
}: WindowInput): RowWindow {
  if (count <= 0 || !(rowHeight > 0)) return { start: 0, end: 0 };
  // A scroll position left over from a longer list (before a search narrowed it) would point
  // past the end until the browser clamps it; clamp here so the window is right at once.
  const top = Math.min(offset, Math.max(0, count * rowHeight - viewportHeight));
  const first = clamp(Math.floor(Math.max(0, top) / rowHeight), 0, count - 1);
  const last = clamp(Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight), first, count);
  return {
    start: Math.max(0, first - overscan),
    end: Math.min(count, Math.max(last, first + 1) + overscan),
  };
}

export interface RenderedRows extends RowWindow {
  /**
   * An index outside [start, end) that stays rendered (the row holding keyboard focus, so that
   * scrolling with the mouse does not drop focus to the page), or null.
   */
  kept: number | null;
}

/** The window plus the row to keep, if that row lies outside it. */
export function withKeptRow(window: RowWindow, keep: number | null, count: number): RenderedRows {
  const kept =
    keep !== null && keep >= 0 && keep < count && (keep < window.start || keep >= window.end)
      ? keep
      : null;
  return { ...window, kept };
}

/**
 * The list's padding above and below the rendered rows, in px, so that the rendered rows sit at
 * their own places and the scroll height is that of the whole list. A kept row outside the window
 * takes the place of the row next to the window (off screen, so nobody sees it there).
 */
export function spacers(
  rows: RenderedRows,
  count: number,
  rowHeight: number,
  loaded: number = count,
): { before: number; after: number } {
  const keptBefore = rows.kept !== null && rows.kept < rows.start ? 1 : 0;
  const keptAfter = rows.kept !== null && rows.kept >= rows.end ? 1 : 0;
  // Rows of the window that have not arrived yet (the end of a long list, which follows the
  // first rows) keep their room too: else the list would shrink under a reader who scrolled
  // there early, and the browser would pull the scroll position back.
  const absent = Math.max(0, rows.end - Math.max(rows.start, loaded));
  return {
    before: (rows.start - keptBefore) * rowHeight,
    after: (Math.max(0, count - rows.end - keptAfter) + absent) * rowHeight,
  };
}

/**
 * The scroll offset (same frame as `offset` above) that brings row `index` fully into view with
 * the least movement; the current offset when it already is.
 */
export function offsetToReveal(
  index: number,
  rowHeight: number,
  offset: number,
  viewportHeight: number,
): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < offset) return top;
  if (bottom > offset + viewportHeight) return Math.min(top, bottom - viewportHeight);
  return offset;
}

/**
 * Where the viewport's top must be, below the first row, for the row that was at the top when
 * every row was `from` px high to be there again at `to` px (the first measurement replacing
 * the estimate, or a taller row seen later). Without it the list's length changes under a reader
 * who has scrolled: one who went straight to the end would find the middle of the list instead.
 */
export function offsetKeepingRow(offset: number, from: number, to: number): number {
  if (!(from > 0) || !(to > 0) || offset <= 0) return offset;
  return (offset / from) * to;
}
