import type {
  KeyCache,
  StoredRecord,
  VaultHeader,
  VaultStore,
} from '../../../lib/core/vault/types';

/** In-memory stand-ins for IndexedDB and storage.session, for testing the pure service. */
export class MemoryStore implements VaultStore {
  header: VaultHeader | undefined;
  records = new Map<string, StoredRecord>();
  failNextPut = false;

  async getHeader() {
    return this.header ? structuredClone(this.header) : undefined;
  }
  async createHeader(h: VaultHeader) {
    if (this.header) return false;
    this.header = structuredClone(h);
    return true;
  }
  async putHeader(h: VaultHeader) {
    this.header = structuredClone(h);
  }
  async listRecords() {
    return [...this.records.values()].map((r) => structuredClone(r));
  }
  async putRecords(rs: StoredRecord[]) {
    if (this.failNextPut) {
      this.failNextPut = false;
      throw new Error('disk full');
    }
    for (const r of rs) this.records.set(r.id, structuredClone(r));
  }
  /** What setAside moved, oldest first. */
  aside: { header: VaultHeader | undefined; records: StoredRecord[] }[] = [];
  async setAside() {
    const records = await this.listRecords();
    this.aside.push({ header: await this.getHeader(), records });
    this.records.clear();
    this.header = undefined;
    return records.length;
  }
  /** Fails the next replaceVault before anything changes (an interrupted transaction). */
  failNextReplace = false;
  async replaceVault(h: VaultHeader, rs: StoredRecord[]) {
    this.aside.push({ header: await this.getHeader(), records: await this.listRecords() });
    if (this.failNextReplace) {
      this.failNextReplace = false;
      throw new Error('transaction aborted');
    }
    this.header = structuredClone(h);
    this.records = new Map(rs.map((r) => [r.id, structuredClone(r)]));
  }
  snapshot(): string {
    return JSON.stringify({ h: this.header, r: [...this.records.entries()] });
  }
}

export class MemoryKeyCache implements KeyCache {
  key: Uint8Array | null = null;
  async get() {
    return this.key;
  }
  async set(k: Uint8Array) {
    this.key = k;
  }
  async clear() {
    this.key = null;
  }
}
