import jsQR from 'jsqr';
import { binarizeImage } from './binarize';
import { groupFinders, type QrCandidate } from './candidates';
import { decodeRegion, type CodeRegion } from './decodeRegion';
import { findFinderPatterns, type FinderPattern } from './finderPatterns';
import { looksLikeFinder, looksLikeFinders } from './finderCheck';
import { decodeByGrid, type FinderTriple } from './gridDecode';
import { resampleLuminance } from './luminance';
import { assertImage } from './validate';
import type { DecodedQr, FindQrOptions, Rect, RgbaImage } from './types';

/** Finder candidates kept while scanning; text-heavy pages produce a few dozen, not hundreds. */
const MAX_FINDER_CANDIDATES = 400;
/** Finders considered for grouping (C(48,3) ≈ 17k triples, still microseconds of arithmetic). */
const MAX_FINDERS = 48;
/** The finder search looks at no more than about this many pixels, whatever the capture size. */
const MAX_WORK_PIXELS = 4_200_000;
/** The whole-image fallback looks at no more than this many (box-averaged) pixels. */
const FALLBACK_PIXELS = 1_000_000;
/** Up to this size (a user-selected area) the fallback runs whenever nothing else decoded. */
const SMALL_IMAGE_PIXELS = 400_000;
/** Candidates tried at all, best-scored first; a real code's triple scores near the top. */
const MAX_CANDIDATES_TRIED = 64;
/** Modules this many pixels wide decode reliably and keep jsQR's input small. */
const TARGET_MODULE_PX = 3;

/**
 * Every QR code in the image, deduplicated by text, in reading order (top to bottom, then left
 * to right). Pure and synchronous; callers that care about the UI thread run it in a worker.
 *
 * How: binarize a sampled copy (every other pixel on a 2× capture), find finder patterns (both
 * polarities) by run-length scanning, group them into code-shaped triples, then decode each
 * triple on its own: first by reading its module grid off the timing patterns and handing
 * that matrix to ZXing's QR decoder (gridDecode, decodeModules), else by giving jsQR a
 * contrast-stretched crop (decodeRegion). Decoding one small input per code instead of
 * searching the page is what makes this an order of magnitude faster than jsQR over the whole
 * capture, and it means a decoy code cannot hide the one next to it.
 */
export function findQrCodes(image: RgbaImage, opts: FindQrOptions = {}): DecodedQr[] {
  assertImage(image);
  const maxCodes = opts.maxCodes ?? 16;
  const maxAttempts = opts.maxAttempts ?? 8;
  const finest = finestStep(image);
  let step = Math.max(finest, firstStep(opts.pixelRatio));
  let found = findAtStep(image, step, maxCodes, maxAttempts);
  // The first step assumes modules of at least 2 CSS px at the stated ratio; a page zoomed out
  // can draw them smaller, so an empty result is checked once more at the finest step allowed.
  if (found.codes.length === 0 && step > finest) {
    step = finest;
    found = findAtStep(image, step, maxCodes, maxAttempts);
  }
  const { codes } = found;
  const fallback =
    opts.wholeImageFallback ??
    (image.width * image.height <= SMALL_IMAGE_PIXELS || found.sawUnreadCode);
  if (codes.length === 0 && fallback) {
    const whole = decodeWholeImage(image);
    if (whole) codes.push(whole);
  }
  return inReadingOrder(codes);
}

interface StepResult {
  codes: DecodedQr[];
  /**
   * Something the size of a code's corner was there but nothing decoded: a candidate whose
   * three corners are whole finder squares, or two such squares without a third (one finder
   * damaged or covered). Only then is a whole-capture jsQR pass worth its cost; on a page
   * without codes, or on photo noise full of 1:1:3:1:1 cross-sections, it would find nothing
   * slowly.
   */
  sawUnreadCode: boolean;
}

/** One finder search and decode at one work step (capture pixels per work pixel). */
function findAtStep(
  image: RgbaImage,
  step: number,
  maxCodes: number,
  maxAttempts: number,
): StepResult {
  const finders = findFinderPatterns(binarizeImage(image, step), {
    maxCandidates: MAX_FINDER_CANDIDATES,
  })
    // A single confirming line is usually a glyph; real finders span several rows even at 2 px.
    .filter((f) => f.hits >= 2)
    .sort((a, b) => b.hits - a.hits)
    .slice(0, MAX_FINDERS);
  const candidates = groupFinders(finders);

  const codes: DecodedQr[] = [];
  const used = new Set<FinderPattern>();
  const accept = (c: QrCandidate, decoded: DecodedQr): void => {
    // Finders inside a decoded code are its own or look-alikes in its data: never try them again.
    for (const f of finders) {
      if (containsPoint(decoded.location, { x: f.x * step, y: f.y * step })) used.add(f);
    }
    c.finders.forEach((f) => used.add(f));
    if (!codes.some((d) => d.text === decoded.text)) codes.push(decoded);
  };
  const open = (c: QrCandidate): boolean =>
    codes.length < maxCodes &&
    !c.finders.some((f) => used.has(f)) &&
    !codes.some((d) => containsPoint(d.location, centreOf(c, step)));

  // Pass 1, the grid reader: cheap (a missing timing pattern rejects a fake triple within
  // microseconds) and exact on browser-drawn codes, so every candidate gets it first.
  for (const c of candidates.slice(0, MAX_CANDIDATES_TRIED)) {
    if (!open(c)) continue;
    const decoded = decodeByGrid(image, toTriple(c, step));
    if (decoded) accept(c, decoded);
  }
  // Pass 2, jsQR on a crop: slower per try but tolerant of rotation, blur and damaged timing
  // patterns. Only candidates whose three corners really are finder squares get a try, and
  // only so many: on a photo or a page of look-alikes each failed try costs milliseconds.
  let attempts = 0;
  for (const c of candidates.slice(0, MAX_CANDIDATES_TRIED)) {
    if (attempts >= maxAttempts || codes.length >= maxCodes) break;
    if (!open(c) || !looksLikeFinders(image, toTriple(c, step))) continue;
    attempts++;
    const region: CodeRegion = {
      x0: c.x0 * step,
      y0: c.y0 * step,
      x1: c.x1 * step,
      y1: c.y1 * step,
      module: c.module * step,
      dark: c.dark,
    };
    const decoded = decodeRegion(image, region, TARGET_MODULE_PX);
    if (decoded) accept(c, decoded);
  }
  const sawUnreadCode =
    codes.length === 0 &&
    (attempts > 0 ||
      finders.filter((f) =>
        looksLikeFinder(image, { x: f.x * step, y: f.y * step }, f.module * step, f.dark),
      ).length >= 2);
  return { codes, sawUnreadCode };
}

/**
 * The work step from the capture's pixel ratio: the finder search needs about 2 px per module,
 * and a 2 CSS px module is 2·dpr device px, so it can skip dpr−1 of every dpr pixels. The
 * image size says nothing about the ratio (a 2560-px capture is a 1× desktop as often as a 2×
 * laptop), so without a ratio the search starts at full resolution. Large modules need no
 * coarser step: the binarizer and the finder search work the same at every module size.
 */
function firstStep(pixelRatio: number | undefined): number {
  if (pixelRatio === undefined || !Number.isFinite(pixelRatio) || pixelRatio <= 0) return 1;
  return Math.min(4, Math.max(1, Math.floor(pixelRatio + 0.25)));
}

/** The smallest step that keeps the finder search within MAX_WORK_PIXELS. */
function finestStep(image: RgbaImage): number {
  let step = 1;
  while ((image.width * image.height) / (step * step) > MAX_WORK_PIXELS) step++;
  return step;
}

/**
 * Last resort when no finder triple decoded: jsQR over the whole capture (a code whose finders
 * are damaged can still be found by jsQR's own locator). It returns at most one code. Captures
 * above FALLBACK_PIXELS are box-averaged down to that size first, so the fallback is on at every
 * size and costs a fixed, small share of a plain jsQR scan; a code too fine to survive that
 * was already within the finder search's reach.
 */
function decodeWholeImage(image: RgbaImage): DecodedQr | null {
  const shrink = Math.max(1, Math.sqrt((image.width * image.height) / FALLBACK_PIXELS));
  let source = image;
  let tw = image.width;
  let th = image.height;
  if (shrink > 1) {
    tw = Math.max(1, Math.floor(image.width / shrink));
    th = Math.max(1, Math.floor(image.height / shrink));
    const gray = resampleLuminance(image, 0, 0, image.width, image.height, tw, th);
    const rgba = new Uint8ClampedArray(tw * th * 4);
    for (let i = 0, o = 0; i < gray.data.length; i++, o += 4) {
      const v = gray.data[i]!;
      rgba[o] = v;
      rgba[o + 1] = v;
      rgba[o + 2] = v;
      rgba[o + 3] = 255;
    }
    source = { data: rgba, width: tw, height: th };
  }
  const found = jsQR(source.data, source.width, source.height, {
    inversionAttempts: 'attemptBoth',
  });
  if (!found) return null;
  const kx = image.width / tw;
  const ky = image.height / th;
  const l = found.location;
  const xs = [l.topLeftCorner.x, l.topRightCorner.x, l.bottomLeftCorner.x, l.bottomRightCorner.x];
  const ys = [l.topLeftCorner.y, l.topRightCorner.y, l.bottomLeftCorner.y, l.bottomRightCorner.y];
  const x = Math.max(0, Math.round(Math.min(...xs) * kx));
  const y = Math.max(0, Math.round(Math.min(...ys) * ky));
  return {
    text: found.data,
    bytes: Uint8Array.from(found.binaryData),
    location: {
      x,
      y,
      width: Math.min(image.width, Math.round(Math.max(...xs) * kx)) - x,
      height: Math.min(image.height, Math.round(Math.max(...ys) * ky)) - y,
    },
  };
}

/** The candidate in full-resolution pixels, as the grid reader and finder check take it. */
function toTriple(c: QrCandidate, step: number): FinderTriple {
  const [tl, tr, bl] = c.finders;
  return {
    topLeft: { x: tl.x * step, y: tl.y * step },
    topRight: { x: tr.x * step, y: tr.y * step },
    bottomLeft: { x: bl.x * step, y: bl.y * step },
    module: c.module * step,
    dark: c.dark,
  };
}

/**
 * Top to bottom, and left to right among codes that share a row (their vertical extents
 * overlap), so two codes side by side read in the order a person would name them.
 */
function inReadingOrder(codes: DecodedQr[]): DecodedQr[] {
  const byTop = [...codes].sort((a, b) => a.location.y - b.location.y);
  const out: DecodedQr[] = [];
  let row: DecodedQr[] = [];
  let rowMiddle = -Infinity;
  for (const c of byTop) {
    if (row.length > 0 && c.location.y > rowMiddle) {
      out.push(...row.sort((a, b) => a.location.x - b.location.x));
      row = [];
    }
    if (row.length === 0) rowMiddle = c.location.y + c.location.height / 2;
    row.push(c);
  }
  out.push(...row.sort((a, b) => a.location.x - b.location.x));
  return out;
}

function centreOf(c: QrCandidate, step: number): { x: number; y: number } {
  return { x: ((c.x0 + c.x1) / 2) * step, y: ((c.y0 + c.y1) / 2) * step };
}

function containsPoint(r: Rect, p: { x: number; y: number }): boolean {
  return p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height;
}
