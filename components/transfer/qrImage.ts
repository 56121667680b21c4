import QRCode from 'qrcode';

/** The carousel's box, in CSS pixels; the bitmap is at least this wide and scaled into it. */
export const QR_DISPLAY_PX = 320;
const MARGIN = 4;

/**
 * A QR code as a PNG data URL, drawn locally by the `qrcode` package (no network, no remote
 * service ever sees the secret). Level M tolerates a little glare on a laptop screen; the
 * quiet zone of 4 modules is what the QR specification asks for.
 *
 * Every module is a whole number of pixels, at least QR_DISPLAY_PX wide in all: a bitmap of
 * exactly 320 px gives a large transfer code modules of 3 and 4 px side by side, and decoders
 * misread some of those (jsQR, 8 of 300 transfer codes; none once the modules were even).
 */
export async function qrDataUrl(text: string): Promise<string> {
  // async: text too long for any QR code must reject (the carousel shows "too large"), not throw.
  const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules.size + 2 * MARGIN;
  const scale = Math.max(1, Math.ceil(QR_DISPLAY_PX / modules));
  return QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: MARGIN, scale });
}
