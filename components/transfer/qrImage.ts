import QRCode from 'qrcode';

/**
 * A QR code as a PNG data URL, drawn locally by the `qrcode` package (no network, no remote
 * service ever sees the secret). Level M tolerates a little glare on a laptop screen; the
 * quiet zone of 4 modules is what the QR specification asks for.
 */
export function qrDataUrl(text: string): Promise<string> {
  return QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 4, width: 320 });
}
