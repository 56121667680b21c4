import { encodeB64 } from '../crypto';

/**
 * The printable recovery sheet: the recovery key as text and as a QR code, the date, and the
 * ways back in, in the user's language. A static HTML file (no script at all) under a CSP that
 * allows only its own style, so it can be opened and printed anywhere.
 */
export interface RecoverySheetStrings {
  lang: string;
  title: string;
  intro: string;
  keyHeading: string;
  qrLabel: string;
  /** Already holds the date in the user's format. */
  made: string;
  stepsHeading: string;
  steps: string[];
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#000;background:#fff}
.key{font:600 1.3rem/1.6 ui-monospace,monospace;border:2px solid #000;padding:.75rem;overflow-wrap:anywhere}
.qr svg{width:12rem;height:12rem}
@media print{body{margin:0}}`;

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

export function recoverySheetFileName(now: number): string {
  return `tessera-recovery-sheet-${new Date(now).toISOString().slice(0, 10)}.html`;
}

/** `qrSvg` is the qrcode package's SVG of the recovery key (paths only, no script). */
export async function writeRecoverySheet(input: {
  recoveryKey: string;
  qrSvg: string;
  strings: RecoverySheetStrings;
}): Promise<string> {
  const { strings: s } = input;
  if (!/^<svg[\s>]/.test(input.qrSvg) || /<script|on\w+=/i.test(input.qrSvg)) {
    throw new Error('The QR code is not a plain SVG.');
  }
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(STYLE));
  const styleHash = `sha256-${encodeB64(new Uint8Array(digest))}`;
  const csp = `default-src 'none'; style-src '${styleHash}'; img-src 'none'; form-action 'none'; base-uri 'none'`;
  const svg = input.qrSvg.replace(/^<svg/, `<svg role="img" aria-label="${escapeHtml(s.qrLabel)}"`);
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(s.lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    `<title>${escapeHtml(s.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(s.title)}</h1>`,
    `<p>${escapeHtml(s.made)}</p>`,
    `<p>${escapeHtml(s.intro)}</p>`,
    `<h2>${escapeHtml(s.keyHeading)}</h2>`,
    `<p class="key" data-testid="sheet-key">${escapeHtml(input.recoveryKey)}</p>`,
    `<div class="qr">${svg}</div>`,
    `<h2>${escapeHtml(s.stepsHeading)}</h2>`,
    `<ol>${s.steps.map((step) => `<li>${escapeHtml(step)}</li>`).join('')}</ol>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
