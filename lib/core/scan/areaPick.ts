import type { Rect } from './types';

/**
 * What the "Select area" overlay (entrypoints/scan-area) returns: a rectangle in CSS px of the
 * top frame's viewport, and that viewport's size, from which the background scales to the
 * capture's device pixels. No browser API here, so the check is unit-tested.
 */
export interface AreaPick extends Rect {
  viewportWidth: number;
  viewportHeight: number;
}

/** The script's answer crosses from a page's process: check it is the shape we expect. */
export function parseAreaPick(value: unknown): AreaPick | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const keys = ['x', 'y', 'width', 'height', 'viewportWidth', 'viewportHeight'] as const;
  const n = keys.map((k) => v[k]);
  if (!n.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)) return null;
  const [x, y, width, height, viewportWidth, viewportHeight] = n as number[];
  if (!width || !height || !viewportWidth || !viewportHeight) return null;
  return { x: x!, y: y!, width, height, viewportWidth, viewportHeight };
}
