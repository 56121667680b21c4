import { TesseraError } from '../errors';
import { checkAegisEncrypted, parseAegisEncrypted, parseAegisPlain } from './aegis';
import { checkAndOtpEncrypted, parseAndOtpEncrypted, parseAndOtpPlain } from './andotp';
import { parseAuthenticatorExtension } from './authenticatorExtension';
import { parseBitwardenCsv, parseBitwardenJson } from './bitwarden';
import { detectFormat } from './detect';
import { parseEnte } from './ente';
import { parseFreeOtp } from './freeotp';
import { parseGoogleMigration } from './googleMigration';
import { checkKeePass, parseKeePass } from './keepass';
import { parseLastPass } from './lastpass';
import { IMPORT_LIMITS } from './limits';
import { parseOtpauthList } from './otpauthList';
import { parseProton } from './proton';
import { parseProtonPass } from './protonPass';
import { parseSteamGuard } from './steamGuard';
import { parseStratum } from './stratum';
import { checkTesseraBackup, parseTesseraBackup } from './tesseraFile';
import { decodeUtf8, stripBom } from './text';
import { checkTwoFasEncrypted, parseTwoFasEncrypted, parseTwoFasPlain } from './twofas';
import type { ImportFormat, ImportOptions, ImportResult, ParsedAccounts } from './types';
import { checkBitwardenEncrypted, parseBitwardenEncrypted } from './bitwardenEncrypted';
import { checkEnteEncrypted, parseEnteEncrypted } from './enteEncrypted';
import { checkFreeOtp2, parseFreeOtp2 } from './freeotp2';
import { checkStratumEncrypted, parseStratumEncrypted } from './stratumEncrypted';
import { parseStratumHtml } from './stratumHtml';
import {
  checkTotpAuthenticator,
  openTotpAuthenticatorWithoutPassword,
  parseTotpAuthenticator,
} from './totpAuthenticator';
import { importZip } from './zipImport';

function checkSize(input: string | Uint8Array): void {
  const size = typeof input === 'string' ? input.length : input.length;
  if (size > IMPORT_LIMITS.maxBytes) {
    throw new TesseraError(
      'E_IMPORT_TOO_LARGE',
      `The file is larger than ${IMPORT_LIMITS.maxBytes / (1024 * 1024)} MB; no authenticator export is that big.`,
      { reason: 'fileTooLarge', bytes: size, max: IMPORT_LIMITS.maxBytes },
    );
  }
}

function needsPassword(format: ImportFormat): TesseraError {
  return new TesseraError(
    'E_IMPORT_FORMAT',
    format === 'tessera-backup'
      ? 'This Tessera backup is encrypted; enter the passphrase or recovery key of the vault it came from.'
      : 'This backup is encrypted; enter its password to import it.',
    { reason: 'needsPassword', needsPassword: true, format },
  );
}

/**
 * The one entry point for imports: checks the size, recognises the format from the content,
 * decrypts when needed, and returns the accounts plus a problem per entry that could not be
 * read (the caller shows both in a merge preview; nothing is stored here).
 *
 * Whole-file failures throw a TesseraError: E_IMPORT_TOO_LARGE, E_IMPORT_FORMAT (unknown or
 * malformed; detail.needsPassword when an encrypted file came without a password),
 * E_BAD_PASSPHRASE, E_KDF_PARAMS (the file asks for unsafe key-derivation work), E_CORRUPT,
 * E_UNSUPPORTED_VERSION.
 */
export async function importFile(
  input: string | Uint8Array,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new TesseraError('E_BAD_REQUEST', 'The file must be text or bytes.');
  }
  checkSize(input);
  const password =
    typeof opts.password === 'string' && opts.password !== '' ? opts.password : undefined;
  return importContent(input, password, true);
}

/** One file's import; `allowZip` is false for the files inside a zip (no zip in a zip). */
async function importContent(
  input: string | Uint8Array,
  password: string | undefined,
  allowZip: boolean,
): Promise<ImportResult> {
  const format = detectFormat(input);

  if (format === 'zip' || format === 'keepass') {
    if (typeof input === 'string')
      throw new TesseraError('E_BAD_REQUEST', 'Binary files must be given as bytes.');
    if (format === 'zip') {
      if (!allowZip)
        throw new TesseraError(
          'E_IMPORT_FORMAT',
          'A ZIP archive inside a ZIP archive is not read.',
          {
            reason: 'unknownFormat',
          },
        );
      return importZip(input, password, (bytes) => importContent(bytes, password, false));
    }
    checkKeePass(input);
    if (password === undefined) throw needsPassword(format);
    return finish(format, await parseKeePass(input, password));
  }

  if (format === 'andotp-encrypted') {
    if (typeof input === 'string')
      throw new TesseraError('E_BAD_REQUEST', 'Binary backups must be given as bytes.');
    checkAndOtpEncrypted(input);
    if (password === undefined) throw needsPassword(format);
    return finish(format, await parseAndOtpEncrypted(input, password));
  }
  if (format === 'freeotp2' || format === 'stratum-encrypted') {
    if (typeof input === 'string')
      throw new TesseraError('E_BAD_REQUEST', 'Binary backups must be given as bytes.');
    if (format === 'freeotp2') checkFreeOtp2(input);
    else checkStratumEncrypted(input);
    if (password === undefined) throw needsPassword(format);
    return finish(
      format,
      format === 'freeotp2'
        ? await parseFreeOtp2(input, password)
        : await parseStratumEncrypted(input, password),
    );
  }

  // detectFormat returned a text format, so bytes are valid UTF-8 here.
  const text = stripBom(typeof input === 'string' ? input : (decodeUtf8(input) ?? ''));
  switch (format) {
    case 'otpauth-list':
      return finish(format, parseOtpauthList(text));
    case 'ente':
      return finish(format, parseEnte(text));
    case 'google-migration': {
      const { batch, ...rest } = parseGoogleMigration(text);
      return batch ? { format, ...rest, batch } : { format, ...rest };
    }
    case 'aegis-plain':
      return finish(format, parseAegisPlain(text));
    case 'aegis-encrypted':
      checkAegisEncrypted(text);
      if (password === undefined) throw needsPassword(format);
      return finish(format, await parseAegisEncrypted(text, password));
    case '2fas-plain':
      return finish(format, parseTwoFasPlain(text));
    case '2fas-encrypted':
      checkTwoFasEncrypted(text);
      if (password === undefined) throw needsPassword(format);
      return finish(format, await parseTwoFasEncrypted(text, password));
    case 'bitwarden-json':
      return finish(format, parseBitwardenJson(text));
    case 'bitwarden-csv':
      return finish(format, parseBitwardenCsv(text));
    case 'proton':
      return finish(format, parseProton(text));
    case 'andotp-plain':
      return finish(format, parseAndOtpPlain(text));
    case 'freeotp-plus':
      return finish(format, parseFreeOtp(text));
    case 'stratum':
      return finish(format, parseStratum(text));
    case 'authenticator-extension':
      return finish(format, parseAuthenticatorExtension(text));
    case 'lastpass':
      return finish(format, parseLastPass(text));
    case 'proton-pass':
      return finish(format, parseProtonPass(text));
    case 'steam-guard':
      return finish(format, parseSteamGuard(text));
    case 'tessera-backup':
      checkTesseraBackup(text);
      if (password === undefined) throw needsPassword(format);
      return finish(format, await parseTesseraBackup(text, password));
    case 'ente-encrypted':
      checkEnteEncrypted(text);
      if (password === undefined) throw needsPassword(format);
      return finish(format, await parseEnteEncrypted(text, password));
    case 'bitwarden-encrypted':
      checkBitwardenEncrypted(text);
      if (password === undefined) throw needsPassword(format);
      return finish(format, await parseBitwardenEncrypted(text, password));
    case 'stratum-html':
      return finish(format, parseStratumHtml(text));
    case 'totp-authenticator': {
      checkTotpAuthenticator(text);
      if (password !== undefined)
        return finish(format, await parseTotpAuthenticator(text, password));
      // Without a password of its own, the app encrypts with a fixed one.
      const opened = await openTotpAuthenticatorWithoutPassword(text);
      if (opened === null) throw needsPassword(format);
      return finish(format, opened);
    }
  }
}

function finish(format: ImportFormat, parsed: ParsedAccounts): ImportResult {
  return { format, accounts: parsed.accounts, problems: parsed.problems };
}
