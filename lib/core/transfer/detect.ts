import { TesseraError } from '../errors';
import { isAegisEncrypted, isAegisShape } from './aegis';
import { ANDOTP_MIN_ENCRYPTED_BYTES, isAndOtpShape } from './andotp';
import { isAuthenticatorExtensionShape } from './authenticatorExtension';
import { isBitwardenCsvHeader, isBitwardenJsonShape } from './bitwarden';
import { looksLikeEnte } from './ente';
import { isBitwardenPasswordProtected } from './bitwardenEncrypted';
import { isEnteEncryptedShape } from './enteEncrypted';
import { isHtmlWithOtpauth } from './stratumHtml';
import { looksLikeTotpAuthenticator } from './totpAuthenticator';
import { detectByMagic } from './detectMagic';
import { isFreeOtpShape } from './freeotp';
import { isLastPassShape } from './lastpass';
import { isProtonShape } from './proton';
import { isProtonPassShape } from './protonPass';
import { isSteamGuardShape } from './steamGuard';
import { isStratumShape } from './stratum';
import { isTesseraBackupShape } from './tesseraFile';
import { decodeUtf8, parseJson, stripBom } from './text';
import { isTwoFasEncrypted, isTwoFasShape } from './twofas';
import type { ImportFormat } from './types';

/**
 * Recognises an export by its content, never its file name (people rename files, and a name
 * is no evidence of what is inside). Throws E_IMPORT_FORMAT, with a hint where one helps.
 */

function unknown(message: string, detail: { reason: string; app?: string }): TesseraError {
  return new TesseraError('E_IMPORT_FORMAT', message, detail);
}

const NOT_RECOGNISED = { reason: 'unknownFormat' };

const GENERIC =
  'Tessera does not recognise this file. It reads otpauth:// lists and the exports of Google ' +
  'Authenticator, Aegis, 2FAS, Bitwarden, Ente Auth, Proton Authenticator, Proton Pass, LastPass ' +
  'Authenticator, Steam Desktop Authenticator, WinAuth, KeePass, andOTP, FreeOTP+, FreeOTP 2, ' +
  'Stratum (Authenticator Pro), TOTP Authenticator and the Authenticator extension, and ' +
  'Tessera backups.';

function detectJson(doc: unknown): ImportFormat {
  if (Array.isArray(doc)) {
    if (isAndOtpShape(doc)) return 'andotp-plain';
    throw unknown(GENERIC, NOT_RECOGNISED);
  }
  if (isTesseraBackupShape(doc)) return 'tessera-backup';
  if (isAegisShape(doc)) return isAegisEncrypted(doc) ? 'aegis-encrypted' : 'aegis-plain';
  if (isTwoFasShape(doc)) return isTwoFasEncrypted(doc) ? '2fas-encrypted' : '2fas-plain';
  if (isBitwardenPasswordProtected(doc)) return 'bitwarden-encrypted';
  if (isBitwardenJsonShape(doc)) return 'bitwarden-json';
  if (isFreeOtpShape(doc)) return 'freeotp-plus';
  if (isStratumShape(doc)) return 'stratum';
  if (isProtonShape(doc)) return 'proton';
  if (isEnteEncryptedShape(doc)) return 'ente-encrypted';
  if (isLastPassShape(doc)) return 'lastpass';
  if (isProtonPassShape(doc)) return 'proton-pass';
  if (isSteamGuardShape(doc)) return 'steam-guard';
  if (isAuthenticatorExtensionShape(doc)) return 'authenticator-extension';
  throw unknown(GENERIC, NOT_RECOGNISED);
}

function meaningfulLines(text: string): string[] {
  return text
    .split(/\r\n|\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

function detectText(raw: string): ImportFormat {
  const text = stripBom(raw).trim();
  if (text === '') throw unknown('The file is empty.', { reason: 'emptyFile' });
  if (text.startsWith('{') || text.startsWith('[')) return detectJson(parseJson(text, 'The file'));

  const lines = meaningfulLines(text);
  const first = (lines[0] ?? '').toLowerCase();
  if (lines.length > 0 && lines.every((l) => l.toLowerCase().startsWith('otpauth-migration:'))) {
    return 'google-migration';
  }
  if (
    first.startsWith('otpauth:') ||
    first.startsWith('steam:') ||
    first.startsWith('otpauth-migration:')
  ) {
    return looksLikeEnte(text) ? 'ente' : 'otpauth-list';
  }
  if (first.startsWith('winauth://encrypted/')) {
    throw unknown(
      'Password-protected WinAuth text exports cannot be read yet; export a password-protected zip.',
      { reason: 'encryptedUnsupported', app: 'WinAuth' },
    );
  }
  if (isBitwardenCsvHeader(text.split(/\r\n|\n|\r/, 1)[0] ?? '')) return 'bitwarden-csv';
  if (isHtmlWithOtpauth(text)) return 'stratum-html';
  if (looksLikeTotpAuthenticator(text)) return 'totp-authenticator';
  throw unknown(GENERIC, NOT_RECOGNISED);
}

const MAGIC: readonly { bytes: readonly number[]; hint: string; reason: string }[] = [
  {
    bytes: [0x89, 0x50, 0x4e, 0x47],
    hint: 'This is a PNG image; scan it as a QR code instead.',
    reason: 'imageFile',
  },
  {
    bytes: [0xff, 0xd8, 0xff],
    hint: 'This is a JPEG image; scan it as a QR code instead.',
    reason: 'imageFile',
  },
  {
    bytes: [0x47, 0x49, 0x46, 0x38],
    hint: 'This is a GIF image; scan it as a QR code instead.',
    reason: 'imageFile',
  },
  {
    bytes: [0x25, 0x50, 0x44, 0x46],
    hint: 'This is a PDF document, not an authenticator export.',
    reason: 'pdfFile',
  },
];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((b, i) => bytes[i] === b);
}

function detectBinary(bytes: Uint8Array): ImportFormat {
  for (const m of MAGIC)
    if (startsWith(bytes, m.bytes)) throw unknown(m.hint, { reason: m.reason });
  // Text in a legacy encoding (Latin-1, UTF-16LE) is not an encrypted backup: say what is wrong.
  const start = new TextDecoder('latin1')
    .decode(bytes.subarray(0, 64))
    .replace(/^[\s\u00ef\u00bb\u00bf\u00fe\u00ff]+/, '');
  if (/^(\{|\[|otpauth|steam:|folder,)/i.test(start)) {
    throw new TesseraError(
      'E_CORRUPT',
      'The file is text but not valid UTF-8; save it as UTF-8 and try again.',
      { reason: 'notUtf8' },
    );
  }
  // andOTP's encrypted backups have no signature: any other binary file of plausible size is
  // taken for one (after every format with a signature, and the database shape test, had its
  // turn), and its header is checked before any key derivation runs.
  if (bytes.length >= ANDOTP_MIN_ENCRYPTED_BYTES) return 'andotp-encrypted';
  throw unknown(GENERIC, NOT_RECOGNISED);
}

/**
 * The format of a file's content. Text may be given as a string or as bytes (valid UTF-8,
 * optionally with a BOM); bytes that are not UTF-8 are looked at as a binary backup.
 */
export function detectFormat(input: string | Uint8Array): ImportFormat {
  if (typeof input === 'string') return detectText(input);
  if (!(input instanceof Uint8Array))
    throw new TesseraError('E_BAD_REQUEST', 'The file must be text or bytes.');
  // Signatures first: a file that says what it is must never be guessed as something else.
  const byMagic = detectByMagic(input);
  if (byMagic) return byMagic;
  const text = decodeUtf8(input);
  return text === null ? detectBinary(input) : detectText(text);
}
