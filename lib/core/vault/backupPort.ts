import type { KeySlot } from '../crypto';
import { TesseraError } from '../errors';
import { changedMeanwhile, recordsFingerprint, type JoinedVault } from './join';
import { openAccount, sealAccount } from './records';
import type { VaultSession } from './session';
import { slotsAtOf, type VaultState } from './state';
import type { Account, StoredRecord, VaultHeader } from './types';
import { counterFloor } from './version';

/**
 * What the backup (lib/core/backup) and the backup file need from the vault: its key and slots,
 * its sealed records, and the ways records and slots come back in. Never sent to other contexts.
 */
export class VaultBackupPort {
  constructor(
    private readonly v: VaultState,
    private readonly session: VaultSession,
  ) {}

  /** The key and slots the backup seals and publishes with. */
  async backupKeys(): Promise<{ masterKey: Uint8Array; slots: KeySlot[]; slotsAt: number }> {
    const masterKey = this.v.requireKey();
    const header = await this.v.requireHeader();
    return { masterKey, slots: header.slots, slotsAt: slotsAtOf(header) };
  }

  /** Every stored record, tombstones included, as the backup merges them. */
  async storedRecords(): Promise<StoredRecord[]> {
    this.v.requireKey();
    return this.v.store.listRecords();
  }

  /**
   * The Tessera backup file's parts, for the kit auto-save: while unlocked only, like
   * exportAccounts but without the passphrase, since nothing leaves the background unsealed.
   */
  async sealedExport(): Promise<{ slots: KeySlot[]; records: StoredRecord[] }> {
    this.v.requireKey();
    const header = await this.v.requireHeader();
    return this.v.serial(async () => {
      const { records } = await this.v.liveRecords();
      return { slots: header.slots, records };
    });
  }

  /**
   * Stores what a backup merge decided, in one transaction. The merge ran on a snapshot, so a
   * record is skipped when the vault changed that account since (a newer local version wins;
   * the next backup run merges again).
   */
  applyRemote(records: readonly StoredRecord[]): Promise<{ applied: number }> {
    return this.v.serial(async () => {
      const key = this.v.requireKey();
      const accepted: StoredRecord[] = [];
      const live = new Map<string, Account>();
      let lifted = false;
      for (const r of records) {
        const mine = this.v.accounts.get(r.id) ?? this.v.tombstones.get(r.id);
        if (mine) {
          if (r.updatedAt < mine.updatedAt) continue;
          // Same time: the merge compared against this very version; only a tombstone of ours
          // at the same time (a deletion here just now) outranks it.
          if (r.updatedAt === mine.updatedAt && this.v.tombstones.has(r.id)) continue;
        }
        if (r.deleted === 0) {
          let account: Account;
          try {
            account = await openAccount(key, r);
          } catch {
            continue;
          }
          // A later edit elsewhere (a rename) may carry a lower HOTP counter than this profile
          // reached: the merged account keeps the higher one, as a newer record of its own.
          const floor = Math.max(
            counterFloor(this.v.version, r.id) ?? 0,
            this.v.accounts.get(r.id)?.otp.counter ?? 0,
          );
          if (account.otp.type === 'hotp' && account.otp.counter < floor) {
            account = {
              ...account,
              otp: { ...account.otp, counter: floor },
              updatedAt: this.v.nextUpdatedAt(r.updatedAt),
            };
            live.set(r.id, account);
            accepted.push(await sealAccount(key, account));
            lifted = true;
            continue;
          }
          live.set(r.id, account);
        }
        accepted.push(r);
      }
      if (accepted.length === 0) return { applied: 0 };
      await this.v.store.putRecords(accepted);
      for (const r of accepted) {
        const account = live.get(r.id);
        if (account) {
          this.v.accounts.set(r.id, account);
          this.v.tombstones.delete(r.id);
        } else {
          this.v.accounts.delete(r.id);
          this.v.tombstones.set(r.id, r);
        }
      }
      await this.v.saveVersion(accepted);
      this.v.emit('merged');
      // The lifted counter is a change of ours that the backup must carry to other profiles.
      if (lifted) this.v.emit('records');
      return { applied: accepted.length };
    });
  }

  /**
   * A new profile restored from a backup: the backup's key slots become this vault's, its
   * accounts are stored, and the vault opens. The header goes first: if the browser stops in
   * between, the vault opens with the same passphrase and the next backup run brings the
   * accounts back.
   */
  adoptRestored(restored: {
    header: VaultHeader;
    masterKey: Uint8Array;
    records: readonly StoredRecord[];
    slotsAt: number;
  }): Promise<void> {
    return this.v.serial(async () => {
      const exists = new TesseraError(
        'E_VAULT_EXISTS',
        'A vault already exists in this browser profile.',
      );
      if (await this.v.store.getHeader()) throw exists;
      await this.v.setAsideLeftovers();
      const created = await this.v.store.createHeader({
        ...restored.header,
        slotsChangedAt: restored.slotsAt,
      });
      if (!created) throw exists;
      await this.v.store.putRecords([...restored.records]);
      await this.v.load(restored.masterKey);
    });
  }

  /**
   * Joining the vault in sync storage (join.ts): the joined header and records replace this
   * vault's in one store transaction, the old ones kept aside. Refused when the records changed
   * since the join read them. Passkey slots wrapped the old key and end here (`ended` drops
   * an "Add a passkey" in progress).
   */
  adoptJoined(joined: JoinedVault, ended: () => void): Promise<void> {
    return this.v.serial(async () => {
      if (recordsFingerprint(await this.v.store.listRecords()) !== joined.expected) {
        throw changedMeanwhile();
      }
      const oldKey = this.v.requireKey();
      await this.v.keyCache.clear();
      try {
        await this.v.store.replaceVault(joined.header, joined.records);
      } catch (e) {
        // Nothing was swapped: the old vault stays open as it was.
        await this.v.keyCache.set(oldKey);
        throw e;
      }
      this.v.forget();
      ended();
      await this.v.load(joined.masterKey);
      this.v.emit('slots');
    });
  }

  /**
   * Newer slots from another profile's backup (its passphrase changed), which the backup engine
   * already authenticated with the master key (verifyHeader) before handing them over; the
   * session reconciles them (VaultSession.reconcileRemoteSlots).
   */
  adoptKeySlots(slots: readonly KeySlot[], slotsAt: number): Promise<boolean> {
    return this.v.serial(async () => {
      this.v.requireKey();
      const header = await this.v.store.getHeader();
      if (!header) return false;
      const { adopted } = await this.session.reconcileRemoteSlots(header, {
        slots,
        slotsAt,
        genuine: () => Promise.resolve(true),
      });
      if (adopted) this.v.emit('slots');
      return adopted;
    });
  }
}
