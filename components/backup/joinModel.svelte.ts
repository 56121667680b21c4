import type { WireError } from '../../lib/core/errors';
import type { JoinOffer } from '../../lib/core/vault/join';
import { sendMessage, type UnlockInput } from '../../lib/messaging';
import { request } from '../ui/request';

/** "Join the vault in your browser's sync", and replacing that backup (only once offered). */
export class JoinModel {
  offer = $state<JoinOffer | null>(null);
  /** Accounts in the vault after a join, for the sentence that confirms it. */
  joined = $state<number | null>(null);
  replaced = $state(false);

  async refresh(): Promise<void> {
    const result = await request(() => sendMessage('backup.joinOffer'));
    if (result.ok) this.offer = result.value;
  }

  async join(input: UnlockInput): Promise<WireError | null> {
    const result = await request(() => sendMessage('backup.join', input));
    if (!result.ok) return result.error;
    this.joined = result.value.accounts;
    await this.refresh();
    return null;
  }

  async replace(proof: UnlockInput | { typed: string }): Promise<WireError | null> {
    const result = await request(() => sendMessage('backup.replace', proof));
    if (!result.ok) return result.error;
    this.replaced = true;
    await this.refresh();
    return null;
  }
}
