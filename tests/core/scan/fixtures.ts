// Synthetic captures for the scan tests: QR codes rendered from `qrcode`'s module matrix onto
// page-like RGBA buffers with text-like clutter, so the tests exercise the pipeline on the same
// kind of pixels a tab capture holds, without a browser.
import QRCode from 'qrcode';
import type { RgbaImage } from '../../../lib/core/scan';

export type Rgb = readonly [number, number, number];

export interface QrStyle {
  /** Pixels per module (may be fractional: the code is then resampled with smoothing). */
  px?: number;
  /** Quiet zone in modules. */
  margin?: number;
  dark?: Rgb;
  light?: Rgb;
  ec?: 'L' | 'M' | 'Q' | 'H';
  /** Force a symbol version instead of the smallest that fits. */
  version?: number;
  /** Force a mask pattern (spares the encoder its eight-way search, seconds at version 40). */
  mask?: QRCode.QRCodeMaskPattern;
}

export function blankImage(width: number, height: number, bg: Rgb): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = bg[0];
    data[i + 1] = bg[1];
    data[i + 2] = bg[2];
    data[i + 3] = 255;
  }
  return { data, width, height };
}

/**
 * The code as a tile; fractional module sizes are area-sampled (each pixel takes the share of
 * its square that dark modules cover), like a browser scaling an <img> with smoothing.
 */
export function renderQr(text: string, style: QrStyle = {}): RgbaImage {
  const qr = QRCode.create(text, {
    errorCorrectionLevel: style.ec ?? 'M',
    ...(style.version === undefined ? {} : { version: style.version }),
    ...(style.mask === undefined ? {} : { maskPattern: style.mask }),
  });
  const n = qr.modules.size;
  const margin = style.margin ?? 4;
  const px = style.px ?? 4;
  if (!(px >= 1)) throw new Error('renderQr draws modules of at least 1 px');
  const dark = style.dark ?? [0, 0, 0];
  const light = style.light ?? [255, 255, 255];
  const total = n + 2 * margin;
  const side = Math.round(total * px);
  const img = blankImage(side, side, light);
  const isDark = (r: number, c: number): number =>
    r >= margin && c >= margin && r < margin + n && c < margin + n
      ? qr.modules.get(r - margin, c - margin)
      : 0;
  // Pixel [x, x+1) overlaps at most two modules (px ≥ 1): the first takes `w`, the next 1 − w.
  const first = new Int32Array(side);
  const weight = new Float64Array(side);
  for (let x = 0; x < side; x++) {
    const m = Math.floor(x / px);
    first[x] = m;
    weight[x] = Math.min(1, (m + 1) * px - x);
  }
  for (let y = 0; y < side; y++) {
    const r = first[y]!;
    const wy = weight[y]!;
    for (let x = 0; x < side; x++) {
      const c = first[x]!;
      const wx = weight[x]!;
      const a =
        wy * (wx * isDark(r, c) + (1 - wx) * isDark(r, c + 1)) +
        (1 - wy) * (wx * isDark(r + 1, c) + (1 - wx) * isDark(r + 1, c + 1));
      const i = (y * side + x) * 4;
      img.data[i] = light[0] + (dark[0] - light[0]) * a;
      img.data[i + 1] = light[1] + (dark[1] - light[1]) * a;
      img.data[i + 2] = light[2] + (dark[2] - light[2]) * a;
    }
  }
  return img;
}

export function place(page: RgbaImage, tile: RgbaImage, x: number, y: number): void {
  for (let ty = 0; ty < tile.height; ty++) {
    const from = ty * tile.width * 4;
    page.data.set(tile.data.subarray(from, from + tile.width * 4), ((y + ty) * page.width + x) * 4);
  }
}

function fillRect(page: RgbaImage, x: number, y: number, w: number, h: number, c: Rgb): void {
  for (let yy = Math.max(0, y); yy < Math.min(page.height, y + h); yy++) {
    for (let xx = Math.max(0, x); xx < Math.min(page.width, x + w); xx++) {
      const i = (yy * page.width + xx) * 4;
      page.data[i] = c[0];
      page.data[i + 1] = c[1];
      page.data[i + 2] = c[2];
    }
  }
}

/** Deterministic PRNG so every run draws the same clutter. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A page: header bar, lines of "text" (glyph-sized strokes and gaps, the usual source of
 * finder look-alikes), a few input boxes and a sprinkle of pixel noise.
 */
export function makePage(
  width: number,
  height: number,
  opts: {
    bg?: Rgb;
    ink?: Rgb;
    seed?: number;
    avoid?: { x: number; y: number; w: number; h: number }[];
  } = {},
): RgbaImage {
  const bg = opts.bg ?? [246, 248, 250];
  const ink = opts.ink ?? [31, 35, 40];
  const rnd = prng(opts.seed ?? 1);
  const page = blankImage(width, height, bg);
  fillRect(page, 0, 0, width, 40, [36, 41, 47]);
  const avoid = opts.avoid ?? [];
  const blocked = (x: number, y: number, w: number, h: number): boolean =>
    avoid.some(
      (a) => x < a.x + a.w + 12 && x + w + 12 > a.x && y < a.y + a.h + 12 && y + h + 12 > a.y,
    );
  for (let y = 60; y + 12 < height; y += 20) {
    let x = 20 + Math.floor(rnd() * 20);
    const lineEnd = width - 20 - Math.floor(rnd() * 200);
    while (x < lineEnd) {
      const word = 3 + Math.floor(rnd() * 8);
      for (let g = 0; g < word && x < lineEnd; g++) {
        const w = 1 + Math.floor(rnd() * 3);
        const h = 6 + Math.floor(rnd() * 6);
        if (!blocked(x, y, w + 2, 12)) fillRect(page, x, y + 12 - h, w, h, ink);
        if (rnd() < 0.3 && !blocked(x, y, w + 4, 12)) fillRect(page, x, y + 4, w + 3, 1, ink);
        x += w + 1 + Math.floor(rnd() * 3);
      }
      x += 5;
    }
  }
  for (let k = 0; k < 4; k++) {
    const x = Math.floor(rnd() * (width - 240));
    const y = 50 + Math.floor(rnd() * (height - 100));
    if (blocked(x, y, 220, 30)) continue;
    fillRect(page, x, y, 220, 1, [200, 205, 210]);
    fillRect(page, x, y + 29, 220, 1, [200, 205, 210]);
    fillRect(page, x, y, 1, 30, [200, 205, 210]);
    fillRect(page, x + 219, y, 1, 30, [200, 205, 210]);
  }
  for (let k = 0; k < width * height * 0.002; k++) {
    const x = Math.floor(rnd() * width);
    const y = Math.floor(rnd() * height);
    if (!blocked(x, y, 1, 1)) fillRect(page, x, y, 1, 1, [128, 128, 128]);
  }
  return page;
}

/** A page with the given tiles placed on it (clutter kept clear of them, as layout would). */
export function pageWith(
  width: number,
  height: number,
  tiles: { tile: RgbaImage; x: number; y: number }[],
  opts: { bg?: Rgb; ink?: Rgb; seed?: number } = {},
): RgbaImage {
  const page = makePage(width, height, {
    ...opts,
    avoid: tiles.map((t) => ({ x: t.x, y: t.y, w: t.tile.width, h: t.tile.height })),
  });
  for (const t of tiles) place(page, t.tile, t.x, t.y);
  return page;
}

/**
 * Nearest-neighbour rescale by any factor: what a capture of the same layout looks like at
 * another device pixel ratio (text and boxes drawn crisp at the new size).
 */
export function scaleUp(img: RgbaImage, factor: number): RgbaImage {
  const width = Math.round(img.width * factor);
  const height = Math.round(img.height * factor);
  const data = new Uint8ClampedArray(width * height * 4);
  const src = new Uint32Array(img.data.buffer, img.data.byteOffset, img.width * img.height);
  const dst = new Uint32Array(data.buffer);
  const column = new Int32Array(width);
  for (let x = 0; x < width; x++) column[x] = Math.min(img.width - 1, Math.floor(x / factor));
  for (let y = 0; y < height; y++) {
    const sRow = Math.min(img.height - 1, Math.floor(y / factor)) * img.width;
    for (let x = 0; x < width; x++) dst[y * width + x] = src[sRow + column[x]!]!;
  }
  return { data, width, height };
}

/** Rotates a tile by `degrees` about its centre (bilinear), filling corners with `bg`. */
export function rotate(img: RgbaImage, degrees: number, bg: Rgb): RgbaImage {
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const side = Math.ceil(Math.abs(img.width * cos) + Math.abs(img.height * sin)) + 2;
  const out = blankImage(side, side, bg);
  const cx = img.width / 2;
  const cy = img.height / 2;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const dx = x + 0.5 - side / 2;
      const dy = y + 0.5 - side / 2;
      const sx = cos * dx + sin * dy + cx - 0.5;
      const sy = -sin * dx + cos * dy + cy - 0.5;
      if (sx < 0 || sy < 0 || sx > img.width - 1 || sy > img.height - 1) continue;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const x1 = Math.min(x0 + 1, img.width - 1);
      const y1 = Math.min(y0 + 1, img.height - 1);
      for (let ch = 0; ch < 3; ch++) {
        const p = (xx: number, yy: number) => img.data[(yy * img.width + xx) * 4 + ch]!;
        const v =
          (p(x0, y0) * (1 - fx) + p(x1, y0) * fx) * (1 - fy) +
          (p(x0, y1) * (1 - fx) + p(x1, y1) * fx) * fy;
        out.data[(y * side + x) * 4 + ch] = v;
      }
    }
  }
  return out;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

export function bytesFrom(seed: number, n: number): Uint8Array {
  const rnd = prng(seed);
  return Uint8Array.from({ length: n }, () => Math.floor(rnd() * 256));
}

export function otpauth(issuer: string, account: string, secret: Uint8Array, extra = ''): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  return `otpauth://totp/${label}?secret=${base32(secret)}&issuer=${encodeURIComponent(issuer)}${extra}`;
}

/** A Google Authenticator export batch (MigrationPayload protobuf, base64) for `count` accounts. */
export function migrationBatch(count: number, seed = 7): string {
  const enc = new TextEncoder();
  const varint = (n: number): number[] => {
    const out: number[] = [];
    let v = n >>> 0;
    while (v > 0x7f) {
      out.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.push(v);
    return out;
  };
  const len = (field: number, bytes: ArrayLike<number>): number[] => [
    ...varint((field << 3) | 2),
    ...varint(bytes.length),
    ...Array.from(bytes),
  ];
  const num = (field: number, value: number): number[] => [...varint(field << 3), ...varint(value)];
  const payload: number[] = [];
  for (let i = 0; i < count; i++) {
    const issuer = `Service ${i + 1}`;
    const params = [
      ...len(1, bytesFrom(seed + i, 20)),
      ...len(2, enc.encode(`${issuer}:user${i + 1}@example.com`)),
      ...len(3, enc.encode(issuer)),
      ...num(4, 1),
      ...num(5, 1),
      ...num(6, 2),
    ];
    payload.push(...len(1, params));
  }
  payload.push(...num(2, 1), ...num(3, 1), ...num(4, 0), ...num(5, 0x2468ace));
  const data = Buffer.from(payload).toString('base64');
  return `otpauth-migration://offline?data=${encodeURIComponent(data)}`;
}

export type Polarity = 'dark-on-light' | 'light-on-dark';

const LIGHT_PAGE = { bg: [246, 248, 250] as Rgb, ink: [31, 35, 40] as Rgb };
const DARK_PAGE = { bg: [13, 17, 23] as Rgb, ink: [230, 237, 243] as Rgb };

/**
 * A capture of a page showing one code at `cssModule` CSS px per module, taken at device pixel
 * ratio `dpr`: the page's clutter drawn at CSS size and scaled like a HiDPI screen renders it,
 * the code area-sampled at its device size (module edges land between pixels at fractional
 * ratios, as a browser draws them). The viewport grows to hold a code that fills the screen.
 */
export function scaledCapture(o: {
  text: string;
  cssModule: number;
  dpr: number;
  polarity: Polarity;
  version?: number;
  ec?: 'L' | 'M' | 'Q' | 'H';
  margin?: number;
  viewport?: { width: number; height: number };
  /** Where the code's tile sits, in CSS px. */
  at?: { x: number; y: number };
  seed?: number;
}): RgbaImage {
  const lightOnDark = o.polarity === 'light-on-dark';
  const colours = lightOnDark
    ? { dark: [230, 237, 243] as Rgb, light: [22, 27, 34] as Rgb }
    : { dark: [0, 0, 0] as Rgb, light: [255, 255, 255] as Rgb };
  const tile = renderQr(o.text, {
    px: o.cssModule * o.dpr,
    ...colours,
    ...(o.version === undefined ? {} : { version: o.version }),
    ...(o.ec === undefined ? {} : { ec: o.ec }),
    ...(o.margin === undefined ? {} : { margin: o.margin }),
  });
  const at = o.at ?? { x: 20, y: 20 };
  const cssTile = Math.ceil(tile.width / o.dpr);
  const viewport = o.viewport ?? { width: 640, height: 480 };
  const cssWidth = Math.max(viewport.width, at.x + cssTile + 20);
  const cssHeight = Math.max(viewport.height, at.y + cssTile + 20);
  const css = makePage(cssWidth, cssHeight, {
    ...(lightOnDark ? DARK_PAGE : LIGHT_PAGE),
    seed: o.seed ?? 1,
    avoid: [{ x: at.x, y: at.y, w: cssTile, h: cssTile }],
  });
  const page = o.dpr === 1 ? css : scaleUp(css, o.dpr);
  const x = Math.min(Math.round(at.x * o.dpr), page.width - tile.width);
  const y = Math.min(Math.round(at.y * o.dpr), page.height - tile.height);
  place(page, tile, x, y);
  return page;
}

/**
 * A clean phone screenshot (1018×2188, as a 2.5× phone saves it) of an authenticator's export
 * screen: status bar, title, explanation lines, the batch code drawn about 780 px wide with
 * smoothing (about 13 px per module for a few accounts), page dots and a button.
 */
export function phoneExportScreenshot(text: string): RgbaImage {
  const width = 1018;
  const height = 2188;
  const page = blankImage(width, height, [255, 255, 255]);
  const ink: Rgb = [31, 31, 31];
  const rnd = prng(11);
  // Status bar: clock digits and icons.
  for (let k = 0; k < 5; k++) fillRect(page, 60 + k * 26, 40, 18, 30, ink);
  for (let k = 0; k < 4; k++) fillRect(page, 820 + k * 40, 42, 28, 26, ink);
  // Back arrow, title and three lines of explanation, drawn as glyph-sized strokes.
  fillRect(page, 50, 170, 50, 8, ink);
  const line = (y: number, size: number, from: number, to: number): void => {
    let x = from;
    while (x < to) {
      const w = Math.round(size * (0.3 + rnd() * 0.5));
      fillRect(page, x, y + Math.round(size * rnd() * 0.3), w, size, ink);
      x += w + Math.round(size * 0.25) + (rnd() < 0.2 ? size : 0);
    }
  };
  line(260, 52, 60, 700);
  for (let k = 0; k < 3; k++) line(380 + k * 60, 30, 60, 940 - k * 120);
  const qr = QRCode.create(text, { errorCorrectionLevel: 'L' });
  const tile = renderQr(text, { ec: 'L', px: 780 / (qr.modules.size + 8) });
  place(page, tile, Math.round((width - tile.width) / 2), 640);
  for (let k = 0; k < 3; k++) fillRect(page, 470 + k * 30, 1520, 14, 14, [120, 120, 120]);
  fillRect(page, 640, 1960, 320, 110, [11, 87, 208]);
  line(1995, 36, 700, 900);
  return page;
}
