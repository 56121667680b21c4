import { i18n } from '#i18n';
import type { AreaPick } from '../../lib/core/scan/areaPick';

/** The isolated world is shared by every injection into this frame: a second run cancels the first. */
const CANCEL_KEY = '__tesseraScanAreaCancel';
/** A forgotten overlay must not stay over the page for ever. */
const TIMEOUT_MS = 3 * 60_000;
/** Smaller drags are treated as stray clicks. */
const MIN_SIDE = 8;

type Registry = Record<string, (() => void) | undefined>;

/**
 * Shows a full-viewport overlay, lets the user drag a rectangle and resolves with it (null on
 * Escape, cancel or timeout). The overlay is gone from the screen before this resolves, because
 * the background captures the tab right after and must not see it.
 *
 * Styles are set through the CSSOM (element.style), which a page's CSP cannot block, and
 * only trusted (user) pointer events count, so the page cannot draw the rectangle itself.
 */
export function pickArea(): Promise<AreaPick | null> {
  const registry = globalThis as unknown as Registry;
  registry[CANCEL_KEY]?.();

  return new Promise((resolve) => {
    const host = document.createElement('div');
    host.setAttribute('data-tessera-scan-area', '');
    host.setAttribute('role', 'dialog');
    host.setAttribute('aria-label', i18n.t('scan.area.label'));
    Object.assign(host.style, {
      position: 'fixed',
      inset: '0',
      width: '100vw',
      height: '100vh',
      maxWidth: 'none',
      maxHeight: 'none',
      margin: '0',
      padding: '0',
      border: '0',
      background: 'transparent',
      zIndex: '2147483647',
      cursor: 'crosshair',
      touchAction: 'none',
      userSelect: 'none',
      overflow: 'hidden',
    } satisfies Partial<CSSStyleDeclaration>);
    const root = host.attachShadow({ mode: 'closed' });

    const shade = document.createElement('div');
    Object.assign(shade.style, {
      position: 'absolute',
      inset: '0',
      background: 'rgba(0, 0, 0, 0.3)',
    });
    const box = document.createElement('div');
    Object.assign(box.style, {
      position: 'absolute',
      display: 'none',
      border: '2px solid #fff',
      outline: '1px solid #000',
      // Darkens everything outside the selection without a second element per side.
      boxShadow: '0 0 0 100vmax rgba(0, 0, 0, 0.35)',
    });
    const hint = document.createElement('div');
    hint.textContent = i18n.t('scan.area.hint');
    Object.assign(hint.style, {
      position: 'absolute',
      top: '12px',
      left: '50%',
      transform: 'translateX(-50%)',
      padding: '8px 14px',
      borderRadius: '8px',
      background: '#111',
      color: '#fff',
      font: '500 14px/1.4 system-ui, sans-serif',
      pointerEvents: 'none',
      whiteSpace: 'nowrap',
    });
    root.append(shade, box, hint);

    let start: { x: number; y: number } | null = null;
    let current = { x: 0, y: 0, width: 0, height: 0 };
    let finished = false;

    const rectTo = (e: PointerEvent) => {
      if (!start) return current;
      const x = Math.max(0, Math.min(start.x, e.clientX));
      const y = Math.max(0, Math.min(start.y, e.clientY));
      return {
        x,
        y,
        width: Math.min(innerWidth, Math.max(start.x, e.clientX)) - x,
        height: Math.min(innerHeight, Math.max(start.y, e.clientY)) - y,
      };
    };
    const draw = () => {
      shade.style.display = 'none';
      Object.assign(box.style, {
        display: 'block',
        left: `${current.x}px`,
        top: `${current.y}px`,
        width: `${current.width}px`,
        height: `${current.height}px`,
      });
    };

    const onDown = (e: PointerEvent) => {
      if (!e.isTrusted || e.button !== 0) return;
      e.preventDefault();
      start = { x: e.clientX, y: e.clientY };
      current = { ...start, width: 0, height: 0 };
      host.setPointerCapture?.(e.pointerId);
      draw();
    };
    const onMove = (e: PointerEvent) => {
      if (!e.isTrusted || !start) return;
      current = rectTo(e);
      draw();
    };
    const onUp = (e: PointerEvent) => {
      if (!e.isTrusted || !start) return;
      current = rectTo(e);
      start = null;
      if (current.width >= MIN_SIDE && current.height >= MIN_SIDE) {
        void finish(current);
      } else {
        box.style.display = 'none';
        shade.style.display = 'block';
      }
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopImmediatePropagation();
      void finish(null);
    };
    const swallow = (e: Event) => e.preventDefault();

    const timer = setTimeout(() => void finish(null), TIMEOUT_MS);

    async function finish(rect: typeof current | null): Promise<void> {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      window.removeEventListener('keydown', onKey, true);
      if (registry[CANCEL_KEY] === cancel) delete registry[CANCEL_KEY];
      try {
        if (host.matches(':popover-open')) host.hidePopover();
      } catch {
        // Not a popover in this browser: removing it is enough.
      }
      host.remove();
      if (!rect) {
        resolve(null);
        return;
      }
      await nextPaint();
      resolve({
        x: rect.x,
        y: rect.y,
        width: rect.width,
        height: rect.height,
        viewportWidth: innerWidth,
        viewportHeight: innerHeight,
      });
    }
    const cancel = () => void finish(null);
    registry[CANCEL_KEY] = cancel;

    host.addEventListener('pointerdown', onDown);
    host.addEventListener('pointermove', onMove);
    host.addEventListener('pointerup', onUp);
    host.addEventListener('contextmenu', swallow);
    window.addEventListener('keydown', onKey, true);

    document.documentElement.append(host);
    // The top layer puts the overlay above the page's own modal dialogs and popovers.
    try {
      host.popover = 'manual';
      host.showPopover();
    } catch {
      // No Popover API (older browsers): the maximal z-index has to do.
    }
  });
}

/** Resolves once a frame without the overlay has been painted (or soon, if frames are paused). */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 150);
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        clearTimeout(fallback);
        resolve();
      }),
    );
  });
}
