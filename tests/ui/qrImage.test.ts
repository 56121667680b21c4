import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { QR_DISPLAY_PX, qrDataUrl } from '../../components/transfer/qrImage';
import { encodeMigrationBatches } from '../../lib/core/transfer/googleMigration';
import { parseOtpauthUri } from '../../lib/core/otp/uri';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const accounts = Array.from({ length: 30 }, (_, i) => {
  const secret = `JBSWY3DPEHPK3PXPJBSWY3DP${ALPHABET[i]}${ALPHABET[31 - i]}`;
  const uri = `otpauth://totp/Example%20Corp:person${i}%40example.com?secret=${secret}&issuer=Example%20Corp`;
  return parseOtpauthUri(uri).account;
});

function pixels(dataUrl: string): PNG {
  return PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
}

describe('qrDataUrl', () => {
  // Batch id 23757 gives codes of 113 and 109 modules; drawn 320 px wide, jsQR read neither.
  it.each([23757, 1, 0x7fffffff])(
    'draws transfer codes (batch id %i) with whole-pixel modules that read back exactly',
    async (batchId) => {
      const uris = encodeMigrationBatches(accounts, 1000, { batchId });
      expect(uris.length).toBeGreaterThan(1);
      for (const uri of uris) {
        const png = pixels(await qrDataUrl(uri));
        const modules = QRCode.create(uri, { errorCorrectionLevel: 'M' }).modules.size + 8;
        expect(png.width).toBe(png.height);
        expect(png.width % modules).toBe(0);
        expect(png.width).toBeGreaterThanOrEqual(QR_DISPLAY_PX);
        expect(png.width).toBeLessThan(2 * QR_DISPLAY_PX);
        const read = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
        expect(read?.data).toBe(uri);
      }
    },
    30_000,
  );

  it('draws a short link at least as wide as the box it is shown in', async () => {
    const png = pixels(await qrDataUrl('otpauth://totp/A?secret=JBSWY3DPEHPK3PXP'));
    expect(png.width).toBeGreaterThanOrEqual(QR_DISPLAY_PX);
    expect(
      png.width % (QRCode.create('otpauth://totp/A?secret=JBSWY3DPEHPK3PXP').modules.size + 8),
    ).toBe(0);
  });

  it('rejects text too long for any QR code, so the page can say so', async () => {
    const call = qrDataUrl('x'.repeat(8000));
    expect(call).toBeInstanceOf(Promise);
    await expect(call).rejects.toThrow(/too big/);
  });
});
