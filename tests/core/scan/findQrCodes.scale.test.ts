// The finder does not depend on scale: every module size from 2 CSS px up to a code filling the
// screen at 40 px per module, both polarities, at every common device pixel ratio, and the
// real-world cases that once failed (large modules, a zoomed page, a phone screenshot).
import { describe, expect, it } from 'vitest';
import { findQrCodes, type RgbaImage } from '../../../lib/core/scan';
import {
  bytesFrom,
  makePage,
  migrationBatch,
  otpauth,
  pageWith,
  phoneExportScreenshot,
  place,
  renderQr,
  scaleUp,
  scaledCapture,
  type Polarity,
} from './fixtures';

/** Fits a version-1 code (21 modules) at error correction L. */
const V1_TEXT = 'TESSERA V1 CODE';
const CSS_MODULES = [2, 3, 4, 6, 8, 10, 12, 16, 20, 30, 40];
const RATIOS = [1, 1.25, 1.5, 2, 3];
const POLARITIES: Polarity[] = ['dark-on-light', 'light-on-dark'];
const SLOW = { timeout: 120_000 };

const texts = (image: RgbaImage, pixelRatio?: number): string[] =>
  findQrCodes(image, pixelRatio === undefined ? {} : { pixelRatio }).map((c) => c.text);

/** Only the finder path: the whole-image jsQR fallback must not be what finds the code. */
const finderTexts = (image: RgbaImage, pixelRatio?: number): string[] =>
  findQrCodes(image, {
    wholeImageFallback: false,
    ...(pixelRatio === undefined ? {} : { pixelRatio }),
  }).map((c) => c.text);

describe('findQrCodes at every scale', SLOW, () => {
  const matrix = POLARITIES.flatMap((polarity) =>
    RATIOS.flatMap((dpr) => CSS_MODULES.map((css) => ({ polarity, dpr, css }))),
  );

  it.each(matrix)(
    'finds a 21-module $polarity code at $css CSS px per module, DPR $dpr',
    ({ polarity, dpr, css }) => {
      const image = scaledCapture({
        text: V1_TEXT,
        cssModule: css,
        dpr,
        polarity,
        version: 1,
        ec: 'L',
        seed: css * 10 + dpr,
      });
      expect(finderTexts(image, dpr)).toEqual([V1_TEXT]);
    },
  );

  it.each(POLARITIES.flatMap((polarity) => [2, 12, 40].map((css) => ({ polarity, css }))))(
    'finds a $polarity code at $css CSS px per module on a 3× capture without the ratio',
    ({ polarity, css }) => {
      const image = scaledCapture({
        text: V1_TEXT,
        cssModule: css,
        dpr: 3,
        polarity,
        version: 1,
        ec: 'L',
      });
      expect(finderTexts(image)).toEqual([V1_TEXT]);
    },
  );

  it('finds a 2 CSS px code on a 2× capture whose page is zoomed out to 75 %', () => {
    // 2 CSS px × 0.75 × 2 = 3 device px per module: under the 4 px the stated ratio promises,
    // so only the full-resolution retry sees it.
    const text = otpauth('Zoom', 'me', bytesFrom(9, 10));
    const image = scaledCapture({
      text,
      cssModule: 1.5,
      dpr: 2,
      polarity: 'dark-on-light',
    });
    expect(finderTexts(image, 2)).toEqual([text]);
  });
});

describe('findQrCodes on the sizes that used to fail', SLOW, () => {
  // A 37-module code (version 5) carrying a realistic otpauth link.
  const V5_TEXT = otpauth('ACME', 'jane+2fa@acme.example', bytesFrom(12, 20));

  const alignments = [8, 9, 10, 11, 12, 13, 14, 16, 9.5, 10.75, 12.4].flatMap((px) =>
    [0, 1, 3, 5].map((offset) => ({ px, offset })),
  );
  it.each(alignments)(
    'finds a 37-module code at $px px per module, offset $offset px, in a DPR-1 capture',
    ({ px, offset }) => {
      const tile = renderQr(V5_TEXT, { px, version: 5, ec: 'L' });
      const page = pageWith(1280, 800, [{ tile, x: 300 + offset, y: 60 + offset }], {
        seed: px * 10 + offset,
      });
      expect(finderTexts(page, 1)).toEqual([V5_TEXT]);
    },
  );

  it('finds a 37-module code 450 px wide', () => {
    const tile = renderQr(V5_TEXT, { px: 450 / 37, version: 5, ec: 'L', margin: 0 });
    const page = pageWith(1280, 800, [{ tile, x: 400, y: 150 }]);
    expect(finderTexts(page, 1)).toEqual([V5_TEXT]);
  });

  it.each([
    { what: 'with its quiet zone', margin: 4 },
    { what: 'without a quiet zone of its own', margin: 0 },
  ])('finds a version-2 code drawn 300 px wide $what', ({ margin }) => {
    // Version 2 at level L holds 32 bytes: a short link, not an otpauth one.
    const text = 'https://example.com/2fa/setup';
    const tile = renderQr(text, { px: 300 / (25 + 2 * margin), version: 2, ec: 'L', margin });
    expect(tile.width).toBe(300);
    const page = pageWith(1280, 800, [{ tile, x: 420, y: 200 }]);
    expect(finderTexts(page, 1)).toEqual([text]);
  });

  it.each([1, 2])('finds the code on a page zoomed to 150 %% at DPR %i', (dpr) => {
    // Zoom scales the whole layout, text included, by 1.5 on top of the device ratio; the
    // capture's reported ratio stays the device's.
    const text = otpauth('ACME Cloud', 'jane.doe@example.com', bytesFrom(14, 20));
    const css = makePage(1280 / 1.5, 800 / 1.5, { avoid: [{ x: 200, y: 80, w: 200, h: 200 }] });
    const page = scaleUp(css, 1.5 * dpr);
    const tile = renderQr(text, { px: 4 * 1.5 * dpr });
    place(page, tile, Math.round(200 * 1.5 * dpr), Math.round(80 * 1.5 * dpr));
    expect(finderTexts(page, dpr)).toEqual([text]);
  });

  it('finds the export code in a clean 1018×2188 phone screenshot, as a file or a capture', () => {
    const batch = migrationBatch(4, 21);
    const shot = phoneExportScreenshot(batch);
    expect([shot.width, shot.height]).toEqual([1018, 2188]);
    // An image file carries no pixel ratio; a capture of a 2.5× screen does.
    expect(finderTexts(shot)).toEqual([batch]);
    expect(finderTexts(shot, 2.5)).toEqual([batch]);
    expect(texts(shot)).toEqual([batch]);
  });

  it('finds a code filling a 1280×1200 DPR-1 screen at 40 px per module', () => {
    const image = scaledCapture({
      text: V1_TEXT,
      cssModule: 40,
      dpr: 1,
      polarity: 'dark-on-light',
      version: 1,
      ec: 'L',
      margin: 1,
      viewport: { width: 1280, height: 960 },
      at: { x: 200, y: 0 },
    });
    expect(finderTexts(image, 1)).toEqual([V1_TEXT]);
  });

  it('still finds nothing on a large page without codes, fallback allowed', () => {
    const page = scaleUp(makePage(1280, 800, { seed: 5 }), 1.5);
    expect(findQrCodes(page, { pixelRatio: 1.5 })).toEqual([]);
  });
});
