import type { WireError } from '../../lib/core/errors';
import type { ExportFormat, LeftOutAccount } from '../../lib/core/transfer/protocol';
import { sendMessage } from '../../lib/messaging';
import { request } from '../ui/request';
import { saveTextFile } from './download';
import { accountName, exportErrorText, plural } from './transferText';

export interface ExportChoice {
  value: ExportFormat;
  label: string;
  hint: string;
  /** Readable by anyone who gets hold of it: the screen says so before exporting. */
  plain: boolean;
}

export const EXPORT_CHOICES: readonly ExportChoice[] = [
  {
    value: 'tessera',
    label: 'Tessera encrypted backup',
    hint: 'A file only your passphrase or recovery key opens, in Tessera on any browser.',
    plain: false,
  },
  {
    value: 'otpauth',
    label: 'otpauth:// links (plain text)',
    hint: 'One link per line; most authenticator apps can import it.',
    plain: true,
  },
  {
    value: 'aegis',
    label: 'Aegis (plain JSON)',
    hint: 'An unencrypted Aegis vault file, which Aegis and several other apps import.',
    plain: true,
  },
  {
    value: 'qr',
    label: 'A QR code per account',
    hint: 'Scan them one by one with the authenticator app on your phone.',
    plain: true,
  },
  {
    value: 'migration',
    label: 'Google Authenticator transfer QR codes',
    hint: 'Scan them with “Transfer accounts → Import accounts” in Google Authenticator.',
    plain: true,
  },
];

export interface QrItem {
  /** Read out with the image: whose code it is, or which part of a transfer. */
  caption: string;
  uri: string;
}

/** The export screen's state. Secrets reach this page only here, after the passphrase. */
export class ExportModel {
  format = $state<ExportFormat>('tessera');
  passphrase = $state('');
  busy = $state(false);
  error = $state<string | null>(null);
  status = $state<string | null>(null);
  qrTitle = $state('');
  qrItems = $state<QrItem[]>([]);
  leftOut = $state<LeftOutAccount[]>([]);
  readonly #onError: (error: WireError) => void;

  constructor(onError: (error: WireError) => void = () => {}) {
    this.#onError = onError;
  }

  get choice(): ExportChoice {
    return EXPORT_CHOICES.find((c) => c.value === this.format) ?? EXPORT_CHOICES[0]!;
  }

  /** Takes the QR codes off the screen and out of this page's memory. */
  hideCodes(): void {
    this.qrItems = [];
    this.qrTitle = '';
  }

  async run(): Promise<void> {
    if (this.busy) return;
    this.error = null;
    this.status = null;
    this.leftOut = [];
    this.hideCodes();
    if (this.passphrase === '') {
      this.error = 'Enter your passphrase to export.';
      return;
    }
    this.busy = true;
    try {
      const answer = await request(() =>
        sendMessage('transfer.export', { passphrase: this.passphrase, format: this.format }),
      );
      // Right or wrong, the passphrase must not linger in the page.
      this.passphrase = '';
      if (!answer.ok) {
        this.error = exportErrorText(answer.error);
        this.#onError(answer.error);
        return;
      }
      const out = answer.value;
      this.leftOut = out.leftOut;
      if (out.kind === 'file') {
        saveTextFile(out.fileName, out.mimeType, out.content);
        this.status = `Saved ${plural(out.count, 'account')} to ${out.fileName}.`;
      } else if (out.kind === 'qr') {
        this.qrTitle = 'QR code per account';
        this.qrItems = out.codes.map((c) => ({
          caption: accountName(c.issuer, c.label),
          uri: c.uri,
        }));
        this.status = out.codes.length === 0 ? 'No account can be shown as a QR code.' : null;
      } else {
        this.qrTitle = 'Google Authenticator transfer';
        this.qrItems = out.uris.map((uri, i) => ({
          caption: `Transfer code ${i + 1} of ${out.uris.length}`,
          uri,
        }));
        this.status =
          out.uris.length === 0
            ? 'None of your accounts can move to Google Authenticator.'
            : `${plural(out.count, 'account')} in ${plural(out.uris.length, 'transfer code')}.`;
      }
    } finally {
      this.busy = false;
    }
  }
}
