import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTesseraError } from '../../../lib/core/errors';
import { findQrCodes, pickAuthenticatorCodes, type RgbaImage } from '../../../lib/core/scan';
import {
  blankImage,
  bytesFrom,
  makePage,
  migrationBatch,
  otpauth,
  pageWith,
  prng,
  renderQr,
  rotate,
  scaleUp,
} from './fixtures';

const GITHUB = otpauth('GitHub', 'octo-cat', bytesFrom(1, 20));
const ACME = otpauth('ACME Cloud', 'jane.doe@example.com', bytesFrom(2, 20));
const WIFI = 'WIFI:S:x;T:WPA;P:y;;';
const STORE = 'https://apps.apple.com/us/app/google-authenticator/id388497605';
const DENSE = otpauth(
  'Contoso Enterprise Identity Platform',
  'firstname.middlename.lastname+security-team@subsidiary.contoso-corporation.example',
  bytesFrom(3, 64),
  '&algorithm=SHA512&digits=8&period=30',
);
const BATCH = migrationBatch(10);

const texts = (image: RgbaImage, pixelRatio?: number): string[] =>
  findQrCodes(image, pixelRatio === undefined ? {} : { pixelRatio }).map((c) => c.text);

describe('findQrCodes', () => {
  it('finds a single code on a cluttered page and reports where it is', () => {
    const tile = renderQr(GITHUB, { px: 4 });
    const page = pageWith(1280, 800, [{ tile, x: 400, y: 250 }]);
    const found = findQrCodes(page);
    expect(found.map((c) => c.text)).toEqual([GITHUB]);
    // The location is the symbol itself (inside the 4-module quiet zone), in capture pixels.
    const { location } = found[0]!;
    expect(Math.abs(location.x - (400 + 16))).toBeLessThanOrEqual(4);
    expect(Math.abs(location.y - (250 + 16))).toBeLessThanOrEqual(4);
    expect(Math.abs(location.width - (tile.width - 32))).toBeLessThanOrEqual(6);
    expect(found[0]!.bytes).toEqual(new TextEncoder().encode(GITHUB));
  });

  it('finds both the decoy Wi-Fi code and the otpauth code, and the pick ignores the decoy', () => {
    const page = pageWith(1280, 800, [
      { tile: renderQr(WIFI, { px: 4 }), x: 60, y: 80 },
      { tile: renderQr(ACME, { px: 4 }), x: 500, y: 300 },
    ]);
    const found = findQrCodes(page);
    expect(found.map((c) => c.text)).toEqual([WIFI, ACME]);
    const pick = pickAuthenticatorCodes(found);
    expect(pick.codes.map((c) => c.text)).toEqual([ACME]);
    expect(pick.ignoredOther).toBe(1);
    expect(pick.onlyOther).toBe(false);
  });

  it('finds every code on a page with several, in reading order', () => {
    const page = pageWith(1280, 800, [
      { tile: renderQr(STORE, { px: 3 }), x: 700, y: 90 },
      { tile: renderQr(WIFI, { px: 3 }), x: 80, y: 100 },
      { tile: renderQr(GITHUB, { px: 4 }), x: 300, y: 420 },
      { tile: renderQr(ACME, { px: 5 }), x: 800, y: 450 },
    ]);
    expect(texts(page)).toEqual([WIFI, STORE, GITHUB, ACME]);
  });

  it('reports a code shown twice once', () => {
    const tile = renderQr(GITHUB, { px: 4 });
    const page = pageWith(1280, 800, [
      { tile, x: 100, y: 200 },
      { tile, x: 700, y: 200 },
    ]);
    expect(texts(page)).toEqual([GITHUB]);
  });

  it('reads a light-on-dark code on a dark page', () => {
    const tile = renderQr(ACME, { px: 4, dark: [230, 237, 243], light: [22, 27, 34] });
    const page = pageWith(1280, 800, [{ tile, x: 420, y: 260 }], {
      bg: [13, 17, 23],
      ink: [230, 237, 243],
    });
    expect(texts(page)).toEqual([ACME]);
  });

  it('reads a normal code on a dark page', () => {
    const page = pageWith(1280, 800, [{ tile: renderQr(GITHUB, { px: 4 }), x: 420, y: 260 }], {
      bg: [13, 17, 23],
      ink: [230, 237, 243],
    });
    expect(texts(page)).toEqual([GITHUB]);
  });

  it('reads a low-contrast code (#777 on #999)', () => {
    const tile = renderQr(GITHUB, { px: 4, dark: [0x77, 0x77, 0x77], light: [0x99, 0x99, 0x99] });
    const page = pageWith(1280, 800, [{ tile, x: 420, y: 260 }], { bg: [0x99, 0x99, 0x99] });
    expect(texts(page)).toEqual([GITHUB]);
  });

  it('reads a small code at 2 px per module', () => {
    const text = otpauth('Tiny', 'me', bytesFrom(4, 10));
    const page = pageWith(1280, 800, [{ tile: renderQr(text, { px: 2 }), x: 360, y: 240 }]);
    expect(texts(page)).toEqual([text]);
  });

  it('reads a dense otpauth code (64-byte secret, long label) at 3 px per module', () => {
    const page = pageWith(1280, 800, [{ tile: renderQr(DENSE, { px: 3 }), x: 380, y: 220 }]);
    expect(texts(page)).toEqual([DENSE]);
  });

  it('reads a 10-account otpauth-migration batch at 2 px per module', () => {
    const page = pageWith(1280, 800, [
      { tile: renderQr(BATCH, { px: 2, ec: 'L' }), x: 380, y: 200 },
    ]);
    expect(texts(page)).toEqual([BATCH]);
  });

  it('reads the batch drawn at a fractional 2.1 px per module (browser-scaled)', () => {
    const page = pageWith(1280, 800, [
      { tile: renderQr(BATCH, { px: 2.1, ec: 'L' }), x: 380, y: 200 },
    ]);
    expect(texts(page)).toEqual([BATCH]);
  });

  it('reads a version-23 batch (jsQR 1.4 misreads every version-23 code: cozmo/jsQR#251)', () => {
    const tile = renderQr(BATCH, { px: 2.5, ec: 'L', version: 23 });
    const page = pageWith(1280, 800, [{ tile, x: 380, y: 200 }]);
    expect(texts(page)).toEqual([BATCH]);
  });

  it.each([2, 3])('reads a %i× HiDPI capture, with and without the pixel-ratio hint', (dpr) => {
    const page = pageWith(1280, 800, [
      { tile: renderQr(WIFI, { px: 3 }), x: 80, y: 90 },
      { tile: renderQr(DENSE, { px: 3 }), x: 420, y: 260 },
    ]);
    const hidpi = scaleUp(page, dpr);
    expect(texts(hidpi, dpr)).toEqual([WIFI, DENSE]);
    expect(texts(hidpi)).toEqual([WIFI, DENSE]);
  });

  it('reads a 2 CSS px per module code on a 3× capture', () => {
    const text = otpauth('Tiny', 'me', bytesFrom(5, 10));
    const page = pageWith(1280, 800, [{ tile: renderQr(text, { px: 2 }), x: 600, y: 500 }]);
    expect(texts(scaleUp(page, 3), 3)).toEqual([text]);
  });

  it('reads a code with a one-module quiet zone next to text', () => {
    const page = pageWith(1280, 800, [
      { tile: renderQr(GITHUB, { px: 4, margin: 1 }), x: 400, y: 260 },
    ]);
    expect(texts(page)).toEqual([GITHUB]);
  });

  it('reads a code turned by 90° and one tilted by 12°', () => {
    const bg = [246, 248, 250] as const;
    const page = pageWith(1280, 800, [
      { tile: rotate(renderQr(GITHUB, { px: 4 }), 90, bg), x: 100, y: 200 },
      { tile: rotate(renderQr(ACME, { px: 5 }), 12, bg), x: 700, y: 200 },
    ]);
    expect(texts(page).sort()).toEqual([ACME, GITHUB].sort());
  });

  it('returns nothing for a page without codes, and explains nothing', () => {
    const page = makePage(1280, 800, { seed: 9 });
    expect(findQrCodes(page)).toEqual([]);
    expect(pickAuthenticatorCodes([])).toEqual({
      codes: [],
      ignoredOther: 0,
      onlyOther: false,
      others: [],
    });
  });

  it('stays bounded on a page full of finder look-alikes', () => {
    // 7×7 finder patterns tiled in L-shaped triples that are not codes: every triple groups,
    // every grid read and crop decode fails, so only the attempt bounds end the scan.
    const page = blankImage(1280, 800, [255, 255, 255]);
    const finder = renderQr('x', { px: 3, margin: 0 });
    const eye = 7 * 3;
    for (let y = 10; y + 80 < 800; y += 75) {
      for (let x = 10; x + 80 < 1280; x += 75) {
        for (const [dx, dy] of [
          [0, 0],
          [45, 0],
          [0, 45],
        ] as const) {
          for (let r = 0; r < eye; r++) {
            const from = r * finder.width * 4;
            page.data.set(
              finder.data.subarray(from, from + eye * 4),
              ((y + dy + r) * 1280 + x + dx) * 4,
            );
          }
        }
      }
    }
    // The bound is structural (MAX_FINDERS / MAX_CANDIDATES_TRIED in findQrCodes.ts); its cost
    // is measured by `npm run bench`, never asserted here: a test must not depend on speed.
    expect(findQrCodes(page, { wholeImageFallback: true })).toEqual([]);
  });

  it('stays bounded on photo-like noise (thousands of 1:1:3:1:1 cross-sections)', () => {
    const noise = blankImage(1280, 800, [0, 0, 0]);
    const rnd = prng(3);
    for (let i = 0; i < noise.data.length; i += 4) {
      noise.data[i] = noise.data[i + 1] = noise.data[i + 2] = rnd() * 256;
    }
    expect(findQrCodes(noise)).toEqual([]);
  });

  it('rejects a buffer that does not match its dimensions', () => {
    const bad = { data: new Uint8ClampedArray(10), width: 4, height: 4 };
    expect(() => findQrCodes(bad)).toThrow(expect.objectContaining({ code: 'E_BAD_REQUEST' }));
    const huge = { data: new Uint8ClampedArray(4), width: 100_000, height: 100_000 };
    expect(() => findQrCodes(huge)).toThrow(expect.objectContaining({ code: 'E_BAD_REQUEST' }));
  });

  it('never throws anything but a typed error on arbitrary small buffers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 48 }),
        fc.integer({ min: 1, max: 48 }),
        fc.uint8Array({ minLength: 0, maxLength: 48 * 48 * 4 }),
        fc.boolean(),
        (width, height, bytes, exact) => {
          const data = new Uint8ClampedArray(exact ? width * height * 4 : bytes.length);
          data.set(bytes.subarray(0, data.length));
          try {
            expect(Array.isArray(findQrCodes({ data, width, height }))).toBe(true);
          } catch (e) {
            expect(isTesseraError(e)).toBe(true);
          }
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it('finds a code wherever it lands and whatever its module size (property)', () => {
    const text = otpauth('Prop', 'user', bytesFrom(6, 20));
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 1000 }),
        (px, x, y, seed) => {
          const tile = renderQr(text, { px });
          const page = pageWith(
            640,
            480,
            [{ tile, x: Math.min(x, 640 - tile.width), y: Math.min(y, 480 - tile.height) }],
            { seed },
          );
          expect(texts(page)).toEqual([text]);
        },
      ),
      { seed: 42, numRuns: 40 },
    );
  });
});
