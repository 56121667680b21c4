/** An RGBA pixel buffer, as `ImageData` or a decoded PNG gives it (4 bytes per pixel, row-major). */
export interface RgbaImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** An axis-aligned rectangle in image pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DecodedQr {
  text: string;
  /** The raw payload bytes (byte-mode segments), when the decoder reports them. */
  bytes?: Uint8Array;
  /** Where the code sits, in pixels of the image that was scanned. */
  location: Rect;
}

export interface FindQrOptions {
  /**
   * Device pixels per CSS pixel of the capture. Sets how much the finder search may downsample
   * (a 2 CSS px module is 4 device px at 2×, so the search can look at every other pixel); an
   * empty result is checked again at full resolution. Default: full resolution from the start.
   */
  pixelRatio?: number;
  /** Stop after this many distinct codes. Default 16. */
  maxCodes?: number;
  /**
   * Upper bound on jsQR crop decodes (the slow path, after the grid reader), so a page full of
   * finder look-alikes cannot hang the scan. Default 8.
   */
  maxAttempts?: number;
  /**
   * When the finder-pattern search decodes nothing, run plain jsQR once over the capture
   * (box-averaged down to about 1 MP, so its cost is bounded whatever the capture's size) as a
   * last resort. Default: when the image is small (up to 0.4 MP: a user-selected area) or the
   * search saw finder squares it could not read; not on a page that shows no code at all,
   * where "no code here" should stay fast.
   */
  wholeImageFallback?: boolean;
}
