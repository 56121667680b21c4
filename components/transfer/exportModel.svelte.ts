import { i18n } from '#i18n';
import type { WireError } from '../../lib/core/errors';
import type { ExportFormat, LeftOutAccount } from '../../lib/core/transfer/protocol';
import { sendMessage } from '../../lib/messaging';
import { FormAction } from '../ui/formAction.svelte';
import { request } from '../ui/request';
import { saveTextFile } from './download';
import { formatNumber } from '../ui/locale';
import { accountName, accountsText, exportErrorText, transferCodesText } from './transferText';

export interface ExportChoice {
  value: ExportFormat;
  label: string;
  hint: string;
  /** Readable by anyone who gets hold of it: the screen says so before exporting. */
  plain: boolean;
}

// Built when first read, not at import: the words come from the browser's catalogue.
let choices: readonly ExportChoice[] | undefined;

export function exportChoices(): readonly ExportChoice[] {
  choices ??= [
    {
      value: 'tessera',
      label: i18n.t('transfer.export.tesseraLabel'),
      hint: i18n.t('transfer.export.tesseraHint'),
      plain: false,
    },
    {
      value: 'otpauth',
      label: i18n.t('transfer.export.otpauthLabel'),
      hint: i18n.t('transfer.export.otpauthHint'),
      plain: true,
    },
    {
      value: 'aegis',
      label: i18n.t('transfer.export.aegisLabel'),
      hint: i18n.t('transfer.export.aegisHint'),
      plain: true,
    },
    {
      value: 'qr',
      label: i18n.t('transfer.export.qrLabel'),
      hint: i18n.t('transfer.export.qrHint'),
      plain: true,
    },
    {
      value: 'migration',
      label: i18n.t('transfer.export.migrationLabel'),
      hint: i18n.t('transfer.export.migrationHint'),
      plain: true,
    },
  ];
  return choices;
}

export interface QrItem {
  /** Read out with the image: whose code it is, or which part of a transfer. */
  caption: string;
  uri: string;
}

/** The export screen's state. Secrets reach this page only here, after the passphrase. */
export class ExportModel extends FormAction<string> {
  format = $state<ExportFormat>('tessera');
  passphrase = $state('');
  status = $state<string | null>(null);
  qrTitle = $state('');
  qrItems = $state<QrItem[]>([]);
  leftOut = $state<LeftOutAccount[]>([]);
  readonly #onError: (error: WireError) => void;

  constructor(onError: (error: WireError) => void = () => {}) {
    super();
    this.#onError = onError;
  }

  get choice(): ExportChoice {
    const all = exportChoices();
    return all.find((c) => c.value === this.format) ?? all[0]!;
  }

  /** Takes the QR codes off the screen and out of this page's memory. */
  hideCodes(): void {
    this.qrItems = [];
    this.qrTitle = '';
  }

  async submit(): Promise<void> {
    if (this.busy) return;
    this.error = null;
    this.status = null;
    this.leftOut = [];
    this.hideCodes();
    if (this.passphrase === '') {
      this.error = i18n.t('transfer.export.enterPassphrase');
      return;
    }
    await this.run(async () => {
      const answer = await request(() =>
        sendMessage('transfer.export', { passphrase: this.passphrase, format: this.format }),
      );
      // Right or wrong, the passphrase must not linger in the page.
      this.passphrase = '';
      if (!answer.ok) {
        this.#onError(answer.error);
        return exportErrorText(answer.error);
      }
      const out = answer.value;
      this.leftOut = out.leftOut;
      if (out.kind === 'file') {
        saveTextFile(out.fileName, out.mimeType, out.content);
        this.status = i18n.t('transfer.export.saved', out.count, [
          formatNumber(out.count),
          out.fileName,
        ]);
      } else if (out.kind === 'qr') {
        this.qrTitle = i18n.t('transfer.export.qrTitle');
        this.qrItems = out.codes.map((c) => ({
          caption: accountName(c.issuer, c.label),
          uri: c.uri,
        }));
        this.status = out.codes.length === 0 ? i18n.t('transfer.export.noQr') : null;
      } else {
        this.qrTitle = i18n.t('transfer.export.migrationTitle');
        this.qrItems = out.uris.map((uri, i) => ({
          caption: i18n.t('transfer.export.transferCode', [
            formatNumber(i + 1),
            formatNumber(out.uris.length),
          ]),
          uri,
        }));
        this.status =
          out.uris.length === 0
            ? i18n.t('transfer.export.noMigration')
            : i18n.t('transfer.export.migrationSummary', [
                accountsText(out.count),
                transferCodesText(out.uris.length),
              ]);
      }
      return null;
    });
  }
}
