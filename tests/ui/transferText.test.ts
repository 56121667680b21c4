import { describe, expect, it } from 'vitest';
import { TesseraError, toWireError } from '../../lib/core/errors';
import { importFile } from '../../lib/core/transfer';
import {
  formatText,
  importErrorText,
  problemText,
  reasonText,
  transferErrorText,
  whereText,
} from '../../components/transfer/transferText';

async function importError(input: string | Uint8Array, password?: string) {
  try {
    await importFile(input, password ? { password } : {});
  } catch (e) {
    return toWireError(e);
  }
  throw new Error('expected the import to fail');
}

describe('transfer sentences come from the catalogue, not from the parsers', () => {
  it('words whole-file errors by their reason', async () => {
    const unknown = await importError('{"albums": [1, 2, 3]}');
    expect(unknown.detail?.reason).toBe('unknownFormat');
    expect(importErrorText(unknown, 'photos.json')).toMatch(
      /^photos\.json: Tessera does not recognise this file\./,
    );
    const json = await importError('{"broken": ');
    expect(transferErrorText(json)).toBe('The file is not valid JSON.');
    const empty = await importError('   ');
    expect(transferErrorText(empty)).toBe('The file is empty.');
    const png = await importError(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    expect(transferErrorText(png)).toBe('This is an image. Scan it as a QR code instead.');
  });

  it('fills in parameters, formatting numbers', async () => {
    const csv = await importError('folder,favorite,type,name,login_totp\n"a,b,1,x,y\n');
    expect(transferErrorText(csv)).toBe('Line 2: a quoted field is never closed.');
    expect(reasonText({ detail: { reason: 'tooManyEntries', entries: 12000, max: 5000 } })).toBe(
      'The file lists 12,000 entries. At most 5,000 can be imported at once.',
    );
    expect(reasonText({ detail: { reason: 'wrongPassword', app: 'Aegis' } })).toBe(
      'The password does not open this Aegis backup.',
    );
  });

  it('asks for the right secret when an encrypted file comes without one', () => {
    const tessera = { reason: 'needsPassword', needsPassword: true, format: 'tessera-backup' };
    expect(reasonText({ detail: tessera })).toMatch(/passphrase or recovery key/);
    expect(reasonText({ detail: { ...tessera, format: 'aegis-encrypted' } })).toBe(
      'This backup is encrypted. Enter its password to import it.',
    );
  });

  it('falls back to the code sentence for unknown reasons or missing fields', () => {
    const odd = toWireError(
      new TesseraError('E_CORRUPT', 'developer text', { reason: 'somethingNew' }),
    );
    expect(transferErrorText(odd)).toBe('The vault data is damaged and could not be read.');
    expect(reasonText({ detail: { reason: 'notFormat' } })).toBeNull();
    expect(transferErrorText({ code: 'E_DIGITS', message: 'x' })).not.toBe('x');
  });

  it('words per-entry problems and where they are', async () => {
    const r = await importFile(
      'otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP\notpauth://totp/B:c?secret=!!!\n',
    );
    expect(r.problems).toHaveLength(1);
    const [p] = r.problems;
    expect(whereText(p!.entry)).toBe('line 2');
    expect(problemText(p!)).toBe("The secret key contains a character that is not allowed: '!'.");
    expect(whereText('line 3, entry 2 (GitHub)')).toBe('line 3, entry 2 (GitHub)');
    expect(whereText('entry 12 (a (b))')).toBe('entry 12 (a (b))');
    expect(whereText('Code 2, entry 1')).toBe('Code 2, entry 1');
    expect(whereText('something else')).toBe('something else');
  });

  it('names formats with translated descriptions', () => {
    expect(formatText('aegis-encrypted')).toBe('Aegis (encrypted)');
    expect(formatText('otpauth-list')).toBe('otpauth:// links');
    expect(formatText('freeotp-plus')).toBe('FreeOTP+');
  });
});
