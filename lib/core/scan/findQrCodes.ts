import jsQR from 'jsqr';
import { binarizeImage } from './binarize';
import { groupFinders, type QrCandidate } from './candidates';
import { decodeRegion, type CodeRegion } from './decodeRegion';
import { findFinderPatterns, type FinderPattern } from './finderPatterns';
import { looksLikeFinders } from './finderCheck';
import { decodeByGrid, type FinderTriple } from './gridDecode';
import { sampleLuminance } from './luminance';
import { assertImage } from './validate';
import type { DecodedQr, FindQrOptions, Rect, RgbaImage } from './types';

/** Finder candidates kept while scanning; text-heavy pages produce a few dozen, not hundreds. */
const MAX_FINDER_CANDIDATES = 400;
/** Finders considered for grouping (C(48,3) ≈ 17k triples, still microseconds of arithmetic). */
const MAX_FINDERS = 48;
/** The finder search looks at no more than about this many pixels, whatever the capture size. */
const MAX_WORK_PIXELS = 4_200_000;
/** Up to this size the whole-image fallback is on by default (see FindQrOptions). */
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
  const step = workStep(image, opts.pixelRatio);
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

  const fallback = opts.wholeImageFallback ?? image.width * image.height <= SMALL_IMAGE_PIXELS;
  if (codes.length === 0 && fallback) {
    const whole = decodeWholeImage(image, step);
    if (whole) codes.push(whole);
  }
  return inReadingOrder(codes);
}

/**
 * How many capture pixels one work pixel stands for. The finder search needs about 2 px per
 * module; a 2 CSS px module is 2·dpr device px, so the search can afford to skip dpr−1 of
 * every dpr pixels, and never looks at more than MAX_WORK_PIXELS.
 */
function workStep(image: RgbaImage, pixelRatio: number | undefined): number {
  const guess =
    pixelRatio !== undefined && Number.isFinite(pixelRatio) && pixelRatio > 0
      ? Math.floor(pixelRatio + 0.25)
      : // Guessing from size alone (a 1280-px-wide viewport): 1920 px wide is more often a
        // 1× full-HD window than a 1.5× laptop, and the smaller step is only slower, not wrong.
        Math.floor(Math.max(image.width, image.height) / 1280 + 0.25);
  let step = Math.min(4, Math.max(1, guess));
  while ((image.width * image.height) / (step * step) > MAX_WORK_PIXELS) step++;
  return step;
}

/**
 * Last resort when no finder triple decoded: jsQR over the work-resolution copy (a code whose
 * finders are damaged can still be found by jsQR's own locator). It returns at most one code.
 */
function decodeWholeImage(image: RgbaImage, step: number): DecodedQr | null {
  let source = image;
  if (step > 1) {
    const gray = sampleLuminance(image, step);
    const rgba = new Uint8ClampedArray(gray.width * gray.height * 4);
    for (let i = 0, o = 0; i < gray.data.length; i++, o += 4) {
      const v = gray.data[i]!;
      rgba[o] = v;
      rgba[o + 1] = v;
      rgba[o + 2] = v;
      rgba[o + 3] = 255;
    }
    source = { data: rgba, width: gray.width, height: gray.height };
  }
  const found = jsQR(source.data, source.width, source.height, {
    inversionAttempts: 'attemptBoth',
  });
  if (!found) return null;
  const l = found.location;
  const xs = [l.topLeftCorner.x, l.topRightCorner.x, l.bottomLeftCorner.x, l.bottomRightCorner.x];
  const ys = [l.topLeftCorner.y, l.topRightCorner.y, l.bottomLeftCorner.y, l.bottomRightCorner.y];
  const x = Math.max(0, Math.round(Math.min(...xs) * step));
  const y = Math.max(0, Math.round(Math.min(...ys) * step));
  return {
    text: found.data,
    bytes: Uint8Array.from(found.binaryData),
    location: {
      x,
      y,
      width: Math.min(image.width, Math.round(Math.max(...xs) * step)) - x,
      height: Math.min(image.height, Math.round(Math.max(...ys) * step)) - y,
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
