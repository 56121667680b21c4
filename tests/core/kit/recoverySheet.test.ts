import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { generateRecoveryKey } from '../../../lib/core/crypto';
import { recoverySheetFileName, writeRecoverySheet } from '../../../lib/core/kit/recoverySheet';

const strings = {
  lang: 'en',
  title: 'Sheet <title>',
  intro: 'Keep it safe & dry',
  keyHeading: 'Your recovery key',
  qrLabel: 'The recovery key as a QR code',
  made: 'Made on 6 December 2026',
  stepsHeading: 'How to get back in',
  steps: ['sync', 'kit', 'file'],
};

describe('recovery sheet', () => {
  it('holds the key as text and QR code, the date and the steps, under a style-only CSP', async () => {
    const recoveryKey = generateRecoveryKey();
    const qrSvg = await QRCode.toString(recoveryKey, { type: 'svg' });
    const html = await writeRecoverySheet({ recoveryKey, qrSvg, strings });
    expect(html).toContain(`<p class="key" data-testid="sheet-key">${recoveryKey}</p>`);
    expect(html).toContain('<svg role="img" aria-label="The recovery key as a QR code"');
    expect(html).toContain('Made on 6 December 2026');
    expect(html).toContain('<ol><li>sync</li><li>kit</li><li>file</li></ol>');
    expect(html).toContain('<title>Sheet &lt;title&gt;</title>');
    expect(html).toContain('Keep it safe &amp; dry');
    expect(html).not.toMatch(/<script/i);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const hash = createHash('sha256').update(style).digest('base64');
    expect(html).toContain(`default-src 'none'; style-src 'sha256-${hash}'`);
    expect(recoverySheetFileName(Date.UTC(2026, 11, 6))).toBe(
      'tessera-recovery-sheet-2026-12-06.html',
    );
  });

  it('refuses a QR image that is not a plain SVG', async () => {
    for (const qrSvg of ['<img src=x>', '<svg onload="x()"></svg>', '<svg><script/></svg>']) {
      await expect(writeRecoverySheet({ recoveryKey: 'K', qrSvg, strings })).rejects.toThrow(
        /plain SVG/,
      );
    }
  });
});
