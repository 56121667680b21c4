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
   * (a 2 CSS px module is 4 device px at 2×, so the search can look at every other pixel).
   * Default: guessed from the image size.
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
   * When the finder-pattern search decodes nothing, run plain jsQR once over the (work
   * resolution) image as a last resort. That costs as much as the baseline scan, so it
   * defaults to on only for small images (up to 0.4 MP: a user-selected area), where it is a
   * few milliseconds, and off for whole captures, where "no code here" should stay fast.
   */
  wholeImageFallback?: boolean;
}
