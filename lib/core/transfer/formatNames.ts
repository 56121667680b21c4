import type { ImportFormat } from './types';

/** How the preview names the file it recognised, in the words of the app that wrote it. */
export const IMPORT_FORMAT_NAMES: Readonly<Record<ImportFormat, string>> = {
  'otpauth-list': 'otpauth:// links',
  'google-migration': 'Google Authenticator transfer',
  'aegis-plain': 'Aegis (plain)',
  'aegis-encrypted': 'Aegis (encrypted)',
  '2fas-plain': '2FAS (plain)',
  '2fas-encrypted': '2FAS (encrypted)',
  'bitwarden-json': 'Bitwarden JSON',
  'bitwarden-csv': 'Bitwarden CSV',
  ente: 'Ente Auth',
  proton: 'Proton Authenticator',
  'andotp-plain': 'andOTP (plain)',
  'andotp-encrypted': 'andOTP (encrypted)',
  'freeotp-plus': 'FreeOTP+',
  stratum: 'Stratum',
  'authenticator-extension': 'Authenticator extension',
  'tessera-backup': 'Tessera encrypted backup',
  lastpass: 'LastPass Authenticator',
  'proton-pass': 'Proton Pass',
  'steam-guard': 'Steam Guard (maFile)',
  keepass: 'KeePass (KDBX)',
  zip: 'ZIP archive',
};
