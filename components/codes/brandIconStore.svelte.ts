import { afterPaintAndIdle } from '../ui/firstPaint';
import type { BrandIconSet } from './brandIcons';

/**
 * The brand icons are a chunk of their own, loaded once the first icon has been asked for, the
 * frame has painted and the page is idle: the popup's own script stays small, the list shows
 * its codes without waiting for the chunk to compile, and the icons follow a moment later (the
 * slot keeps its size meanwhile; nothing moves).
 */
let icons = $state.raw<BrandIconSet | null>(null);
let loading: Promise<void> | null = null;

/** The icon set, or null while it loads (reactive: readers update when it arrives). */
export function brandIconSet(): BrandIconSet | null {
  loading ??= afterPaintAndIdle()
    .then(() => import('./brandIconSet'))
    .then((m) => {
      icons = m.BRAND_ICONS;
    });
  return icons;
}
