import Dexie, { type Table } from 'dexie';
import type { StoredRecord, VaultHeader, VaultStore } from '../core/vault/types';

export interface MetaRow {
  key: string;
  value: unknown;
}

/**
 * Schema history. Each entry is a released schema; never edit one, only append a new version
 * (with an upgrade function when data must move). tests/e2e/db-migration.spec.ts opens a
 * database written by every earlier version.
 */
export const SCHEMA_VERSIONS: ReadonlyArray<{ version: number; stores: Record<string, string> }> = [
  { version: 1, stores: { meta: 'key', accounts: 'id, updatedAt' } },
];

export class TesseraDb extends Dexie {
  meta!: Table<MetaRow, string>;
  accounts!: Table<StoredRecord, string>;

  constructor(name = 'tessera') {
    // Strict durability: a stored HOTP counter or a new account must survive a crash right after.
    super(name, { chromeTransactionDurability: 'strict' });
    for (const { version, stores } of SCHEMA_VERSIONS) this.version(version).stores(stores);
  }
}

const HEADER_KEY = 'vault';

/** The vault's records in IndexedDB; every change is one transaction. */
export class DexieVaultStore implements VaultStore {
  constructor(private readonly db: TesseraDb) {}

  async getHeader(): Promise<VaultHeader | undefined> {
    const row = await this.db.meta.get(HEADER_KEY);
    return row?.value as VaultHeader | undefined;
  }

  createHeader(header: VaultHeader): Promise<boolean> {
    return this.db.transaction('rw', this.db.meta, async () => {
      if (await this.db.meta.get(HEADER_KEY)) return false;
      await this.db.meta.put({ key: HEADER_KEY, value: header });
      return true;
    });
  }

  async putHeader(header: VaultHeader): Promise<void> {
    await this.db.meta.put({ key: HEADER_KEY, value: header });
  }

  listRecords(): Promise<StoredRecord[]> {
    return this.db.accounts.toArray();
  }

  async putRecords(records: StoredRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.db.transaction('rw', this.db.accounts, async () => {
      await this.db.accounts.bulkPut(records);
    });
  }

  /**
   * Copies the header and records into a database of their own (`tessera-aside-<time>`), and
   * only then empties the vault's tables. Nothing reads the copy; it is there so that no data
   * is ever deleted by Tessera, and a later version or a person with the old key can use it.
   */
  async setAside(): Promise<number> {
    const [header, records] = await Promise.all([this.getHeader(), this.listRecords()]);
    if (!header && records.length === 0) return 0;
    await this.copyAside(header, records);
    await this.db.transaction('rw', this.db.meta, this.db.accounts, async () => {
      await this.db.accounts.clear();
      await this.db.meta.delete(HEADER_KEY);
    });
    return records.length;
  }

  /**
   * Join: the old vault is copied aside first (an extra copy is harmless), then the header and
   * every record are swapped in one transaction: IndexedDB commits all of it or none.
   */
  async replaceVault(header: VaultHeader, records: StoredRecord[]): Promise<void> {
    const [old, oldRecords] = await Promise.all([this.getHeader(), this.listRecords()]);
    if (old || oldRecords.length > 0) await this.copyAside(old, oldRecords);
    await this.db.transaction('rw', this.db.meta, this.db.accounts, async () => {
      await this.db.accounts.clear();
      await this.db.accounts.bulkPut(records);
      await this.db.meta.put({ key: HEADER_KEY, value: header });
    });
  }

  private async copyAside(header: VaultHeader | undefined, records: StoredRecord[]): Promise<void> {
    const aside = new Dexie(`${ASIDE_PREFIX}${Date.now()}`, {
      chromeTransactionDurability: 'strict',
    });
    aside.version(1).stores(SCHEMA_VERSIONS[0]!.stores);
    try {
      await aside.transaction('rw', aside.table('meta'), aside.table('accounts'), async () => {
        if (header) await aside.table('meta').put({ key: HEADER_KEY, value: header });
        await aside.table('accounts').bulkPut(records);
      });
    } finally {
      aside.close();
    }
  }
}

/** Databases holding data set aside (see DexieVaultStore.setAside). */
export const ASIDE_PREFIX = 'tessera-aside-';
