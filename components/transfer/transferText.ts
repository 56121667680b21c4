import { i18n } from '#i18n';
import type { WireError } from '../../lib/core/errors';
import type { OtpType } from '../../lib/core/otp/types';
import type { ImportFormat, ImportProblem } from '../../lib/core/transfer/types';
import type { LeftOutAccount } from '../../lib/core/transfer/protocol';
import { formatMegabytes, formatNumber } from '../ui/locale';
import { errorText } from '../ui/errorText';

/** Sentences of the import and export screens, kept in one place like components/ui/errorText. */

/** "1 account", "7 accounts", in the UI language. */
export function accountsText(n: number): string {
  return i18n.t('transfer.accounts', n, [formatNumber(n)]);
}

export function transferCodesText(n: number): string {
  return i18n.t('transfer.transferCodes', n, [formatNumber(n)]);
}

export function typeName(type: OtpType): string {
  // A table of literal keys, so the catalogue test sees each one used.
  const NAMES: Readonly<Record<OtpType, string>> = {
    totp: i18n.t('transfer.type.totp'),
    hotp: i18n.t('transfer.type.hotp'),
    steam: i18n.t('transfer.type.steam'),
  };
  return NAMES[type];
}

/** One account as a person reads it: "GitHub (alice)", or whichever name it has. */
export function accountName(issuer: string, label: string): string {
  if (issuer && label) return `${issuer} (${label})`;
  return issuer || label;
}

/** The file name goes first so that a person who dropped several files knows which one it was. */
export function withSource(source: string, message: string): string {
  return `${source}: ${message}`;
}

type Detail = NonNullable<WireError['detail']>;

/**
 * A parser's `detail.reason` (lib/core/transfer, lib/core/otp) as a sentence: `args` name the
 * detail fields that fill $1, $2 (numbers are formatted for the UI language). A table of
 * literal keys, so the catalogue test sees each one used.
 */
interface ReasonSentence {
  args?: readonly string[];
  text: (a: string[], d: Detail) => string;
}
const plain = (text: () => string): ReasonSentence => ({ text });
const one = (arg: string, text: (a: string) => string): ReasonSentence => ({
  args: [arg],
  text: ([a]) => text(a ?? ''),
});
const two = (args: [string, string], text: (a: string, b: string) => string): ReasonSentence => ({
  args,
  text: ([a, b]) => text(a ?? '', b ?? ''),
});

const REASONS: Readonly<Record<string, ReasonSentence>> = {
  unknownFormat: plain(() => i18n.t('transfer.errors.unknownFormat')),
  emptyFile: plain(() => i18n.t('transfer.errors.emptyFile')),
  imageFile: plain(() => i18n.t('transfer.errors.imageFile')),
  pdfFile: plain(() => i18n.t('transfer.errors.pdfFile')),
  zipNoExport: plain(() => i18n.t('transfer.errors.zipNoExport')),
  appDatabase: plain(() => i18n.t('transfer.errors.appDatabase')),
  encryptedDatabase: plain(() => i18n.t('transfer.errors.encryptedDatabase')),
  javaNotFreeOtp: plain(() => i18n.t('transfer.errors.javaNotFreeOtp')),
  bitwardenAccountRestricted: plain(() => i18n.t('transfer.errors.bitwardenAccountRestricted')),
  encryptedUnsupported: one('app', (a) => i18n.t('transfer.errors.encryptedUnsupported', [a])),
  notUtf8: plain(() => i18n.t('transfer.errors.notUtf8')),
  notJson: plain(() => i18n.t('transfer.errors.notJson')),
  notFormat: one('app', (a) => i18n.t('transfer.errors.notFormat', [a])),
  needsPassword: {
    text: (_, d) =>
      d.format === 'tessera-backup'
        ? i18n.t('transfer.errors.needsPasswordTessera')
        : i18n.t('transfer.errors.needsPassword'),
  },
  wrongPassword: one('app', (a) => i18n.t('transfer.errors.wrongPassword', [a])),
  wrongPassphrase: plain(() => i18n.t('transfer.errors.wrongPassphrase')),
  unsupportedVersion: two(['app', 'version'], (a, b) =>
    i18n.t('transfer.errors.unsupportedVersion', [a, b]),
  ),
  newerTessera: plain(() => i18n.t('transfer.errors.newerTessera')),
  damaged: plain(() => i18n.t('transfer.errors.damaged')),
  damagedAccount: one('entry', (a) => i18n.t('transfer.errors.damagedAccount', [a])),
  kdfUnsafe: plain(() => i18n.t('transfer.errors.kdfUnsafe')),
  kdfUnsafeOrWrongPassword: plain(() => i18n.t('transfer.errors.kdfUnsafeOrWrongPassword')),
  fileTooLarge: {
    args: ['max'],
    text: (_, d) =>
      i18n.t('transfer.import.fileTooLarge', [formatMegabytes(Number(d.max) / (1024 * 1024))]),
  },
  tooManyEntries: two(['entries', 'max'], (a, b) =>
    i18n.t('transfer.errors.tooManyEntries', [a, b]),
  ),
  csvUnclosedQuote: one('line', (a) => i18n.t('transfer.errors.csvUnclosedQuote', [a])),
  csvTextAfterQuote: one('line', (a) => i18n.t('transfer.errors.csvTextAfterQuote', [a])),
  csvNoColumns: plain(() => i18n.t('transfer.errors.csvNoColumns')),
  csvRowColumns: two(['columns', 'expected'], (a, b) =>
    i18n.t('transfer.errors.csvRowColumns', [a, b]),
  ),
  transferLinkInvalid: plain(() => i18n.t('transfer.errors.transferLinkInvalid')),
  previewExpired: plain(() => i18n.t('transfer.errors.previewExpired')),
  vaultChanged: plain(() => i18n.t('transfer.errors.vaultChanged')),
  googleNoSteam: plain(() => i18n.t('transfer.errors.googleNoSteam')),
  googleDigits: one('digits', (a) => i18n.t('transfer.errors.googleDigits', [a])),
  googlePeriod: one('period', (a) => i18n.t('transfer.errors.googlePeriod', [a])),
  entryEncrypted: plain(() => i18n.t('transfer.errors.entryEncrypted')),
  typeUnsupported: one('type', (a) => i18n.t('transfer.errors.typeUnsupported', [a])),
  algorithmUnsupported: one('algorithm', (a) =>
    i18n.t('transfer.errors.algorithmUnsupported', [a]),
  ),
  notObject: plain(() => i18n.t('transfer.errors.notObject')),
  fieldInvalid: one('field', (a) => i18n.t('transfer.errors.fieldInvalid', [a])),
  secretNotBase32: plain(() => i18n.t('transfer.errors.secretNotBase32')),
  secretNotBase64: plain(() => i18n.t('transfer.errors.secretNotBase64')),
  secretNotHex: plain(() => i18n.t('transfer.errors.secretNotHex')),
  secretBadChar: one('char', (a) => i18n.t('transfer.errors.secretBadChar', [a])),
  linkNoSecret: plain(() => i18n.t('transfer.errors.linkNoSecret')),
  linkNoCounter: plain(() => i18n.t('transfer.errors.linkNoCounter')),
  linkRepeatsParam: one('param', (a) => i18n.t('transfer.errors.linkRepeatsParam', [a])),
  nameMissing: plain(() => i18n.t('transfer.errors.nameMissing')),
  nameTooLong: one('max', (a) => i18n.t('transfer.errors.nameTooLong', [a])),
  issuerTooLong: one('max', (a) => i18n.t('transfer.errors.issuerTooLong', [a])),
  nameControlChars: plain(() => i18n.t('transfer.errors.nameControlChars')),
};

/** The sentence for `detail.reason`, or null when there is none (or a field it needs is absent). */
export function reasonText(error: Pick<WireError, 'detail'>): string | null {
  const d = error.detail;
  const reason = d?.reason;
  if (!d || typeof reason !== 'string' || !Object.hasOwn(REASONS, reason)) return null;
  const sentence = REASONS[reason]!;
  const args: string[] = [];
  for (const name of sentence.args ?? []) {
    const v = d[name];
    if (v === undefined) return null;
    args.push(typeof v === 'number' ? formatNumber(v) : String(v));
  }
  return sentence.text(args, d);
}

/** Any error of an import or scan, never the background's English: reason, else the code. */
export function transferErrorText(error: WireError): string {
  return reasonText(error) ?? errorText(error);
}

/** Why an account was left out of an export, in the user's language. */
export function leftOutText(account: LeftOutAccount): string {
  return reasonText(account) ?? errorText({ code: 'E_FIELD_INVALID', message: account.reason });
}

export function importErrorText(error: WireError, source: string): string {
  return withSource(source, transferErrorText(error));
}

/** Why one entry of a file cannot be imported. */
export function problemText(problem: Pick<ImportProblem, 'code' | 'message' | 'detail'>): string {
  return transferErrorText({
    code: problem.code,
    message: problem.message,
    detail: problem.detail,
  });
}

/**
 * Where a problem is, in the UI language. Core names places "line 3", "entry 2 (GitHub)" or
 * "line 3, entry 2 (GitHub)" (lib/core/transfer/account.ts, entryName); a prefix it did not
 * write (the scan's own, already translated) is kept as it is.
 */
export function whereText(entry: string): string {
  const m = /^(?:(.+), )?(entry|line) (\d+)(?: (\(.*\)))?$/s.exec(entry);
  if (!m) return entry;
  const [, prefix, kind, n, hint] = m;
  const num = formatNumber(Number(n));
  const line = prefix === undefined ? null : /^line (\d+)$/.exec(prefix);
  let place: string;
  if (line && kind === 'entry') {
    place = i18n.t('transfer.where.lineEntry', [formatNumber(Number(line[1])), num]);
  } else {
    const own =
      kind === 'line'
        ? i18n.t('transfer.where.line', [num])
        : i18n.t('transfer.where.entry', [num]);
    place = prefix === undefined ? own : `${prefix}, ${own}`;
  }
  return hint ? `${place} ${hint}` : place;
}

/** How the preview names the recognised format: app names stay, descriptions are translated. */
export function formatText(format: ImportFormat): string {
  const NAMES: Readonly<Record<ImportFormat, () => string>> = {
    'otpauth-list': () => i18n.t('transfer.formats.otpauthList'),
    'google-migration': () => i18n.t('transfer.formats.googleMigration'),
    'aegis-plain': () => i18n.t('transfer.formats.plain', ['Aegis']),
    'aegis-encrypted': () => i18n.t('transfer.formats.encrypted', ['Aegis']),
    '2fas-plain': () => i18n.t('transfer.formats.plain', ['2FAS']),
    '2fas-encrypted': () => i18n.t('transfer.formats.encrypted', ['2FAS']),
    'bitwarden-json': () => 'Bitwarden JSON',
    'bitwarden-csv': () => 'Bitwarden CSV',
    ente: () => 'Ente Auth',
    proton: () => 'Proton Authenticator',
    'andotp-plain': () => i18n.t('transfer.formats.plain', ['andOTP']),
    'andotp-encrypted': () => i18n.t('transfer.formats.encrypted', ['andOTP']),
    'freeotp-plus': () => 'FreeOTP+',
    stratum: () => 'Stratum',
    'authenticator-extension': () => i18n.t('transfer.formats.authenticatorExtension'),
    'tessera-backup': () => i18n.t('transfer.formats.tesseraBackup'),
    freeotp2: () => i18n.t('transfer.formats.encrypted', ['FreeOTP 2']),
    'ente-encrypted': () => i18n.t('transfer.formats.encrypted', ['Ente Auth']),
    'bitwarden-encrypted': () => i18n.t('transfer.formats.encrypted', ['Bitwarden']),
    'stratum-encrypted': () =>
      i18n.t('transfer.formats.encrypted', ['Stratum / Authenticator Pro']),
    'stratum-html': () => 'Stratum / Authenticator Pro (HTML)',
    'totp-authenticator': () => i18n.t('transfer.formats.encrypted', ['TOTP Authenticator']),
    lastpass: () => 'LastPass Authenticator',
    'proton-pass': () => 'Proton Pass',
    'steam-guard': () => 'Steam Guard (maFile)',
    keepass: () => 'KeePass (KDBX)',
    zip: () => i18n.t('transfer.formats.zip'),
  };
  return NAMES[format]?.() ?? format;
}

export function importResultText(added: number, updated: number): string {
  if (updated === 0) return i18n.t('transfer.import.imported', added, [formatNumber(added)]);
  return i18n.t('transfer.import.importedAndRenamed', [accountsText(added), accountsText(updated)]);
}

export function exportErrorText(error: WireError): string {
  if (error.code === 'E_BAD_PASSPHRASE') return i18n.t('transfer.export.wrongPassphrase');
  return errorText(error);
}
