import { i18n } from '#i18n';
import type { WireError } from '../../lib/core/errors';
import type { TransferPreview } from '../../lib/core/transfer/protocol';
import { IMPORT_LIMITS } from '../../lib/core/transfer/limits';
import { sendMessage } from '../../lib/messaging';
import { FormAction } from '../ui/formAction.svelte';
import { request } from '../ui/request';
import { fileToBase64 } from './fileBytes';
import { isImageFile, readQrFromImage } from './qrFromImage';
import { formatMegabytes, formatNumber } from '../ui/locale';
import { importErrorText, importResultText, transferErrorText, withSource } from './transferText';

interface PickedFile {
  /** The file's name, or the names of several QR images read together. */
  name: string;
  content: string;
  encoding: 'text' | 'base64';
}

/**
 * The import screen's state: one source (a picked or dropped file, or pasted text), the
 * password when the file turns out to be encrypted, the merge preview, and the outcome.
 * Nothing here ever holds a secret of an account: the background keeps the parsed file and
 * sends names only.
 */
export class ImportModel extends FormAction<string> {
  file = $state<PickedFile | null>(null);
  pasted = $state('');
  password = $state('');
  /** The file is encrypted: show the password field, with the background's hint. */
  passwordPrompt = $state<string | null>(null);
  preview = $state<TransferPreview | null>(null);
  /** Vault account ids whose names should take the file's (the "Update name" boxes). */
  updateNames = $state<Record<string, boolean>>({});
  result = $state<string | null>(null);
  readonly #onError: (error: WireError) => void;

  constructor(onError: (error: WireError) => void = () => {}) {
    super();
    this.#onError = onError;
  }

  get sourceName(): string {
    return this.file?.name ?? i18n.t('transfer.import.pastedText');
  }

  get chosenUpdates(): string[] {
    return Object.keys(this.updateNames).filter((id) => this.updateNames[id]);
  }

  /** What the confirm button says, or null when confirming would change nothing. */
  get confirmLabel(): string | null {
    const p = this.preview;
    if (!p) return null;
    const add = p.toAdd.length;
    if (add > 0) return i18n.t('transfer.import.confirmImport', add, [formatNumber(add)]);
    const n = this.chosenUpdates.length;
    return n > 0 ? i18n.t('transfer.import.confirmUpdate', n, [formatNumber(n)]) : null;
  }

  #resetOutcome(): void {
    this.error = null;
    this.result = null;
    this.preview = null;
    this.updateNames = {};
  }

  /**
   * A new source replaces the old one entirely, password and preview included. Several files
   * are taken together only when they are all images (the QR codes of one Google transfer);
   * otherwise the first file is the source.
   */
  async chooseFiles(files: readonly File[]): Promise<void> {
    this.#resetOutcome();
    this.pasted = '';
    this.password = '';
    this.passwordPrompt = null;
    this.file = null;
    const images = files.length > 0 && files.every(isImageFile);
    const picked = images ? await this.#readImages(files) : await this.#readFile(files[0]);
    if (!picked) return;
    this.file = picked;
    await this.runPreview();
  }

  async #readFile(file: File | undefined): Promise<PickedFile | null> {
    if (!file) return null;
    if (file.size > IMPORT_LIMITS.maxBytes) {
      const limit = formatMegabytes(IMPORT_LIMITS.maxBytes / (1024 * 1024));
      this.error = withSource(file.name, i18n.t('transfer.import.fileTooLarge', [limit]));
      return null;
    }
    try {
      return { name: file.name, content: await fileToBase64(file), encoding: 'base64' };
    } catch {
      this.error = withSource(file.name, i18n.t('transfer.import.unreadable'));
      return null;
    }
  }

  async #readImages(files: readonly File[]): Promise<PickedFile | null> {
    const texts: string[] = [];
    for (const file of files) {
      const text = await readQrFromImage(file);
      if (text === null) {
        this.error = withSource(file.name, i18n.t('transfer.import.noQrInImage'));
        return null;
      }
      texts.push(text);
    }
    return {
      name: files.map((f) => f.name).join(', '),
      content: texts.join('\n'),
      encoding: 'text',
    };
  }

  /** Typing into the paste box makes the pasted text the source. */
  pastedChanged(): void {
    if (this.file) {
      this.file = null;
      this.password = '';
      this.passwordPrompt = null;
    }
    this.#resetOutcome();
  }

  clearSource(): void {
    this.file = null;
    this.pasted = '';
    this.password = '';
    this.passwordPrompt = null;
    this.#resetOutcome();
  }

  async runPreview(): Promise<void> {
    if (this.busy) return;
    this.#resetOutcome();
    if (!this.file && this.pasted.trim() === '') {
      this.error = i18n.t('transfer.import.nothingChosen');
      return;
    }
    if (this.passwordPrompt !== null && this.password === '') {
      this.error = withSource(this.sourceName, i18n.t('transfer.import.enterPassword'));
      return;
    }
    await this.run(async () => {
      const data = {
        fileName: this.sourceName,
        ...(this.file
          ? { content: this.file.content, encoding: this.file.encoding }
          : { content: this.pasted, encoding: 'text' as const }),
        ...(this.password !== '' ? { password: this.password } : {}),
      };
      const answer = await request(() => sendMessage('transfer.preview', data));
      // Right or wrong, a password must not linger in the page.
      this.password = '';
      if (answer.ok) {
        this.preview = answer.value;
        this.passwordPrompt = null;
        return;
      }
      if (answer.error.detail?.needsPassword === true) {
        this.passwordPrompt = transferErrorText(answer.error);
        return;
      }
      this.#onError(answer.error);
      return importErrorText(answer.error, this.sourceName);
    });
  }

  async confirm(): Promise<void> {
    const preview = this.preview;
    if (!preview) return;
    await this.run(async () => {
      const answer = await request(() =>
        sendMessage('transfer.apply', {
          planId: preview.planId,
          updateNames: this.chosenUpdates,
        }),
      );
      if (!answer.ok) {
        this.#onError(answer.error);
        return importErrorText(answer.error, preview.fileName);
      }
      this.clearSource();
      this.result = importResultText(answer.value.added, answer.value.updated);
    });
  }

  cancel(): void {
    this.#resetOutcome();
  }
}
