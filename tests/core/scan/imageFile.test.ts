import { describe, expect, it } from 'vitest';
import {
  bytesToBase64,
  firstImage,
  imageFileProblem,
  MAX_SCAN_IMAGE_BYTES,
} from '../../../components/scan/imageFile';
import { parseAreaPick } from '../../../lib/core/scan/areaPick';

describe('image files for the scan dialog', () => {
  it('takes PNG, JPEG and WebP (by type, or by name when the type is unknown)', () => {
    expect(imageFileProblem({ name: 'qr.png', type: 'image/png', size: 10 })).toBeNull();
    expect(imageFileProblem({ name: 'photo', type: 'image/jpeg', size: 10 })).toBeNull();
    expect(imageFileProblem({ name: 'shot.webp', type: '', size: 10 })).toBeNull();
    expect(imageFileProblem({ name: 'qr.svg', type: 'image/svg+xml', size: 10 })).toContain(
      'PNG, JPEG or WebP',
    );
    expect(imageFileProblem({ name: 'notes.txt', type: 'text/plain', size: 10 })).not.toBeNull();
    expect(
      imageFileProblem({ name: 'big.png', type: 'image/png', size: MAX_SCAN_IMAGE_BYTES + 1 }),
    ).toContain('too large');
    expect(imageFileProblem({ name: 'empty.png', type: 'image/png', size: 0 })).toContain('empty');
  });

  it('picks the image among pasted items', () => {
    const text = { name: 'a.txt', type: 'text/plain' } as File;
    const png = { name: 'image.png', type: 'image/png' } as File;
    expect(firstImage([text, png])).toBe(png);
    expect(firstImage([])).toBeNull();
    expect(firstImage(null)).toBeNull();
  });

  it('encodes bytes as base64 in chunks (larger than one chunk)', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 31) % 256);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});

describe('parseAreaPick (the overlay answer)', () => {
  it('accepts a rectangle with its viewport', () => {
    const pick = {
      x: 10,
      y: 20,
      width: 200,
      height: 150,
      viewportWidth: 1280,
      viewportHeight: 720,
    };
    expect(parseAreaPick(pick)).toEqual(pick);
  });

  it('treats anything else as no selection', () => {
    for (const v of [
      null,
      undefined,
      'rect',
      { x: 1, y: 1, width: 0, height: 5, viewportWidth: 10, viewportHeight: 10 },
      { x: -1, y: 1, width: 5, height: 5, viewportWidth: 10, viewportHeight: 10 },
      { x: 1, y: 1, width: Infinity, height: 5, viewportWidth: 10, viewportHeight: 10 },
      { x: '1', y: 1, width: 5, height: 5, viewportWidth: 10, viewportHeight: 10 },
      { x: 1, y: 1, width: 5, height: 5 },
    ]) {
      expect(parseAreaPick(v)).toBeNull();
    }
  });
});
