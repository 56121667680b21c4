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

  private reading: Promise<VaultServiceState> | null = null;

  state(): Promise<VaultServiceState> {
    if (this.v.key) return Promise.resolve('unlocked');
    // One look at a time: the popup asks for its status and its list at once, and each would
    // otherwise open every record again after a service-worker restart.
    this.reading ??= this.readState().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  private async readState(): Promise<VaultServiceState> {
    // This look runs outside the queue, so a lock (idle, or the button) can come at any await
    // below, while the records are being opened too; the lock must win.
    const epoch = this.v.lockEpoch;
    const header = await this.v.store.getHeader();
    if (!header) return 'none';
    // After a service-worker restart the key is still in the session cache: stay unlocked.
    const cached = await this.v.keyCache.get();
    if (cached) {
      try {
        await this.v.load(cached, epoch);
        return 'unlocked';
      } catch {
        if (this.v.lockEpoch !== epoch) return this.v.key ? 'unlocked' : 'locked';
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
      const { key } = remote
        ? await this.reconcileRemoteSlots(header, fromBackupHeader(remote), openWith)
        : { key: await openWith(header.slots) };
      await this.v.load(key);
    });
  }

  /**
   * The one place where key slots from another profile's backup meet this profile's. Slots that
   * are not newer, or belong to another vault, change nothing. Newer ones replace ours only when
   * genuine (authenticated with this vault's master key), so the old passphrase stops working
   * here too; a forged or foreign header is ignored, so whoever can write sync storage can
   * neither lock this profile out nor let a stale secret in.
   *
   * - Unlocked (no `openWith`; the backup port, during a sync): the open key checks them.
   * - At unlock (`openWith` tries the user's passphrase or recovery key on a set of slots): the
   *   passphrase was perhaps changed in another profile while this one was locked. The old one
   *   is refused when the newer slots are genuine; the new one is accepted through them.
   *
   * Runs inside the queue. Returns the master key to open with and whether the slots changed.
   */
  async reconcileRemoteSlots(
    header: VaultHeader,
    remote: RemoteSlots,
    openWith?: OpenWith,
  ): Promise<{ key: Uint8Array; adopted: boolean }> {
    const newer = isNewerOwn(header, remote);
    if (!openWith) {
      const key = this.v.requireKey();
      if (!newer || !(await remote.genuine(key))) return { key, adopted: false };
      return { key, adopted: await this.adopt(header, remote) };
    }
    if (!newer) return { key: await openWith(header.slots), adopted: false };
    let localKey: Uint8Array | null = null;
    let localError: unknown = null;
    try {
      localKey = await openWith(header.slots);
    } catch (e) {
      localError = e;
    }
    if (localKey) {
      if (!(await remote.genuine(localKey))) return { key: localKey, adopted: false };
      try {
        await openWith(remote.slots);
      } catch {
        throw new TesseraError(
          'E_BAD_PASSPHRASE',
          'This passphrase was changed in another browser profile. Use the new passphrase or your recovery key.',
        );
      }
      return { key: localKey, adopted: await this.adopt(header, remote) };
    }
    // The local slots refused: perhaps this is the new passphrase from another profile.
    let remoteKey: Uint8Array;
    try {
      remoteKey = await openWith(remote.slots);
    } catch {
      throw localError;
    }
    if (header.vaultId !== remote.vault || !(await remote.genuine(remoteKey))) throw localError;
    return { key: remoteKey, adopted: await this.adopt(header, remote) };
  }

  private async adopt(header: VaultHeader, remote: RemoteSlots): Promise<boolean> {
    await this.v.store.putHeader({
      ...header,
      slots: [...remote.slots],
      slotsChangedAt: remote.slotsAt,
    });
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

/** Key slots another profile published with its backup. */
export interface RemoteSlots {
  slots: readonly KeySlot[];
  slotsAt: number;
  /** The backup's public vault fingerprint, when the slots come with it. */
  vault?: string;
  /** Whether a master key authenticates them as this vault's. */
  genuine(key: Uint8Array): Promise<boolean>;
}

/** A backup header read without a key: genuine once its tag verifies under the master key. */
function fromBackupHeader(remote: BackupHeader): RemoteSlots {
  return {
    slots: remote.slots,
    slotsAt: remote.slotsAt,
    vault: remote.vault,
    genuine: async (key) => {
      try {
        await verifyHeader(key, remote);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/**
 * Cheap checks before any key derivation on slots from sync: newer slots, and (once this
 * profile knows its vault id) the same vault. Their authentication needs the master key, so it
 * comes right after the first slot opens; the KDF budget caps what an unauthenticated header
 * that copies our public vault id can cost.
 */
function isNewerOwn(header: VaultHeader, remote: RemoteSlots): boolean {
  if (remote.slotsAt <= slotsAtOf(header) || remote.slots.length === 0) return false;
  return (
    header.vaultId === undefined || remote.vault === undefined || remote.vault === header.vaultId
  );
}
