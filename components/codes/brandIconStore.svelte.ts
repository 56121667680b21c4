import type { BrandIconSet } from './brandIcons';

/**
 * The brand icons are a chunk of their own, loaded when the first icon is asked for: the
 * popup's own script stays as small as it was, so the list shows its codes as fast as before
 * and the icons follow a moment later (the slot keeps its size meanwhile; nothing moves).
 */
let icons = $state.raw<BrandIconSet | null>(null);
let loading: Promise<void> | null = null;

/** The icon set, or null while it loads (reactive: readers update when it arrives). */
export function brandIconSet(): BrandIconSet | null {
  loading ??= import('./brandIconSet').then((m) => {
    icons = m.BRAND_ICONS;
  });
  return icons;
}
