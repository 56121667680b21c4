import type { WireError } from '../../lib/core/errors';
import { sendMessage } from '../../lib/messaging';
import type {
  ScanAddResult,
  ScanOutcome,
  ScanPreview,
  ScanSource,
} from '../../lib/core/scan/protocol';
import type { PopupTarget } from '../popupTarget';
import { FormAction } from '../ui/formAction.svelte';
import { request } from '../ui/request';
import { bytesToBase64, imageFileProblem } from './imageFile';

export type ScanPhase =
  | { kind: 'scanning'; source: ScanSource }
  | { kind: 'selecting' }
  | { kind: 'preview'; preview: ScanPreview }
  | { kind: 'error'; source: ScanSource; error: WireError | null; message?: string };

/**
 * The scan dialog's state: scan the tab, select an area, or read an image; then confirm. The
 * dialog only ever holds names and a scan id: the decoded secrets stay in the background.
 */
export class ScanDialogModel {
  phase = $state<ScanPhase>({ kind: 'scanning', source: 'tab' });
  /** Per preview row: whether it will be added (rows already in the vault never are). */
  chosen = $state<boolean[]>([]);
  /** Adding the chosen rows: its busy flag and the error the add reported. */
  readonly adding = new FormAction();

  /** Rows that "Add" would add now. */
  count = $derived.by(() => {
    const phase = this.phase;
    if (phase.kind !== 'preview') return 0;
    return phase.preview.accounts.filter((a, i) => !a.inVault && this.chosen[i]).length;
  });

  /** The phase to return to when the user cancels "Select area". */
  #beforeSelect: ScanPhase | null = null;

  readonly #target: PopupTarget;

  constructor(target: PopupTarget) {
    this.#target = target;
  }

  /** The tab the popup acts on: `?tab=` (pop-out window) or the active tab of its window. */
  async tabId(): Promise<number | undefined> {
    return (await this.#target.tabId) ?? undefined;
  }

  async scanTab(): Promise<void> {
    await this.#discardShown();
    this.phase = { kind: 'scanning', source: 'tab' };
    const tabId = await this.tabId();
    this.#show('tab', await request(() => sendMessage('scan.tab', { tabId })));
  }

  async selectArea(): Promise<void> {
    await this.#discardShown();
    this.#beforeSelect = this.phase;
    this.phase = { kind: 'selecting' };
    const tabId = await this.tabId();
    const result = await request(() => sendMessage('scan.area', { tabId }));
    // This popup got the answer itself: nothing should wait for the next one.
    void request(() => sendMessage('scan.pending'));
    if (!result.ok && result.error.detail?.cancelled === true) {
      this.phase = this.#beforeSelect ?? { kind: 'error', source: 'tab', error: null };
      return;
    }
    this.#show('area', result);
  }

  async cancelSelect(): Promise<void> {
    const tabId = await this.tabId();
    // The pending scan.area call then answers "cancelled", which restores the previous phase.
    await request(() => sendMessage('scan.cancelArea', { tabId }));
  }

  async scanImage(file: File): Promise<void> {
    const problem = imageFileProblem(file);
    if (problem) {
      this.phase = { kind: 'error', source: 'image', error: null, message: problem };
      return;
    }
    await this.#discardShown();
    this.phase = { kind: 'scanning', source: 'image' };
    const content = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
    this.#show(
      'image',
      await request(() => sendMessage('scan.image', { content, fileName: file.name })),
    );
  }

  /** A result that arrived while this popup was closed (see scan.pending). */
  showOutcome(outcome: ScanOutcome): void {
    this.#show('area', outcome.ok ? { ok: true, value: outcome.preview } : outcome);
  }

  async add(): Promise<ScanAddResult | null> {
    const phase = this.phase;
    if (phase.kind !== 'preview' || this.adding.busy) return null;
    const indices = phase.preview.accounts
      .map((a, i) => (!a.inVault && this.chosen[i] ? i : -1))
      .filter((i) => i >= 0);
    if (indices.length === 0) return null;
    let added: ScanAddResult | null = null;
    await this.adding.run(async () => {
      const result = await request(() =>
        sendMessage('scan.add', { scanId: phase.preview.scanId, indices }),
      );
      if (!result.ok) return result.error;
      added = result.value;
    });
    return added;
  }

  /** Closing the dialog forgets the scan in the background too (it holds secrets). */
  async close(): Promise<void> {
    if (this.phase.kind === 'selecting') await this.cancelSelect();
    await this.#discardShown();
  }

  #show(
    source: ScanSource,
    result: { ok: true; value: ScanPreview } | { ok: false; error: WireError },
  ) {
    this.adding.error = null;
    if (result.ok) {
      this.chosen = result.value.accounts.map((a) => !a.inVault);
      this.phase = { kind: 'preview', preview: result.value };
    } else {
      this.phase = { kind: 'error', source, error: result.error };
    }
  }

  async #discardShown(): Promise<void> {
    const phase = this.phase;
    if (phase.kind !== 'preview') return;
    const scanId = phase.preview.scanId;
    await request(() => sendMessage('scan.discard', { scanId }));
  }
}
