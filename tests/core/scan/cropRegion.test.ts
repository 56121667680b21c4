import { describe, expect, it } from 'vitest';
import { cropRegion, findQrCodes } from '../../../lib/core/scan';
import { blankImage, bytesFrom, otpauth, pageWith, renderQr, scaleUp } from './fixtures';

describe('cropRegion', () => {
  it('copies exactly the selected pixels', () => {
    const img = blankImage(5, 4, [0, 0, 0]);
    for (let i = 0; i < img.data.length; i += 4) img.data[i] = i / 4; // red = pixel index
    const crop = cropRegion(img, { x: 1, y: 2, width: 3, height: 2 });
    expect(crop.width).toBe(3);
    expect(crop.height).toBe(2);
    expect(Array.from({ length: 6 }, (_, k) => crop.data[k * 4])).toEqual([11, 12, 13, 16, 17, 18]);
  });

  it('clips a selection that runs past the capture, and rounds outwards', () => {
    const img = blankImage(10, 10, [9, 9, 9]);
    const crop = cropRegion(img, { x: 7.5, y: -3, width: 20, height: 4.2 });
    expect([crop.width, crop.height]).toEqual([3, 2]);
  });

  it.each([
    { x: 20, y: 0, width: 5, height: 5 },
    { x: 0, y: 0, width: 0, height: 5 },
    { x: 0, y: 0, width: -4, height: 5 },
    { x: Number.NaN, y: 0, width: 5, height: 5 },
    { x: 0, y: 0, width: Number.POSITIVE_INFINITY, height: 5 },
  ])('rejects an empty or invalid selection %j', (rect) => {
    expect(() => cropRegion(blankImage(10, 10, [0, 0, 0]), rect)).toThrow(
      expect.objectContaining({ code: 'E_BAD_REQUEST' }),
    );
  });

  it('decodes the one code the user framed at full resolution, even among others', () => {
    const wanted = otpauth('Framed', 'me', bytesFrom(8, 10));
    const page = scaleUp(
      pageWith(1280, 800, [
        { tile: renderQr('WIFI:S:x;T:WPA;P:y;;', { px: 3 }), x: 100, y: 100 },
        { tile: renderQr(wanted, { px: 2 }), x: 600, y: 400 },
      ]),
      2,
    );
    const area = cropRegion(page, { x: 1180, y: 780, width: 260, height: 260 });
    expect(findQrCodes(area, { pixelRatio: 1 }).map((c) => c.text)).toEqual([wanted]);
  });
});
