import { i18n } from '#i18n';
import template from 'virtual:tessera-kit';
import type { WireError } from '../../lib/core/errors';
import { kitFileName, writeKitHtml } from '../../lib/core/kit/kitFile';
import { sendMessage } from '../../lib/messaging';
import { kitStrings } from '../../lib/platform/kitStrings';
import { request } from '../ui/request';
import { FormAction } from '../ui/formAction.svelte';
import { saveTextFile } from './download';
import { exportErrorText } from './transferText';

/**
 * Settings → Emergency kit. The vault leaves the background the way the Tessera backup file
 * does (transfer.export, which re-checks the passphrase under the shared guess throttle), still
 * sealed; this page only wraps it with the decryptor bundled at build time.
 */
export class KitModel extends FormAction<string> {
  expanded = $state(false);
  passphrase = $state('');
  status = $state<string | null>(null);
  readonly #onError: (error: WireError) => void;

  constructor(onError: (error: WireError) => void = () => {}) {
    super();
    this.#onError = onError;
  }

  /**
   * `plainExport` is false when the admin policy forbids plain-text export: the kit is still
   * allowed (it is encrypted, like the backup file), but without its "save otpauth:// list".
   */
  async download(plainExport: boolean): Promise<void> {
    if (this.busy) return;
    this.error = null;
    this.status = null;
    if (this.passphrase === '') {
      this.error = i18n.t('transfer.export.enterPassphrase');
      return;
    }
    await this.run(async () => {
      const answer = await request(() =>
        sendMessage('transfer.export', { passphrase: this.passphrase, format: 'tessera' }),
      );
      this.passphrase = '';
      if (!answer.ok) {
        this.#onError(answer.error);
        return exportErrorText(answer.error);
      }
      if (answer.value.kind !== 'file') return null;
      const now = Date.now();
      const html = writeKitHtml(template, {
        backup: answer.value.content,
        strings: kitStrings(now),
        plainExport,
      });
      const fileName = kitFileName(now);
      saveTextFile(fileName, 'text/html', html);
      this.status = i18n.t('transfer.kit.saved', [fileName]);
      return null;
    });
  }
}
