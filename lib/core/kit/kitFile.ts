import { TesseraError } from '../errors';
import { checkTesseraBackup } from '../transfer/tesseraFile';
import { KIT_STRING_FIELDS, type KitStrings } from './strings';

/**
 * The emergency kit: one HTML file that opens the vault in any current browser, without
 * Tessera and without the network.
 *
 *   <meta CSP: default-src 'none'; script-src '<hash>' 'wasm-unsafe-eval'; style-src '<hash>'>
 *   <style>  the kit's style sheet (hashed)
 *   <script type="application/json" id="kit-data">  { backup, strings, plainExport }
 *   <script> the decryptor (hashed; built from kit/ at build time)
 *
 * `backup` is Tessera's backup file (tesseraFile.ts) as it is: key slots for the passphrase and
 * the recovery key, records sealed with AES-256-GCM. Nothing new is invented, so the kit opens
 * exactly when the backup file would, and before it is opened it shows nothing the backup file
 * does not (ids and change times). The strings are the interface's words, not account data.
 *
 * Admin policy "no plain-text export": the kit is an encrypted export, so it is allowed like
 * the backup file; `plainExport: false` leaves out the kit's "save otpauth:// list" button.
 * The decrypted accounts can still be read on screen once opened, as they can in Tessera.
 */

export interface KitTemplate {
  script: string;
  style: string;
  /** 'sha256-<base64>' of exactly `script` and `style`, for the CSP. */
  scriptHash: string;
  styleHash: string;
}

export interface KitData {
  /** Tessera's backup file text. */
  backup: string;
  strings: KitStrings;
  /** False when the admin policy forbids plain-text export. */
  plainExport: boolean;
}

const DATA_ID = 'kit-data';

export function kitFileName(now: number): string {
  return `tessera-emergency-kit-${new Date(now).toISOString().slice(0, 10)}.html`;
}

/** JSON safe inside a <script> element: no "<" can close it or open a comment. */
function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

export function kitCsp(template: KitTemplate): string {
  return [
    "default-src 'none'",
    `script-src '${template.scriptHash}' 'wasm-unsafe-eval'`,
    `style-src '${template.styleHash}'`,
    // QR codes are inline SVG elements, not images; nothing is fetched, framed or posted.
    "img-src 'none'",
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export function writeKitHtml(template: KitTemplate, data: KitData): string {
  // A kit that could not be opened is worse than none: refuse a backup that is not one.
  checkTesseraBackup(data.backup);
  const { strings } = data;
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(strings.lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${kitCsp(template)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(strings.title)}</title>`,
    `<style>${template.style}</style>`,
    '</head>',
    '<body>',
    `<noscript>${escapeHtml(strings.unsupported)}</noscript>`,
    `<script type="application/json" id="${DATA_ID}">${embedJson(data)}</script>`,
    `<script>${template.script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function damaged(): TesseraError {
  return new TesseraError('E_CORRUPT', 'This emergency kit is damaged.', { reason: 'damaged' });
}

/** Parses the embedded data block's text, as the kit itself does on load. */
export function parseKitData(json: string): KitData {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    throw damaged();
  }
  if (typeof doc !== 'object' || doc === null) throw damaged();
  const { backup, strings, plainExport } = doc as Record<string, unknown>;
  if (typeof backup !== 'string' || typeof plainExport !== 'boolean') throw damaged();
  if (typeof strings !== 'object' || strings === null) throw damaged();
  const s = strings as Record<string, unknown>;
  if (!KIT_STRING_FIELDS.every((k) => typeof s[k] === 'string')) throw damaged();
  return { backup, strings: strings as KitStrings, plainExport };
}

/** The data block of a kit file (for tests and tools; the kit reads its own DOM). */
export function readKitHtml(html: string): KitData {
  const start = html.indexOf(`<script type="application/json" id="${DATA_ID}">`);
  if (start < 0) throw damaged();
  const from = html.indexOf('>', start) + 1;
  const end = html.indexOf('</script>', from);
  if (end < 0) throw damaged();
  return parseKitData(html.slice(from, end));
}

export const KIT_DATA_ID = DATA_ID;
