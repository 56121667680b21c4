import ErrorCorrectionLevel from '@zxing/library/esm/core/qrcode/decoder/ErrorCorrectionLevel';
import Version from '@zxing/library/esm/core/qrcode/decoder/Version';
import fc from 'fast-check';
import jsQR from 'jsqr';
import QRCode from 'qrcode';
import toSJIS from 'qrcode/helper/to-sjis';
import { describe, expect, it } from 'vitest';
import { findQrCodes, type RgbaImage } from '../../../lib/core/scan';
import { decodeModules } from '../../../lib/core/scan/decodeModules';
import { decodeByGrid } from '../../../lib/core/scan/gridDecode';
import { migrationBatch, renderQr } from './fixtures';

const LEVELS = ['L', 'M', 'Q', 'H'] as const;

function matrixOf(
  input: string | QRCode.QRCodeSegment[],
  opts: QRCode.QRCodeOptions,
): { modules: Uint8Array; size: number; reserved: (i: number) => boolean } {
  const qr = QRCode.create(input, opts);
  const size = qr.modules.size;
  return {
    modules: Uint8Array.from(qr.modules.data),
    size,
    reserved: (i) => qr.modules.isReserved(Math.floor(i / size), i % size) !== 0,
  };
}

/** The matrix drawn at 4 px per module with a 4-module quiet zone, as jsQR takes an image. */
function drawn(modules: Uint8Array, size: number): [Uint8ClampedArray, number, number] {
  const side = (size + 8) * 4;
  const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const r = Math.floor(y / 4) - 4;
      const c = Math.floor(x / 4) - 4;
      if (r < 0 || c < 0 || r >= size || c >= size || modules[r * size + c] !== 1) continue;
      rgba.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
    }
  }
  return [rgba, side, side];
}

/**
 * Varied text that fills the symbol to within a few codewords, so every block holds real data:
 * a grid sampled a module off cannot hide behind identical padding.
 */
function fillerFor(version: number, level: (typeof LEVELS)[number]): string {
  const v = Version.getVersionForNumber(version);
  const dataCodewords =
    v.getTotalCodewords() -
    v.getECBlocksForLevel(ErrorCorrectionLevel.fromString(level)).getTotalECCodewords();
  const length = dataCodewords - 3; // mode (4 bits) + count (8 or 16 bits) + terminator
  let a = version * 31 + LEVELS.indexOf(level);
  return Array.from({ length }, () => {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    return String.fromCharCode(0x21 + ((a >>> 16) % 94));
  }).join('');
}

describe('every version at every error-correction level, from pixels', () => {
  const PX = 2;
  const MARGIN = 4;
  const cases = Array.from({ length: 40 }, (_, i) => i + 1).flatMap((version) =>
    LEVELS.map((level) => ({ version, level })),
  );
  const rendered = new Map<string, { text: string; tile: RgbaImage }>();
  // Both tests read the same 160 tiles; rendering them is most of the cost, so do it once.
  const render = (version: number, level: (typeof LEVELS)[number]) => {
    const key = `${version}${level}`;
    let r = rendered.get(key);
    if (!r) {
      const text = fillerFor(version, level);
      // A fixed mask spares the encoder its eight-way mask search (seconds at version 40).
      const mask = (version % 8) as QRCode.QRCodeMaskPattern;
      r = { text, tile: renderQr(text, { px: PX, margin: MARGIN, ec: level, version, mask }) };
      rendered.set(key, r);
    }
    return r;
  };

  it('reads all 160 through our grid sampler and ZXing (version 23 included)', () => {
    const misses: string[] = [];
    for (const { version, level } of cases) {
      const { text, tile } = render(version, level);
      const dim = version * 4 + 17;
      const centre = (modules: number) => (MARGIN + modules) * PX;
      const decoded = decodeByGrid(tile, {
        topLeft: { x: centre(3.5), y: centre(3.5) },
        topRight: { x: centre(dim - 3.5), y: centre(3.5) },
        bottomLeft: { x: centre(3.5), y: centre(dim - 3.5) },
        module: PX,
        dark: true,
      });
      if (decoded?.text !== text) misses.push(`v${version}-${level}`);
    }
    expect(misses).toEqual([]);
  }, 60_000);

  it('finds and reads all 160 with findQrCodes', () => {
    const misses: string[] = [];
    for (const { version, level } of cases) {
      const { text, tile } = render(version, level);
      const found = findQrCodes(tile).map((c) => c.text);
      if (found.length !== 1 || found[0] !== text) misses.push(`v${version}-${level}`);
    }
    expect(misses).toEqual([]);
  }, 60_000);
});

describe('decodeModules (our sampled grid handed to ZXing)', () => {
  const URI = 'otpauth://totp/ACME:jane?secret=JBSWY3DPEHPK3PXP&issuer=ACME';

  it('reads all eight masks', () => {
    for (let maskPattern = 0; maskPattern < 8; maskPattern++) {
      const m = matrixOf(URI, { maskPattern: maskPattern as QRCode.QRCodeMaskPattern });
      expect(decodeModules(m.modules, m.size)?.text).toBe(URI);
    }
  });

  it('reads numeric, alphanumeric, byte (UTF-8) and kanji segments, mixed', () => {
    const segments: QRCode.QRCodeSegment[] = [
      { data: '0123456789012', mode: 'numeric' },
      { data: 'OTPAUTH $%*+-./:', mode: 'alphanumeric' },
      { data: new TextEncoder().encode('ünïcödé ✓ секрет'), mode: 'byte' },
      { data: '漢字テスト', mode: 'kanji' },
    ];
    const m = matrixOf(segments, { toSJISFunc: toSJIS });
    expect(decodeModules(m.modules, m.size)?.text).toBe(
      '0123456789012OTPAUTH $%*+-./:ünïcödé ✓ секрет漢字テスト',
    );
  });

  it('reports the payload bytes as jsQR does: every segment, digits and letters as ASCII', () => {
    const mixed: QRCode.QRCodeSegment[] = [
      { data: new TextEncoder().encode('otpauth://totp/'), mode: 'byte' },
      { data: 'JBSWY3DPEHPK3PXP', mode: 'alphanumeric' },
      { data: new TextEncoder().encode('?issuer=Zürich'), mode: 'byte' },
      { data: '123456', mode: 'numeric' },
    ];
    const m = matrixOf(mixed, {});
    const decoded = decodeModules(m.modules, m.size);
    expect(decoded?.text).toBe('otpauth://totp/JBSWY3DPEHPK3PXP?issuer=Zürich123456');
    expect(decoded?.bytes).toEqual(new TextEncoder().encode(decoded!.text));
    // The crop path reports jsQR's binaryData; both paths must mean the same thing by bytes.
    const found = jsQR(...drawn(m.modules, m.size), { inversionAttempts: 'dontInvert' });
    expect(decoded?.bytes).toEqual(Uint8Array.from(found!.binaryData));
  });

  it('returns the raw bytes of a binary byte segment', () => {
    const raw = Uint8Array.from([0, 1, 2, 0xff, 0x80]);
    const m = matrixOf([{ data: raw, mode: 'byte' }], {});
    expect(decodeModules(m.modules, m.size)?.bytes).toEqual(raw);
  });

  it('reads a mirrored (transposed) grid', () => {
    const m = matrixOf(URI, {});
    const t = new Uint8Array(m.modules.length);
    for (let y = 0; y < m.size; y++) {
      for (let x = 0; x < m.size; x++) t[x * m.size + y] = m.modules[y * m.size + x]!;
    }
    expect(decodeModules(t, m.size)?.text).toBe(URI);
  });

  it('reads a 10-account migration batch drawn at version 23 (jsQR 1.4 cannot)', () => {
    const batch = migrationBatch(10);
    const m = matrixOf(batch, { version: 23, errorCorrectionLevel: 'L' });
    expect(decodeModules(m.modules, m.size)?.text).toBe(batch);
  });

  it('corrects damage within the error-correction budget (property)', () => {
    const clean = matrixOf(`${URI}&algorithm=SHA1&digits=6&period=30`, {
      errorCorrectionLevel: 'H',
    });
    const data = [...clean.modules.keys()].filter((i) => !clean.reserved(i));
    fc.assert(
      fc.property(
        // Level H repairs ~30 % of codewords; 12 flipped modules hit at most 12 codewords.
        fc.uniqueArray(fc.integer({ min: 0, max: data.length - 1 }), {
          minLength: 1,
          maxLength: 12,
        }),
        (picks) => {
          const damaged = clean.modules.slice();
          for (const p of picks) damaged[data[p]!] = damaged[data[p]!]! ^ 1;
          expect(decodeModules(damaged, clean.size)?.text).toBe(
            `${URI}&algorithm=SHA1&digits=6&period=30`,
          );
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it('refuses, rather than invents, when damage exceeds the budget', () => {
    const clean = matrixOf(URI, { errorCorrectionLevel: 'L' });
    const damaged = clean.modules.slice();
    let flipped = 0;
    for (let i = 0; i < damaged.length && flipped < 200; i += 3) {
      if (!clean.reserved(i)) {
        damaged[i] = damaged[i]! ^ 1;
        flipped++;
      }
    }
    expect(decodeModules(damaged, clean.size)).toBeNull();
  });

  it('never throws on arbitrary grids, and rejects impossible sizes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer(), (version, seed) => {
        const size = version * 4 + 17;
        let a = seed >>> 0;
        const modules = Uint8Array.from({ length: size * size }, () => {
          a = (Math.imul(a, 1103515245) + 12345) >>> 0;
          return a >>> 31;
        });
        const out = decodeModules(modules, size);
        expect(out === null || typeof out.text === 'string').toBe(true);
      }),
      { seed: 42, numRuns: 500 },
    );
    expect(decodeModules(new Uint8Array(20 * 20), 20)).toBeNull();
    expect(decodeModules(new Uint8Array(10), 21)).toBeNull();
    expect(decodeModules(new Uint8Array(181 * 181), 181)).toBeNull();
  });
});
