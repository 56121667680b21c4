import fc from 'fast-check';
import QRCode from 'qrcode';
import toSJIS from 'qrcode/helper/to-sjis';
import { describe, expect, it } from 'vitest';
import { decodeMatrix } from '../../../lib/core/scan/decodeMatrix';
import {
  alignmentCentres,
  blockCount,
  eccPerBlock,
  functionMask,
  rawDataModules,
  sizeOf,
} from '../../../lib/core/scan/qrSpec';
import { migrationBatch } from './fixtures';

const LEVELS = ['L', 'M', 'Q', 'H'] as const;

function matrixOf(
  input: string | QRCode.QRCodeSegment[],
  opts: QRCode.QRCodeOptions,
): { modules: Uint8Array; size: number } {
  const qr = QRCode.create(input, opts);
  return { modules: Uint8Array.from(qr.modules.data), size: qr.modules.size };
}

/**
 * Varied byte-mode text that fills the symbol to within a few codewords, so every block holds
 * real data: a mistake in block de-interleaving cannot hide behind identical padding.
 */
function fillerFor(version: number, level: (typeof LEVELS)[number]): string {
  const l = LEVELS.indexOf(level) as 0 | 1 | 2 | 3;
  const dataCodewords =
    Math.floor(rawDataModules(version) / 8) - eccPerBlock(l, version) * blockCount(l, version);
  const length = dataCodewords - 3; // mode (4 bits) + count (8 or 16 bits) + terminator
  let a = version * 31 + l;
  return Array.from({ length }, () => {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    return String.fromCharCode(0x21 + ((a >>> 16) % 94));
  }).join('');
}

describe('qrSpec', () => {
  it('places alignment patterns where Annex E says (version 23 included)', () => {
    expect(alignmentCentres(1)).toEqual([]);
    expect(alignmentCentres(2)).toEqual([6, 18]);
    expect(alignmentCentres(7)).toEqual([6, 22, 38]);
    expect(alignmentCentres(23)).toEqual([6, 30, 54, 78, 102]);
    expect(alignmentCentres(32)).toEqual([6, 34, 60, 86, 112, 138]);
    expect(alignmentCentres(40)).toEqual([6, 30, 58, 86, 114, 142, 170]);
  });

  it('reserves exactly the modules the encoder treats as function patterns', () => {
    for (let version = 1; version <= 40; version++) {
      const qr = QRCode.create('x', { version, errorCorrectionLevel: 'L', maskPattern: 0 });
      const size = sizeOf(version);
      const mask = functionMask(version);
      const mismatches: string[] = [];
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          if (mask[y * size + x] !== (qr.modules.isReserved(y, x) ? 1 : 0))
            mismatches.push(`${x},${y}`);
        }
      }
      expect(mismatches, `version ${version}`).toEqual([]);
    }
  });
});

describe('decodeMatrix', () => {
  it('reads every version at every error-correction level', () => {
    for (let version = 1; version <= 40; version++) {
      for (const level of LEVELS) {
        const text = fillerFor(version, level);
        // A fixed mask spares the encoder its eight-way mask search (seconds at version 40).
        const m = matrixOf(text, {
          version,
          errorCorrectionLevel: level,
          maskPattern: (version % 8) as QRCode.QRCodeMaskPattern,
        });
        expect(decodeMatrix(m.modules, m.size)?.text, `v${version}-${level}`).toBe(text);
      }
    }
  });

  it('reads all eight masks', () => {
    for (let maskPattern = 0; maskPattern < 8; maskPattern++) {
      const m = matrixOf('otpauth://totp/a?secret=JBSWY3DPEHPK3PXP', {
        maskPattern: maskPattern as QRCode.QRCodeMaskPattern,
      });
      expect(decodeMatrix(m.modules, m.size)?.text).toBe(
        'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP',
      );
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
    const decoded = decodeMatrix(m.modules, m.size);
    expect(decoded?.text).toBe('0123456789012OTPAUTH $%*+-./:ünïcödé ✓ секрет漢字テスト');
  });

  it('returns the raw bytes of byte segments', () => {
    const m = matrixOf([{ data: Uint8Array.from([0, 1, 2, 0xff, 0x80]), mode: 'byte' }], {});
    expect(decodeMatrix(m.modules, m.size)?.bytes).toEqual(Uint8Array.from([0, 1, 2, 0xff, 0x80]));
  });

  it('reads a 10-account migration batch at every level, and drawn at version 23', () => {
    const batch = migrationBatch(10);
    for (const level of LEVELS) {
      const m = matrixOf(batch, { errorCorrectionLevel: level });
      expect(decodeMatrix(m.modules, m.size)?.text).toBe(batch);
    }
    const v23 = matrixOf(batch, { version: 23, errorCorrectionLevel: 'L' });
    expect(decodeMatrix(v23.modules, v23.size)?.text).toBe(batch);
  });

  it('corrects damage within the error-correction budget (property)', () => {
    const text = 'otpauth://totp/ACME:jane?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME';
    const clean = matrixOf(text, { errorCorrectionLevel: 'H' });
    const reserved = functionMask((clean.size - 17) / 4);
    const dataModules = [...clean.modules.keys()].filter((i) => reserved[i] === 0);
    fc.assert(
      fc.property(
        // Level H repairs ~30 % of codewords; 12 flipped modules hit at most 12 codewords.
        fc.uniqueArray(fc.integer({ min: 0, max: dataModules.length - 1 }), {
          minLength: 1,
          maxLength: 12,
        }),
        (picks) => {
          const damaged = clean.modules.slice();
          for (const p of picks) {
            const i = dataModules[p]!;
            damaged[i] = damaged[i]! ^ 1;
          }
          expect(decodeMatrix(damaged, clean.size)?.text).toBe(text);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it('refuses, rather than invents, when damage exceeds the budget', () => {
    const text = 'otpauth://totp/ACME:jane?secret=JBSWY3DPEHPK3PXP';
    const clean = matrixOf(text, { errorCorrectionLevel: 'L' });
    const reserved = functionMask((clean.size - 17) / 4);
    const damaged = clean.modules.slice();
    let flipped = 0;
    for (let i = 0; i < damaged.length && flipped < 200; i += 3) {
      if (reserved[i] === 0) {
        damaged[i] = damaged[i]! ^ 1;
        flipped++;
      }
    }
    expect(decodeMatrix(damaged, clean.size)).toBeNull();
  });

  it('never throws on arbitrary matrices', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer(), (version, seed) => {
        const size = sizeOf(version);
        let a = seed >>> 0;
        const modules = Uint8Array.from({ length: size * size }, () => {
          a = (Math.imul(a, 1103515245) + 12345) >>> 0;
          return a >>> 31;
        });
        const out = decodeMatrix(modules, size);
        expect(out === null || typeof out.text === 'string').toBe(true);
      }),
      { seed: 42, numRuns: 500 },
    );
    expect(decodeMatrix(new Uint8Array(20 * 20), 20)).toBeNull();
    expect(decodeMatrix(new Uint8Array(10), 21)).toBeNull();
  });
});
