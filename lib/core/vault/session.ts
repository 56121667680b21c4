import { verifyHeader, type BackupHeader } from '../backup/format/header';
import {
  KdfBudget,
  checkNewPassphrase,
  createMasterKey,
  createPassphraseSlot,
  createRecoverySlot,
  equalBytes,
  generateRecoveryKey,
  unlockWithPassphrase,
  unlockWithRecoveryKey,
  type KeySlot,
} from '../crypto';
import { TesseraError } from '../errors';
import type { UnlockInput } from './inputs';
import { slotsAtOf, type VaultState } from './state';
import type { VaultHeader } from './types';
import { VAULT_FORMAT_VERSION } from './types';

export type VaultServiceState = 'none' | 'locked' | 'unlocked';

type OpenWith = (slots: readonly KeySlot[]) => Promise<Uint8Array>;

/**
 * The vault's lifecycle: create, unlock, lock, start over, and the passphrase and recovery-key
 * slots. Passkey slots are in passkeySession.ts. Everything that changes state runs in the
 * shared queue (state.ts).
 */
export class VaultSession {
  constructor(private readonly v: VaultState) {}

  async state(): Promise<VaultServiceState> {
    if (this.v.key) return 'unlocked';
    const header = await this.v.store.getHeader();
    if (!header) return 'none';
    // After a service-worker restart the key is still in the session cache: stay unlocked.
    const cached = await this.v.keyCache.get();
    if (cached) {
      try {
        await this.v.load(cached);
        return 'unlocked';
      } catch {
        await this.v.keyCache.clear();
      }
    }
    return 'locked';
  }

  /**
   * Account records with no vault header to open them: part of the browser's storage was
   * cleared (site data, a reinstall under a new extension origin) and the header went while
   * records stayed. No key can open them here; a new or restored vault keeps them aside.
   */
  async leftovers(): Promise<number> {
    if (this.v.key || (await this.v.store.getHeader())) return 0;
    return (await this.v.store.listRecords()).length;
  }

  /**
   * For a vault that cannot be opened (its data is damaged): it goes aside, untouched, and the
   * profile is back at its first run, where a backup can be restored or a new vault created.
   * Never while unlocked: a vault that opens is never set aside.
   */
  startOver(): Promise<void> {
    return this.v.serial(async () => {
      if (this.v.key) {
        throw new TesseraError(
          'E_VAULT_EXISTS',
          'The vault is open; there is nothing to start over.',
        );
      }
      await this.v.store.setAside();
      await this.v.keyCache.clear();
      this.v.forget();
    });
  }

  create(passphrase: string, confirm?: string): Promise<{ recoveryKey: string }> {
    return this.v.serial(async () => {
      checkNewPassphrase(passphrase, confirm ?? passphrase);
      if (await this.v.store.getHeader()) {
        throw new TesseraError('E_VAULT_EXISTS', 'A vault already exists in this browser profile.');
      }
      await this.v.setAsideLeftovers();
      const masterKey = createMasterKey();
      const recoveryKey = generateRecoveryKey();
      const slots = [
        await createPassphraseSlot(masterKey, passphrase),
        await createRecoverySlot(masterKey, recoveryKey),
      ];
      const created = await this.v.store.createHeader({
        formatVersion: VAULT_FORMAT_VERSION,
        createdAt: this.v.now(),
        slots,
        slotsChangedAt: this.v.now(),
      });
      if (!created) {
        throw new TesseraError('E_VAULT_EXISTS', 'A vault already exists in this browser profile.');
      }
      await this.v.load(masterKey);
      return { recoveryKey };
    });
  }

  /**
   * `remote` is the backup's header as found in sync storage, read without a key; see
   * reconcileRemoteSlots for what happens when it carries newer key slots.
   */
  unlock(input: UnlockInput, remote?: BackupHeader | null): Promise<void> {
    return this.v.serial(async () => {
      const header = await this.v.requireHeader();
      if (header.formatVersion !== VAULT_FORMAT_VERSION) {
        throw new TesseraError(
          'E_UNSUPPORTED_VERSION',
          'This vault was written by a newer version of Tessera. Update Tessera to open it.',
        );
      }
      // One budget for the whole unlock: local and remote slots together (kdfBudget.ts).
      const budget = new KdfBudget();
      const openWith: OpenWith = (slots) =>
        'passphrase' in input
          ? unlockWithPassphrase([...slots], input.passphrase, budget)
          : unlockWithRecoveryKey([...slots], input.recoveryKey);
      const newer = remote && isNewerOwnHeader(header, remote) ? remote : null;
      const key = newer
        ? await this.reconcileRemoteSlots(header, newer, openWith)
        : await openWith(header.slots);
      await this.v.load(key);
    });
  }

  /**
   * Key slots newer than this profile's, from another profile's backup header, at unlock (the
   * passphrase was changed there while this profile was locked). The old passphrase must stop
   * working here too: it is refused when those newer slots are genuine (authenticated with this
   * vault's key), and the new passphrase is accepted through them; genuine newer slots are
   * adopted. A forged or foreign header is ignored, so whoever can write sync storage can neither
   * lock this profile out nor let a stale secret in. Returns the master key to open.
   */
  private async reconcileRemoteSlots(
    header: VaultHeader,
    newer: BackupHeader,
    openWith: OpenWith,
  ): Promise<Uint8Array> {
    let localKey: Uint8Array | null = null;
    let localError: unknown = null;
    try {
      localKey = await openWith(header.slots);
    } catch (e) {
      localError = e;
    }
    if (localKey) {
      if (!(await isGenuine(localKey, newer))) return localKey;
      try {
        await openWith(newer.slots);
      } catch {
        throw new TesseraError(
          'E_BAD_PASSPHRASE',
          'This passphrase was changed in another browser profile. Use the new passphrase or your recovery key.',
        );
      }
      await this.adoptSlots(header, newer.slots, newer.slotsAt);
      return localKey;
    }
    // The local slots refused: perhaps this is the new passphrase from another profile.
    let remoteKey: Uint8Array;
    try {
      remoteKey = await openWith(newer.slots);
    } catch {
      throw localError;
    }
    if (header.vaultId !== newer.vault || !(await isGenuine(remoteKey, newer))) throw localError;
    await this.adoptSlots(header, newer.slots, newer.slotsAt);
    return remoteKey;
  }

  /**
   * Authenticated slots from another profile replace ours when they are newer, so the old
   * passphrase stops working here too; older or equal ones are ignored. Used at unlock (above)
   * and by the backup port when a sync brings them while unlocked.
   */
  async adoptSlots(
    header: VaultHeader,
    slots: readonly KeySlot[],
    slotsAt: number,
  ): Promise<boolean> {
    if (slotsAt <= slotsAtOf(header) || slots.length === 0) return false;
    await this.v.store.putHeader({ ...header, slots: [...slots], slotsChangedAt: slotsAt });
    return true;
  }

  /** Called by the facade, which also drops what other parts hold (a passkey grant). */
  async lock(): Promise<void> {
    this.v.forget();
    await this.v.keyCache.clear();
    this.v.emit('locked');
  }

  /**
   * Accounts whose stored record the last unlock found older than the vault version, or gone
   * (someone wrote an earlier copy into this profile's storage). Their HOTP counters were kept
   * at the highest value reached; a backup merge brings newer copies back.
   */
  rolledBack(): string[] {
    return [...this.v.rollbacks];
  }

  /** The key for platform features that wrap it (the "never lock on this device" slot). */
  masterKeyForDeviceSlot(): Uint8Array {
    return this.v.requireKey();
  }

  /**
   * Re-wraps the master key under a new passphrase. The recovery slot stays, so the recovery
   * key keeps working; the backup carries the new slots to every profile.
   */
  changePassphrase(current: string, next: string, confirm?: string): Promise<void> {
    return this.v.serial(async () => {
      const key = this.v.requireKey();
      checkNewPassphrase(next, confirm ?? next);
      const header = await this.provePassphrase(current);
      const slot = await createPassphraseSlot(key, next);
      await this.replaceSlots(header, 'passphrase', slot);
    });
  }

  /** A new recovery key (shown once by the caller); the old one stops working. */
  regenerateRecoveryKey(passphrase: string): Promise<{ recoveryKey: string }> {
    return this.v.serial(async () => {
      const key = this.v.requireKey();
      const header = await this.provePassphrase(passphrase);
      const recoveryKey = generateRecoveryKey();
      await this.replaceSlots(header, 'recovery', await createRecoverySlot(key, recoveryKey));
      return { recoveryKey };
    });
  }

  /**
   * Recovery rehearsal: does this recovery key still open this vault? Nothing is changed. The
   * caller throttles it like every other guess.
   */
  async checkRecoveryKey(recoveryKey: string): Promise<void> {
    const key = this.v.requireKey();
    const header = await this.v.requireHeader();
    const proof = await unlockWithRecoveryKey([...header.slots], String(recoveryKey));
    const same = equalBytes(proof, key);
    proof.fill(0);
    if (!same) throw new TesseraError('E_BAD_RECOVERY_KEY', 'Wrong recovery key.');
  }

  /**
   * The passphrase again, while unlocked: it must open this very master key. What lets secrets
   * leave the background (exports) and what guards slot changes (ARCHITECTURE.md, invariant 1).
   */
  async provePassphrase(passphrase: string): Promise<VaultHeader> {
    const key = this.v.requireKey();
    const header = await this.v.requireHeader();
    const proof = await unlockWithPassphrase(header.slots, String(passphrase));
    const same = equalBytes(proof, key);
    proof.fill(0);
    if (!same) throw new TesseraError('E_BAD_PASSPHRASE', 'Wrong passphrase.');
    return header;
  }

  private async replaceSlots(
    header: VaultHeader,
    kind: KeySlot['kind'],
    slot: KeySlot,
  ): Promise<void> {
    const slots = [...header.slots.filter((s) => s.kind !== kind), slot];
    const slotsChangedAt = Math.max(this.v.now(), slotsAtOf(header) + 1);
    await this.v.store.putHeader({ ...header, slots, slotsChangedAt });
    this.v.emit('slots');
  }
}

async function isGenuine(key: Uint8Array, remote: BackupHeader): Promise<boolean> {
  try {
    await verifyHeader(key, remote);
    return true;
  } catch {
    return false;
  }
}

/**
 * Cheap checks before any key derivation on a header from sync: newer slots, and (once this
 * profile knows its vault id) the same vault. Its authentication needs the master key, so it
 * comes right after the first slot opens; the KDF budget caps what an unauthenticated header
 * that copies our public vault id can cost.
 */
function isNewerOwnHeader(header: VaultHeader, remote: BackupHeader): boolean {
  if (remote.slotsAt <= slotsAtOf(header)) return false;
  return header.vaultId === undefined || remote.vault === header.vaultId;
}
